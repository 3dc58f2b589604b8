import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Script and config files a repository scan looks at: TypeScript, JavaScript, shell, YAML, JSON. */
export const SOURCE_FILE = /\.([cm]?[tj]s|sh|ya?ml|json)$/;

/**
 * Every file under `dir` (recursively) whose name matches `pattern`; none when `dir` does not exist.
 *
 * @example
 * sourceFiles("sim", /\.ts$/) // ["sim/clients.ts", "sim/constants.ts", …]
 */
export function sourceFiles(dir: string, pattern: RegExp = SOURCE_FILE): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}
