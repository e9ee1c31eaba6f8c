/**
 * A progress bar on a terminal's stderr, for imports and exports that take more than a
 * moment: it appears only after SHOW_AFTER_MS and redraws at most every REDRAW_MS.
 * Wall time here only paces the drawing; no ledger logic depends on it.
 */
const SHOW_AFTER_MS = 400;
const REDRAW_MS = 80;
const WIDTH = 30;

export interface ProgressBar {
  update(done: number, total: number): void;
  /** Clears the bar's line, if it was drawn. */
  finish(): void;
}

const silent: ProgressBar = { update: () => {}, finish: () => {} };

export function progressBar(tty: NodeJS.WritableStream | null, label: string, now = () => performance.now()): ProgressBar {
  if (!tty) return silent;
  const started = now();
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - started < SHOW_AFTER_MS || (t - drawnAt < REDRAW_MS && done < total) || total <= 0) return;
      drawnAt = t;
      drawn = true;
      const ratio = Math.min(1, done / total);
      const filled = Math.round(ratio * WIDTH);
      tty.write(`\r${label} [${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}] ${Math.round(ratio * 100)}% ${done}/${total}`);
    },
    finish() {
      if (drawn) tty.write("\r\x1b[2K");
    },
  };
}
