import { dirname, join, normalize, relative, sep } from "node:path";

/** `from "x"`, `import "x"`, `import("x")` and `require("x")`: every way a module names another. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** Every module specifier `text` names, relative or not. Pure. */
export function specifiers(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => m[1] ?? "");
}

/**
 * The repository paths (from the root, "/"-separated) that the relative imports of `file` reach. Pure.
 *
 * @example
 * relativeImports("sim/nested/x.ts", 'import { a } from "../../core/ids.ts";') // ["core/ids.ts"]
 */
export function relativeImports(file: string, text: string): string[] {
  return specifiers(text)
    .filter((spec) => spec.startsWith("."))
    .map((spec) =>
      relative(".", normalize(join(dirname(file), spec)))
        .split(sep)
        .join("/"),
    );
}

/** Whether `path` ("/"-separated, from the root) is `folder` or lies under it. Pure. */
export function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}
