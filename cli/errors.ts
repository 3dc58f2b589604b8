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

/**
 * The real account could not be reached before anything was looked at: no credentials, or no Region. The
 * command exits 1 with this one line and describes no cluster.
 *
 * @example
 * throw new NoAccount("no AWS credentials found (…); nothing was looked at");
 */
export class NoAccount extends Error {
  override readonly name = "NoAccount";
}
