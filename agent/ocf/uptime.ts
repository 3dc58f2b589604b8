/**
 * Milliseconds since this process started, for the agents' log line. Not `performance.now()`: the first read of
 * the `performance` global loads perf_hooks and eight internal modules, a cost every recurring monitor paid.
 *
 * @example
 * const t0 = sinceStart(); …; `${(sinceStart() - t0).toFixed(0)} ms`
 */
export const sinceStart = (): number => process.uptime() * 1000;
