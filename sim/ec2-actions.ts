import type { BucketName } from "./token-bucket.ts";

/** Actions that change state, by the prefixes EC2 uses, plus the two this project lives on. */
const MUTATING_PREFIXES = [
  "Associate",
  "Disassociate",
  "Allocate",
  "Release",
  "Create",
  "Delete",
  "Modify",
  "Attach",
  "Detach",
  "Run",
  "Start",
  "Stop",
  "Terminate",
  "Reboot",
  "Assign",
  "Unassign",
  "Authorize",
  "Revoke",
  "Replace",
  "Reset",
  "Import",
  "Copy",
  "Register",
  "Deregister",
  "Enable",
  "Disable",
  "Accept",
  "Reject",
  "Cancel",
  "Send",
  "Put",
];

/** True when an EC2 action changes state (the mutating bucket and "mutating calls" counts). */
export function isMutating(action: string): boolean {
  if (action.startsWith("Describe") || action.startsWith("Get") || action.startsWith("List")) return false;
  return MUTATING_PREFIXES.some((p) => action.startsWith(p));
}

/** A Describe* call that names no ids, no filters and no page size falls into the stricter bucket. */
export function isUnfilteredDescribe(action: string, params: URLSearchParams): boolean {
  if (!action.startsWith("Describe")) return false;
  for (const key of params.keys())
    if (/^(Filter|MaxResults|NextToken)|Id(s)?(\.|$)|Ids\.|Name(s)?\./.test(key)) return false;
  return true;
}

/** Which documented bucket an EC2 request draws from. */
export function bucketFor(action: string, params: URLSearchParams): BucketName {
  if (
    action === "StopInstances" ||
    action === "TerminateInstances" ||
    action === "RunInstances" ||
    action === "StartInstances"
  )
    return action;
  if (isMutating(action)) return "mutating";
  return isUnfilteredDescribe(action, params) ? "unfilteredDescribe" : "nonMutating";
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
