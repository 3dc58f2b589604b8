import { CLUSTER_TAG_KEY } from "../../core/index.ts";
import { CHECKS, type CheckId, type Unread } from "./check-ids.ts";
import { recoveryCheck } from "./recovery.ts";
import { routeChecks, routedInterfaceChecks } from "./route-checks.ts";
import { selfCheckChecks } from "./self-check.ts";
import {
  alarmCheck,
  controllerCheck,
  dashboardCheck,
  deadLetterCheck,
  orphanChecks,
  profileCheck,
  ruleChecks,
} from "./stack-checks.ts";
import type {
  CheckResult,
  DoctorAddress,
  DoctorCluster,
  DoctorMember,
  DoctorObservation,
  Tags,
} from "./types.ts";
import { verdict as check } from "./verdict.ts";

const tagged = (tags: Tags, cluster: string) => tags[CLUSTER_TAG_KEY] === cluster;
const tagFix = (id: string, cluster: string) =>
  `aws ec2 create-tags --resources ${id} --tags Key=${CLUSTER_TAG_KEY},Value=${cluster} (Deploy step 1: every permission is conditioned on this tag)`;

/** The document under the prefix is valid JSON that the controller's schema accepts. Pure. */
export function documentChecks(observation: DoctorObservation): CheckResult[] {
  return [
    ...observation.clusters.map((c) =>
      check({ id: "document.valid", cluster: c.name }, true, `cluster document "${c.name}" is valid`, ""),
    ),
    ...observation.invalid.map((i) =>
      check(
        { id: "document.valid", cluster: i.parameter.split("/").pop() ?? i.parameter, subject: i.parameter },
        false,
        `cluster document ${i.parameter} is valid (${i.field}: ${i.why})`,
        `correct ${i.field} in ${i.parameter} with aws ssm put-parameter --overwrite (Deploy step 7)`,
      ),
    ),
  ];
}

/** Each address exists, is a VPC address and carries the cluster's tag. Pure. */
export function addressChecks(cluster: string, a: DoctorAddress): CheckResult[] {
  const name = a.publicIp ? `address ${a.publicIp} (${a.allocationId})` : `address ${a.allocationId}`;
  const of = (id: CheckId) => ({ id, cluster, subject: a.allocationId });
  if (!a.exists)
    return [
      check(
        of("address.exists"),
        false,
        `${name} exists`,
        `allocate it, or correct the allocation id in the document`,
      ),
    ];
  return [
    check(of("address.exists"), true, `${name} exists`, ""),
    check(
      of("address.vpc"),
      a.domain === "vpc",
      `${name} is a VPC address`,
      "allocate a VPC Elastic IP (domain vpc) and name it in the document",
    ),
    check(
      of("address.tagged"),
      tagged(a.tags, cluster),
      `${name} is tagged ${CLUSTER_TAG_KEY}=${cluster}`,
      tagFix(a.allocationId, cluster),
    ),
  ];
}

/** Each member exists, carries the tag, so does each of its network interfaces, and it requires IMDSv2. Pure. */
export function memberChecks(cluster: string, m: DoctorMember): CheckResult[] {
  const name = `member ${m.instanceId}`;
  const of = (id: CheckId, subject = m.instanceId) => ({ id, cluster, subject });
  if (!m.exists)
    return [
      check(
        of("member.exists"),
        false,
        `${name} exists`,
        "launch it, or remove it from the document's members",
      ),
    ];
  return [
    check(of("member.exists"), true, `${name} exists`, ""),
    check(
      of("member.tagged"),
      tagged(m.tags, cluster),
      `${name} is tagged ${CLUSTER_TAG_KEY}=${cluster}`,
      tagFix(m.instanceId, cluster),
    ),
    ...m.interfaces.map((i) =>
      check(
        of("member.interface-tagged", i.networkInterfaceId),
        tagged(i.tags, cluster),
        `${name}'s network interface ${i.networkInterfaceId} is tagged ${CLUSTER_TAG_KEY}=${cluster}`,
        `${tagFix(i.networkInterfaceId, cluster)}; EC2 does not copy it from the instance, and without it stop and the controller's move are refused`,
      ),
    ),
    check(
      of("member.imdsv2"),
      m.httpTokens === "required" && (m.hopLimit ?? 0) >= 1,
      `${name} requires IMDSv2 (HttpTokens=required, hop limit ≥ 1; has ${m.httpTokens ?? "?"}, ${m.hopLimit ?? "?"})`,
      `aws ec2 modify-instance-metadata-options --instance-id ${m.instanceId} --http-tokens required --http-put-response-hop-limit 1`,
    ),
  ];
}

