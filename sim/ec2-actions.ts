import {
  RESOURCE_BUCKETS,
  RESOURCE_INTENSIVE_ACTIONS,
  UNCATEGORIZED_BUCKETS,
  UNFILTERED_DESCRIBES,
} from "./buckets.ts";

/** The page's non-mutating actions, by prefix; every other action is mutating. */
const NON_MUTATING = /^(Describe|List|Search|Get)/;

/** True when an EC2 action changes state (the mutating buckets and "mutating calls" counts). */
export function isMutating(action: string): boolean {
  return !NON_MUTATING.test(action);
}

/**
 * True when a request narrows what it asks for: a filter, pagination (MaxResults, NextToken), or a list of ids
 * or names (`InstanceId.1`, `GroupName.1`). The page names only filters and pagination; the sim reads a list
 * of ids as a filter too, since such a call names what it wants instead of listing the account (and EC2
 * refuses MaxResults beside InstanceId, so a describe by ids could never leave the smaller bucket otherwise).
 */
function narrows(params: URLSearchParams): boolean {
  for (const key of params.keys())
    if (/^(Filter\.|MaxResults$|NextToken$)|(Id|Name)\.\d+$/.test(key)) return true;
  return false;
}

/** One bucket a request draws from, and how many tokens it takes. */
export interface Draw {
  readonly table: "request" | "resource";
  readonly bucket: string;
  readonly tokens: number;
}

/** The request bucket an EC2 action draws from: its own, or its category's. */
export function requestBucket(action: string, params: URLSearchParams): string {
  if (Object.hasOwn(UNCATEGORIZED_BUCKETS, action)) return action;
  if (RESOURCE_INTENSIVE_ACTIONS.has(action)) return "resourceIntensive";
  if (isMutating(action)) return "mutating";
  return UNFILTERED_DESCRIBES.has(action) && !narrows(params) ? "unfilteredDescribe" : "nonMutating";
}

/** How many instances a request acts on: those it names, or for RunInstances those it may launch. */
function instanceCount(action: string, params: URLSearchParams): number {
  if (action === "RunInstances") return Number(params.get("MaxCount") ?? 1) || 1;
  return [...params.keys()].filter((key) => /^InstanceId\.\d+$/.test(key)).length;
}

/**
 * Every bucket an EC2 request draws from: one token of its request bucket, and for the actions with resource
 * rate limiting one token per instance of their resource bucket as well.
 *
 * @example
 * draws("StopInstances", new URLSearchParams("InstanceId.1=i-1&InstanceId.2=i-2"))
 * // [{ table: "request", bucket: "mutating", tokens: 1 }, { table: "resource", bucket: "StopInstances", tokens: 2 }]
 */
export function draws(action: string, params: URLSearchParams): readonly Draw[] {
  const request: Draw = { table: "request", bucket: requestBucket(action, params), tokens: 1 };
  if (!Object.hasOwn(RESOURCE_BUCKETS, action)) return [request];
  const tokens = instanceCount(action, params);
  return tokens > 0 ? [request, { table: "resource", bucket: action, tokens }] : [request];
}

/**
 * Mutating actions whose DryRun moto carries out instead of answering: its route-table handlers never look at
 * the flag. EC2 answers an allowed DryRun with DryRunOperation and changes nothing, so the proxy answers these
 * itself (after any fault, so a scheduled denial still wins).
 */
const DRY_RUN_UNHONOURED = new Set(["CreateRoute", "ReplaceRoute"]);

/** True when the proxy, not moto, must answer this EC2 request's DryRun. */
export function answersDryRun(action: string, dryRun: boolean): boolean {
  return dryRun && DRY_RUN_UNHONOURED.has(action);
}
