/** A progress sink; the no-op one is used when the bar is off. */
export interface Progress {
  /** Starts the clock (the bar's seconds count from here) and draws 0/total. */
  start(): void;
  update(done: number, note?: string): void;
  finish(): void;
}

/**
 * One bar line: "[#######.............]  35% 350/1000  12.3 s  moved 340". Pure.
 *
 * @example
 * progressLine(5, 10, 2_000, 20) // "[##########..........]  50% 5/10  2.0 s"
 */
export function progressLine(done: number, total: number, elapsedMs: number, width = 30, note = ""): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(ratio * width);
  const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
  const pct = `${Math.floor(ratio * 100)}`.padStart(3);
  const tail = note ? `  ${note}` : "";
  return `${bar} ${pct}% ${done}/${total}  ${(elapsedMs / 1000).toFixed(1)} s${tail}`;
}

/** True when the bar should be drawn: asked for, a long scenario, or stderr is a terminal. */
export function wantsProgress(asked: boolean, longScenario: boolean, isTty: boolean): boolean {
  return asked || longScenario || isTty;
}

export const silentProgress: Progress = { start() {}, update() {}, finish() {} };

/**
 * A bar on `stream` (stderr), redrawn in place on a terminal and at most every `everyMs` otherwise, so logs
 * of CI runs stay short.
 */
export function createProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  clock: () => number = Date.now,
  everyMs = 5_000,
): Progress {
  let t0 = clock();
  let last = Number.NEGATIVE_INFINITY;
  let line = "";
  const draw = () => {
    if (stream.isTTY) stream.write(`\r${line}\u001b[K`);
    else stream.write(`${line}\n`);
  };
  return {
    start() {
      t0 = clock();
      last = Number.NEGATIVE_INFINITY;
      this.update(0);
    },
    update(done, note = "") {
      line = progressLine(done, total, clock() - t0, 30, note);
      const now = clock();
      if (stream.isTTY || now - last >= everyMs || done >= total) {
        last = now;
        draw();
      }
    },
    finish() {
      if (stream.isTTY && line) stream.write("\n");
    },
  };
}
