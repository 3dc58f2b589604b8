import { DEFAULT_LAG_BOUND_MS } from "../core/index.ts";
import {
  CONFIG_CACHE_SECONDS,
  DECISIONS_QUEUE,
  DEFAULT_ALARM_PREFIX,
  DEFAULT_CONFIG_PREFIX,
} from "./constants.ts";

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

/**
 * A whole number of at least 0 from the environment; unset or empty gives `fallback`. Anything else throws at
 * cold start, naming the variable and the value, as {@link flagFrom} does: `CONFIG_CACHE_SECONDS=30s` must not
 * quietly become the default.
 *
 * @example
 * numberFrom("CONFIG_CACHE_SECONDS", "0", 30) // 0
 */
export function numberFrom(name: string, value: string | undefined, fallback: number): number {
  const v = (value ?? "").trim();
  if (v === "") return fallback;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
    throw new Error(`${name}='${value}' is not a whole number: use digits only, e.g. ${fallback}`);
  return Number(v);
}

/** Everything the deployed controller reads from its environment, read once at cold start. */
export interface Settings {
  /** Where the cluster documents live in Parameter Store (ends with "/"). */
  readonly configPrefix: string;
  /** How long one container trusts its copy of the cluster documents. */
  readonly configCacheMs: number;
  readonly dryRun: boolean;
  /** Every CloudWatch alarm under this name prefix is the controller's to create, correct and delete. */
  readonly alarmPrefix: string;
  /** Where a decision that waits out a grace window is sent back; undefined outside the deployment. */
  readonly decisionsQueueUrl?: string;
  /** The decisions queue's MaximumConcurrency: how many containers share EC2's refill (≥ 1). */
  readonly decisionConcurrency: number;
  /**
   * LAG_BOUND_MS: the longest an EC2 read may lag a change, ms (core's DEFAULT_LAG_BOUND_MS, 3000, when unset):
   * a read that contradicts what the controller knows is read again after it; 0 takes every read as exact.
   */
  readonly lagBoundMs: number;
}

/**
 * The one reader of the controller's environment. Throws on the first bad value, naming the variable.
 *
 * @example
 * const settings = readSettings(process.env);
 */
export function readSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  return {
    configPrefix: env.CONFIG_PREFIX || DEFAULT_CONFIG_PREFIX,
    configCacheMs: numberFrom("CONFIG_CACHE_SECONDS", env.CONFIG_CACHE_SECONDS, CONFIG_CACHE_SECONDS) * 1000,
    dryRun: flagFrom("DRY_RUN", env.DRY_RUN),
    alarmPrefix: env.ALARM_PREFIX || DEFAULT_ALARM_PREFIX,
    ...(env.DECISIONS_QUEUE_URL ? { decisionsQueueUrl: env.DECISIONS_QUEUE_URL } : {}),
    decisionConcurrency: atLeastOne(
      "DECISION_CONCURRENCY",
      numberFrom("DECISION_CONCURRENCY", env.DECISION_CONCURRENCY, DECISIONS_QUEUE.concurrency),
    ),
    lagBoundMs: numberFrom("LAG_BOUND_MS", env.LAG_BOUND_MS, DEFAULT_LAG_BOUND_MS),
  };
}

function atLeastOne(name: string, n: number): number {
  if (n < 1) throw new Error(`${name}='${n}' is not valid: at least 1 container must decide`);
  return n;
}