/**
 * The check as it stands when the reads it needs (check-ids.ts CHECKS) may have failed: unknown, with the
 * first failed read's reason, and no fix (there is nothing to fix that the doctor knows of). Pure.
 */
export function unknownWhereUnread(result: CheckResult, unread: Unread): CheckResult {
  const reason = CHECKS[result.id].map((read) => unread[read]).find((r) => r !== undefined);
  if (reason === undefined) return result;
  const { fix: _fix, ...rest } = result;
  return { ...rest, ok: false, unknown: reason };
}

/** When the documents could not be read, the one check that says so (no cluster can be checked). Pure. */
function documentsReadCheck(unread: Unread): CheckResult[] {
  if (unread.documents === undefined) return [];
  return [check({ id: "documents.read" }, false, "the cluster documents could be read", "")];
}

/**
 * Every check over one observation, in a stable order: documents, then per cluster its addresses and members
 * (with their routed interface when the cluster has routes, their instance profile and status alarm when the
 * stack was observed), its routes (route-checks.ts), then the stack's own: orphan
 * alarms, rules, the controller, the dead-letter queue; and per cluster the controller's self-check. A check
 * that needs a read that failed is unknown ({@link unknownWhereUnread}). Pure: tests build observations by hand.
 *
 * @example
 * runChecks(observation).filter((c) => !c.ok) // what to fix
 */
export function runChecks(observation: DoctorObservation): CheckResult[] {
  const { stack } = observation;
  const member = (c: DoctorCluster, m: DoctorMember) => [
    ...memberChecks(c.name, m),
    ...(c.routes?.length ? routedInterfaceChecks(c.name, m) : []),
    ...(stack && m.exists ? [profileCheck(c.name, m, stack)] : []),
    ...(stack ? [alarmCheck(c.name, m.instanceId, stack)] : []),
    ...(c.fencing && m.exists ? [recoveryCheck(c.name, c.fencing, m)] : []),
  ];
  const all = [
    ...documentsReadCheck(observation.unread ?? {}),
    ...documentChecks(observation),
    ...observation.clusters.flatMap((c) => [
      ...c.addresses.flatMap((a) => addressChecks(c.name, a)),
      ...c.members.flatMap((m) => member(c, m)),
      ...routeChecks(c),
      ...(c.selfCheck ? selfCheckChecks(c.name, c.selfCheck) : []),
    ]),
    ...(stack
      ? [
          // Without the documents every alarm would look orphaned: one line, unknown, instead.
          ...(observation.unread?.documents === undefined
            ? orphanChecks(observation.clusters, stack)
            : [
                check({ id: "stack.orphan-alarms" }, false, `no orphan alarm under ${stack.alarmPrefix}`, ""),
              ]),
          ...ruleChecks(stack),
          controllerCheck(stack),
          deadLetterCheck(stack),
          dashboardCheck(stack),
        ]
      : []),
  ];
  return all.map((r) => unknownWhereUnread(r, observation.unread ?? {}));
}

/** ✓, ✗ or ? per line: each ✗ with its fix, each ? (unknown) with why it could not be checked. */
export function renderChecks(results: readonly CheckResult[]): string {
  const line = (r: CheckResult) => {
    if (r.unknown !== undefined) return `? ${r.what}\n    unknown: ${r.unknown}`;
    return r.ok ? `✓ ${r.what}` : `✗ ${r.what}\n    fix: ${r.fix}`;
  };
  const lines = results.map(line);
  const unknown = results.filter((r) => r.unknown !== undefined).length;
  const failed = results.filter((r) => !r.ok).length - unknown;
  const counts = [
    ...(failed ? [`${failed} of ${results.length} checks failed`] : []),
    ...(unknown ? [`${unknown} of ${results.length} checks unknown (a read failed)`] : []),
  ];
  lines.push("", counts.length ? counts.join(", ") : `all ${results.length} checks passed`);
  return `${lines.join("\n")}\n`;
}
