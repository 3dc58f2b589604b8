// Covered by test/unit/agent/ocf/parameters.test.ts.

/**
 * One parameter of an agent's declarative table. Meta-data XML, OCF_RESKEY_* parsing and usage are all generated
 * from the table (ocf/meta-data.ts, ocf/config.ts), so they cannot drift apart.
 */
export interface ParameterSpec {
  readonly name: string;
  readonly shortdesc: string;
  readonly longdesc: string;
  /** true: part of the resource's identity (Pacemaker restarts the resource when it changes). */
  readonly unique: boolean;
  /** The syntax a value must have; checked without any network call. */
  readonly pattern: RegExp;
  /** What a valid value looks like, for error messages. */
  readonly example: string;
  /** The meta-data content type; undefined: string. */
  readonly type?: "string" | "boolean";
  /** The meta-data default; undefined: none (""). */
  readonly default?: string;
}

/** The words a boolean parameter takes (monapi), as Pacemaker's shell agents accept them. */
export const BOOLEAN_WORD = /^(true|false|yes|no|on|off|1|0)$/i;
/** api_lag's default in seconds: above the 3 s that awseip sleeps after every change (its api_delay). */
export const DEFAULT_API_LAG_S = 5;

/**
 * The api_lag parameter of both agents (the lag bound, see lag.ts); `longdesc` says what the agent does with it.
 * Up to 99.999 s, so a confirmation always fits inside an operation timeout an operator can give.
 */
export const apiLagParameter = <L extends string>(longdesc: L) =>
  ({
    name: "api_lag",
    shortdesc: "How late EC2 and IMDS may show a change (seconds)",
    longdesc,
    unique: false,
    pattern: /^\d{1,2}(\.\d{1,3})?$/,
    example: String(DEFAULT_API_LAG_S),
    default: String(DEFAULT_API_LAG_S),
  }) as const;

/** The region parameter of both agents; `what` names the agent's resources ("the Elastic IP", "the route tables"). */
export const regionParameter = (what: string) =>
  ({
    name: "region",
    shortdesc: "AWS Region",
    longdesc: `The Region of ${what}. Default: AWS_REGION, else this instance's Region from IMDSv2.`,
    unique: false,
    pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/,
    example: "ap-northeast-1",
  }) as const;

/** The monapi parameter of both agents (a recurring monitor asks EC2 too); the descriptions say what it reads. */
export const monapiParameter = <L extends string>(shortdesc: string, longdesc: L) =>
  ({
    name: "monapi",
    shortdesc,
    longdesc,
    unique: false,
    pattern: BOOLEAN_WORD,
    example: "true",
    type: "boolean",
    default: "false",
  }) as const;

/**
 * OCF_RESKEY_* names Pacemaker itself passes (crm_feature_set, CRM_meta_*): never a user's typo. Any other
 * name outside an agent's parameters and its ignored ones is rejected, so a misspelt parameter cannot silently
 * fall back to a default.
 */
export const PACEMAKER_KEY = /^(crm_|CRM_meta_)/;

/** Advertised timeouts (seconds), the same for both agents. Each leaves the retry loop its budget: the timeout minus the safety margin. */
export const ACTIONS = [
  { name: "start", timeout: 30 },
  { name: "stop", timeout: 30 },
  { name: "migrate_to", timeout: 30 },
  { name: "migrate_from", timeout: 30 },
  { name: "monitor", timeout: 20, interval: 10, depth: 0 },
  { name: "status", timeout: 20 },
  { name: "validate-all", timeout: 20 },
  { name: "meta-data", timeout: 5 },
] as const;
export type ActionName = (typeof ACTIONS)[number]["name"] | "usage" | "help";

/**
 * The actions that may talk to AWS; everything else answers without loading the SDK. migrate_to (on the source)
 * and migrate_from (on the target) are Pacemaker's live migration (allow-migrate=true): the target takes the
 * resource in one atomic call, so the address never points nowhere.
 */
export const NETWORK_ACTIONS = [
  "start",
  "stop",
  "migrate_to",
  "migrate_from",
  "monitor",
  "status",
  "validate-all",
] as const;
export type NetworkAction = (typeof NETWORK_ACTIONS)[number];

/** Pacemaker's default when OCF_RESKEY_CRM_meta_timeout is absent (ms). */
export const DEFAULT_TIMEOUT_MS = 20_000;
