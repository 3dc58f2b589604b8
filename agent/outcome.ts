import { ConfigurationError, ConflictError, PermissionError, TransientError } from "../core/errors.ts";
import { IdentityError, ParameterError } from "./errors.ts";
import { fail, OcfExit, type Outcome } from "./exit.ts";

/** EC2 codes about this node's own instance, interface or private IP rather than the shared address. */
const LOCAL_CODES =
  /^(InvalidNetworkInterfaceID|InvalidInstanceID|InvalidParameterValue$|InvalidParameterCombination$|InvalidIPAddress)/;

/**
 * EC2 codes that say the input is wrong. Any other 4xx (a code EC2 adds later, or a rare one) is not proven
 * to be the configuration's fault: it earns 1, so Pacemaker recovers (on another node if need be), not 6,
 * which stops the resource on every node until a person cleans it up.
 */
const INPUT_CODES = /^(Invalid|Missing)/;

/**
 * The one place where failures become OCF exit codes. Configuration problems that hold everywhere are 6
 * (Pacemaker stops trying anywhere); ones about this node's own interface or instance are 2 (try elsewhere).
 */
export function outcomeOf(error: unknown): Outcome {
  if (error instanceof ParameterError) return fail(error.code, error.message);
  if (error instanceof ConfigurationError) {
    const code = error.context.code;
    if (code && !INPUT_CODES.test(code)) return fail(OcfExit.ERR_GENERIC, error.message);
    const local = LOCAL_CODES.test(code ?? "");
    return fail(local ? OcfExit.ERR_ARGS : OcfExit.ERR_CONFIGURED, error.message);
  }
  if (error instanceof PermissionError) return fail(OcfExit.ERR_PERM, error.message);
  if (error instanceof TransientError || error instanceof IdentityError || error instanceof ConflictError)
    return fail(OcfExit.ERR_GENERIC, error.message);
  return fail(OcfExit.ERR_GENERIC, `unexpected: ${error instanceof Error ? error.message : String(error)}`);
}
