/** OCF exit codes, by name, as the Resource Agent API defines them. */
export const OcfExit = {
  SUCCESS: 0,
  ERR_GENERIC: 1,
  ERR_ARGS: 2,
  ERR_UNIMPLEMENTED: 3,
  ERR_PERM: 4,
  ERR_INSTALLED: 5,
  ERR_CONFIGURED: 6,
  NOT_RUNNING: 7,
} as const;
export type OcfExit = (typeof OcfExit)[keyof typeof OcfExit];

/** What an action answers: a code, and for every non-zero code the one-line reason Pacemaker shows. */
export type Outcome =
  | { readonly code: typeof OcfExit.SUCCESS; readonly note: string }
  | { readonly code: typeof OcfExit.NOT_RUNNING; readonly note: string }
  | { readonly code: Exclude<OcfExit, 0 | 7>; readonly reason: string };

/** Success (0), with what the action found or did, for the log line. */
export const ok = (note: string): Outcome => ({ code: OcfExit.SUCCESS, note });
/** Cleanly not running here (7): only monitor/status may answer it, and only when certain. */
export const notRunning = (note: string): Outcome => ({ code: OcfExit.NOT_RUNNING, note });
/** A failure with the one-line reason printed after OCF_EXIT_REASON_PREFIX. */
export const fail = (code: Exclude<OcfExit, 0 | 7>, reason: string): Outcome => ({ code, reason });
