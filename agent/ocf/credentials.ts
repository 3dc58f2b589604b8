// Covered by test/integration/reliability/security.test.ts (no credentials inside the deadline: one clear line, exit 1).
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { Deadline } from "../../core/deadline.ts";
import { ErrorReasons, TransientError } from "../../core/errors.ts";

/** The failure to find keys, said one way whoever looked (the SDK's chain, or ./keys.ts's). */
export function noCredentials(error: unknown): TransientError {
  const why = error instanceof Error ? error.message : String(error);
  return new TransientError(
    `no credentials: ${why} (the agent uses the instance role over IMDSv2, or the SDK's standard variables)`,
    { action: "credentials" },
    { reason: ErrorReasons.unavailable, cause: error },
  );
}

/**
 * Resolves the client's credentials (on a node: the instance role, over IMDSv2) once, before the first call,
 * and inside the deadline. The per-attempt abort signal of the EC2 calls does not reach the SDK's credential
 * provider, so left to the first call this lookup could outlive the operation's timeout. The SDK memoizes
 * the answer, so the calls that follow pay nothing.
 *
 * @throws TransientError (reason `unavailable`) naming why no credentials came.
 */
export async function resolveCredentials(ec2: EC2Client, deadline: Deadline): Promise<void> {
  const provider = ec2.config.credentials;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${deadline.remaining()} ms (the operation's deadline)`)),
      deadline.remaining(),
    );
  });
  try {
    await Promise.race([provider(), late]);
  } catch (error) {
    throw noCredentials(error);
  } finally {
    clearTimeout(timer);
  }
}
