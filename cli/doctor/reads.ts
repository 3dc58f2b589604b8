import type { Read, Unread } from "./check-ids.ts";

/**
 * Runs one read of the doctor's: its answer, or, when it fails, `fallback` and the reason recorded in `unread`
 * under `read` (`DescribeAddresses failed: …`), so only the checks that need it become unknown.
 *
 * @example
 * const addresses = await tryRead(unread, "addresses", "DescribeAddresses", [], () => describe());
 */
export async function tryRead<T>(
  unread: Unread,
  read: Read,
  call: string,
  fallback: T,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    unread[read] ??= `${call} failed (${why})`;
    return fallback;
  }
}
