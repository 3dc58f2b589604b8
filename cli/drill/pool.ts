/**
 * Runs `work` over `items` with at most `concurrency` in flight, as Lambda runs concurrent invocations.
 * Results keep the items' order; `work` is expected not to throw (wrap failures into values).
 *
 * @example
 * const reports = await runPool(events, 100, (e) => controller.invoke(e));
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
