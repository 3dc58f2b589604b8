import { join } from "node:path";
import { ROOT } from "../harness/index.ts";
import { withDirLock } from "./dir-lock.ts";

// sls package writes the esbuild bundle to one work folder per service (.esbuild/ in the project), so two
// packagings at the same time (the embedded stack's cache, the template tests) would overwrite each other's.
const LOCK = join(ROOT, ".tmp/sls-package.lock");

/**
 * Runs `work` holding the project's `sls package` lock; waits up to 150 s for another holder.
 *
 * @example
 * await withSlsLock(() => runSls(["package", "--package", dir]));
 */
export const withSlsLock = <T>(work: () => Promise<T>): Promise<T> => withDirLock(LOCK, work);
