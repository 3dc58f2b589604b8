/**
 * Resolves after `ms` milliseconds. The global timer, not node:timers/promises: loading that module is a cost
 * every agent process would pay at start, used or not (bench/RESULTS.md, issue 26).
 *
 * @example
 * await sleepFor(250);
 */
export const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
