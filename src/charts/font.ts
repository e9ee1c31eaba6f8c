/**
 * Chinese labels need a CJK font on the server (Debian: fonts-noto-cjk). Without one,
 * librsvg draws every Chinese character of a chart image as a box. Fontconfig, which both
 * librsvg and Chromium use, is asked which installed fonts cover Chinese.
 */
import { execFile } from "node:child_process";

/** The families of the installed fonts that cover Chinese; empty when none does, null when fontconfig cannot be asked. */
export function chineseFonts(): Promise<string[] | null> {
  return new Promise((resolve) => {
    execFile("fc-list", [":lang=zh", "family"], { timeout: 5000 }, (err, stdout) => {
      if (err) return resolve(null);
      const families = stdout.split("\n").flatMap((line) => line.split(",")).map((f) => f.trim()).filter(Boolean);
      resolve([...new Set(families)].sort());
    });
  });
}
