// The checks of what the stack deployed: instance profiles, status alarms, rules, the controller, the
// dead-letter queue, the dashboard. Pure functions over the observation, as checks.ts.
import { flagFrom } from "../../functions/index.ts";
import { profileKeyOf } from "../stack/profile-key.ts";
import type { CheckResult, DoctorCluster, DoctorMember, StackObservation } from "./types.ts";
import { verdict as check } from "./verdict.ts";

/** The member carries its cluster's node instance profile from the stack (Deploy step 4). Pure. */
export function profileCheck(cluster: string, m: DoctorMember, stack: StackObservation): CheckResult {
  const key = profileKeyOf(cluster);
  const profile = stack.nodeProfiles[key];
  if (!profile)
    return check(
      { id: "stack.node-profile", cluster, subject: key },
      false,
      `stack ${stack.name} has a node instance profile for cluster ${cluster} (${key})`,
      `redeploy with ${cluster} in --param="clusters=…" (Deploy step 3)`,
    );
  const has = m.instanceProfileArn?.split("/").pop();
  return check(
    { id: "member.instance-profile", cluster, subject: m.instanceId },
    has === profile,
    `member ${m.instanceId} carries the node instance profile ${profile}${has === profile ? "" : ` (has ${has ?? "none"})`}`,
    has
      ? `aws ec2 replace-iam-instance-profile-association (the instance's association) with Name=${profile} (Deploy step 4)`
      : `aws ec2 associate-iam-instance-profile --instance-id ${m.instanceId} --iam-instance-profile Name=${profile} (Deploy step 4)`,
  );
}

/** One status alarm per member, named `${prefix}${id}`, on AWS/EC2 StatusCheckFailed for that instance. Pure. */
export function alarmCheck(cluster: string, instanceId: string, stack: StackObservation): CheckResult {
  const name = `${stack.alarmPrefix}${instanceId}`;
  const alarm = stack.alarms.find((a) => a.name === name);
  const right =
    alarm?.namespace === "AWS/EC2" && alarm.metric === "StatusCheckFailed" && alarm.instanceId === instanceId;
  const found =
    alarm && !right
      ? ` (watches ${alarm.namespace} ${alarm.metric} of ${alarm.instanceId ?? "nothing"})`
      : "";
  return check(
    { id: "member.status-alarm", cluster, subject: instanceId },
    right,
    `member ${instanceId} has its status alarm ${name}${found}`,
    `redeploy with ${instanceId} in --param="members=…" (Deploy step 3): without it an impaired member that keeps running is never failed over`,
  );
}

/** No alarm under the prefix watches an instance that is in no cluster document. Pure. */
export function orphanChecks(clusters: readonly DoctorCluster[], stack: StackObservation): CheckResult[] {
  const members = new Set(clusters.flatMap((c) => c.members.map((m) => m.instanceId)));
  const orphans = stack.alarms.filter((a) => {
    const id = a.instanceId ?? a.name.slice(stack.alarmPrefix.length);
    return !members.has(id);
  });
  if (orphans.length === 0)
    return [check({ id: "stack.orphan-alarms" }, true, `no orphan alarm under ${stack.alarmPrefix}`, "")];
  return orphans.map((a) =>
    check(
      { id: "stack.orphan-alarms", subject: a.name },
      false,
      `status alarm ${a.name} watches ${a.instanceId ?? "no instance"}, which is in no cluster document`,
      `redeploy without it in --param="members=…" (Deploy step 3), or add the instance to its cluster document (step 7): its ALARM starts a decision about an instance nobody serves`,
    ),
  );
}

/** Both EventBridge rules exist and are enabled. Pure. */
export function ruleChecks(stack: StackObservation): CheckResult[] {
  return stack.rules.map((r) => {
    const what = `EventBridge rule ${r.logicalId}${r.name ? ` (${r.name})` : ""}`;
    if (!r.name || !r.state)
      return check(
        { id: "stack.rule", subject: r.logicalId },
        false,
        `${what} exists`,
        `redeploy the stack (Deploy step 3): without it no failure reaches the controller`,
      );
    return check(
      { id: "stack.rule", subject: r.logicalId },
      r.state === "ENABLED",
      `${what} exists and is enabled${r.state === "ENABLED" ? "" : ` (is ${r.state})`}`,
      `aws events enable-rule --name ${r.name} (Deploy step 3 leaves it enabled)`,
    );
  });
}

/** The controller's function exists; its DRY_RUN setting is reported either way. Pure. */
export function controllerCheck(stack: StackObservation): CheckResult {
  const c = stack.controller;
  if (!c.exists)
    return check(
      { id: "stack.controller" },
      false,
      `the controller ${c.name ?? "(no function in the stack)"} exists`,
      "redeploy the stack (Deploy step 3)",
    );
  let ok = true;
  let meaning: string;
  try {
    meaning = flagFrom("DRY_RUN", c.dryRun) ? "it only logs plans, it moves nothing" : "it moves addresses";
  } catch (error) {
    ok = false;
    meaning = (error as Error).message;
  }
  return check(
    { id: "stack.controller" },
    ok,
    `the controller ${c.name} exists (DRY_RUN=${c.dryRun ?? "unset"}: ${meaning})`,
    `redeploy with --param="dryRun=false" (or true for a dry run) (Deploy step 3): the Lambda stops at cold start`,
  );
}

/** The dead-letter queue exists and is empty; otherwise its count and oldest message's age. Pure. */
export function deadLetterCheck(stack: StackObservation): CheckResult {
  const q = stack.deadLetters;
  if (!q.exists)
    return check(
      { id: "stack.dead-letters" },
      false,
      "the stack has its dead-letter queue",
      "redeploy the stack (Deploy step 3)",
    );
  const count = q.count ?? 0;
  const age =
    q.oldestSentAt === undefined
      ? ""
      : `, the oldest ${Math.max(0, Math.round((stack.at - q.oldestSentAt) / 60_000))} min old`;
  return check(
    { id: "stack.dead-letters" },
    count === 0,
    count === 0
      ? "the dead-letter queue is empty"
      : `the dead-letter queue is empty (holds ${count} message${count === 1 ? "" : "s"}${age})`,
    `read them (aws sqs receive-message --queue-url ${q.url} --max-number-of-messages 10): each is a failover that failed after its retries; fix what it names, then aws sqs purge-queue --queue-url ${q.url}`,
  );
}

/** The stack's CloudWatch dashboard exists (functions/stack/dashboard.cjs). Pure. */
export function dashboardCheck(stack: StackObservation): CheckResult {
  const { name, exists } = stack.dashboard;
  return check(
    { id: "stack.dashboard", subject: name },
    exists,
    `the CloudWatch dashboard ${name} exists (failovers, phase latency, no standby, fencing, throttling, dead letters)`,
    "redeploy the stack (Deploy step 3): the dashboard is part of it",
  );
}
