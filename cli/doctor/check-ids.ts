/**
 * The reads the doctor makes. When one fails, only the checks that need it are "unknown" (with the reason);
 * every other check still runs.
 */
export const Reads = [
  "documents",
  "addresses",
  "instances",
  "interfaces",
  "routes",
  "alarms",
  "rules",
  "controller",
  "deadLetters",
  "recoverAlarms",
  "dashboard",
] as const;
export type Read = (typeof Reads)[number];

/** The reads that failed, each with its reason (`DescribeAddresses failed: …`); a missing key: it worked. */
export type Unread = Partial<Record<Read, string>>;

/**
 * Every kind of check, by its stable id (`doctor --json` puts it in each check's `id`; the subject, an
 * allocation id, instance id, route table or rule, is in `subject`), with the reads it needs. Scripts may
 * rely on these ids: a new check gets a new id, an id is never reused for another meaning.
 */
export const CHECKS = {
  "documents.read": ["documents"],
  "document.valid": ["documents"],
  "address.exists": ["addresses"],
  "address.vpc": ["addresses"],
  "address.tagged": ["addresses"],
  "member.exists": ["instances"],
  "member.tagged": ["instances"],
  "member.interface-tagged": ["instances", "interfaces"],
  "member.imdsv2": ["instances"],
  "member.routed-interface": ["instances", "interfaces"],
  "member.source-dest-check": ["instances", "interfaces"],
  "member.instance-profile": ["instances"],
  "member.status-alarm": ["alarms"],
  // informational (never a failure): EC2's own recovery beside the controller's fencing
  "member.auto-recovery": ["instances", "recoverAlarms"],
  "route.outside-vpc": ["routes"],
  "route.table": ["routes"],
  "route.points-at-member": ["routes", "instances", "interfaces"],
  "controller.self-check": [],
  "stack.node-profile": [],
  "stack.orphan-alarms": ["documents", "alarms"],
  "stack.rule": ["rules"],
  "stack.controller": ["controller"],
  "stack.dead-letters": ["deadLetters"],
  "stack.dashboard": ["dashboard"],
} as const satisfies Record<string, readonly Read[]>;
export type CheckId = keyof typeof CHECKS;
