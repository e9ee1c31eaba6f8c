import { expect, it } from "vitest";
import { progressBar } from "../../src/cli/progress";

function terminal() {
  const written: string[] = [];
  return { tty: { write: (s: string) => void written.push(s) } as unknown as NodeJS.WritableStream, written };
}

it("draws nothing for an import that is over in a moment", () => {
  const { tty, written } = terminal();
  let t = 0;
  const bar = progressBar(tty, "写入", () => t);
  t = 100;
  bar.update(10, 10);
  bar.finish();
  expect(written).toEqual([]);
});

it("draws a bar once the work takes longer, and clears it at the end", () => {
  const { tty, written } = terminal();
  let t = 0;
  const bar = progressBar(tty, "写入", () => t);
  t = 500;
  bar.update(2_500, 10_000);
  t = 520;
  bar.update(2_600, 10_000);
  t = 1_000;
  bar.update(10_000, 10_000);
  bar.finish();
  expect(written).toEqual([
    `\r写入 [${"█".repeat(8)}${"░".repeat(22)}] 25% 2500/10000`,
    `\r写入 [${"█".repeat(30)}] 100% 10000/10000`,
    "\r\x1b[2K",
  ]);
});

it("draws nothing where stderr is not a terminal", () => {
  const bar = progressBar(null, "写入");
  expect(() => {
    bar.update(1, 2);
    bar.finish();
  }).not.toThrow();
});
