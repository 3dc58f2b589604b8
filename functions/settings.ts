const TRUE = ["true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off", ""];

/**
 * A yes/no setting from the environment. Anything unrecognised throws at cold start, naming the value: a
 * drill deployed with `DRY_RUN=TRUE` or `DRY_RUN=y` must not quietly make real moves.
 *
 * @example
 * flagFrom("DRY_RUN", process.env.DRY_RUN) // undefined → false
 */
export function flagFrom(name: string, value: string | undefined): boolean {
  const v = (value ?? "").trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new Error(
    `${name}='${value}' is not a yes/no value: use one of ${[...TRUE, ...FALSE.slice(0, -1)].join(", ")}`,
  );
}
