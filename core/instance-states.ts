/**
 * Instance states, and the named sets of them the product decides by. One definition: the controller's
 * events, fencing and decisions, the drill's summary and the sim's event printer all import these.
 */

/** Every instance state, as EC2 names them. */
export const InstanceStates = [
  "pending",
  "running",
  "shutting-down",
  "terminated",
  "stopping",
  "stopped",
] as const;
export type InstanceState = (typeof InstanceStates)[number];

/**
 * The instance is down or on its way down: a state-change into one of these is a failure, a stop is confirmed
 * by one of these, and an instance in one of these needs no fencing.
 */
export const DOWN_STATES = ["stopping", "stopped", "shutting-down", "terminated"] as const;
export type DownState = (typeof DOWN_STATES)[number];

/**
 * The instance's network interfaces go away, so EC2 itself detaches its Elastic IPs (a subset of
 * {@link DOWN_STATES}; a stopped instance keeps its addresses).
 */
export const DETACHING_STATES = ["shutting-down", "terminated"] as const satisfies readonly DownState[];
export type DetachingState = (typeof DETACHING_STATES)[number];

/**
 * True when `state` is one of {@link DOWN_STATES}. Takes any string, since events and answers carry states
 * unchecked; undefined is not down.
 *
 * @example
 * isDown("stopping") // true
 * isDown("running") // false
 */
export function isDown(state: string | undefined): state is DownState {
  // Stryker disable next-line StringLiteral: no instance state is named like any filler, so it reads as "" does
  return (DOWN_STATES as readonly string[]).includes(state ?? "");
}

/**
 * True when `state` is one of {@link DETACHING_STATES}: EC2 took the instance's addresses away with it.
 *
 * @example
 * detachesAddresses("terminated") // true
 * detachesAddresses("stopped") // false
 */
export function detachesAddresses(state: string | undefined): state is DetachingState {
  // Stryker disable next-line StringLiteral: no instance state is named like any filler, so it reads as "" does
  return (DETACHING_STATES as readonly string[]).includes(state ?? "");
}
