/**
 * Files duban reads from its own checkout (migrations, the web chat's page) are found
 * from the project root, not from the module asking: the same code runs from src/ under
 * tsx and from one bundle in dist/.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "duban") return dir;
    if (dirname(dir) === dir) throw new Error(`no duban package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts);
