/**
 * `text.split(separator)`, typed as what it always is: at least one part (the whole text when the separator is
 * absent), so the first part needs no filler.
 *
 * @example
 * split("10.0.0.0/16", "/") // ["10.0.0.0", "16"]
 */
export function split(text: string, separator: string): [string, ...string[]] {
  return text.split(separator) as [string, ...string[]];
}
