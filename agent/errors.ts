import { OcfExit } from "./exit.ts";

// The agent's own failure kinds, beside the core's (configuration, permission, transient, conflict).
// outcome.ts maps every kind to its OCF exit code in one place.

/** A parameter problem found without any network call, with the exit code it earns (6, or 2 for Pacemaker's own arguments). */
export class ParameterError extends Error {
  override readonly name = "ParameterError";
  constructor(
    message: string,
    readonly code: typeof OcfExit.ERR_CONFIGURED | typeof OcfExit.ERR_ARGS = OcfExit.ERR_CONFIGURED,
  ) {
    super(message);
  }
}

/** IMDS did not answer as IMDSv2 should (refused token, HTTP error, timeout, connection failure). */
export class ImdsError extends Error {
  override readonly name = "ImdsError";
}

/** IMDS could not tell us who we are (down, slow, or refusing tokens). Transient from the agent's view: exit 1. */
export class IdentityError extends Error {
  override readonly name = "IdentityError";
}
