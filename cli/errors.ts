/**
 * A bad command line: the message names the flag, the value and what would be valid. Every subcommand
 * answers it with exit code 2 and its usage.
 *
 * @example
 * throw new UsageError("--scenario 'meteor' is not valid (valid: instance-stop, …)");
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
