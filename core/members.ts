import { DescribeInstanceStatusCommand, type EC2Client, type InstanceStatus } from "@aws-sdk/client-ec2";
import { ConfigurationError } from "./errors.ts";
import { type InstanceState, InstanceStates } from "./instance-states.ts";
import { type OperationOptions, withRetry } from "./retry.ts";
import type { MemberHealth } from "./types.ts";

function toState(name: string | undefined): InstanceState {
  return (InstanceStates as readonly string[]).includes(name ?? "") ? (name as InstanceState) : "pending";
}

const NOT_FOUND = "InvalidInstanceID.NotFound";

/** The earliest `ImpairedSince` of either status check (epoch ms), or undefined when EC2 dates neither. */
function impairedSince(s: InstanceStatus): number | undefined {
  const dates = [...(s.InstanceStatus?.Details ?? []), ...(s.SystemStatus?.Details ?? [])].flatMap((d) =>
    d.ImpairedSince ? [d.ImpairedSince.getTime()] : [],
  );
  return dates.length ? Math.min(...dates) : undefined;
}

/**
 * Observes state, AZ and both status checks (with when they began failing) of the given instances in one `DescribeInstanceStatus` call
 * (`IncludeAllInstances`, so stopped members are reported too). Instances EC2 does not report are absent.
 * EC2 refuses the whole call when one id no longer exists (a member terminated long ago); then each id is
 * asked on its own, so one stale member cannot keep the others from being chosen.
 *
 * @example
 * const health = await observeMembers(ec2, ["i-a", "i-b"], { deadline: deadlineIn(5000) });
 */
export async function observeMembers(
  ec2: EC2Client,
  instanceIds: readonly string[],
  options: OperationOptions,
): Promise<MemberHealth[]> {
  try {
    return await describeStatuses(ec2, instanceIds, options);
  } catch (error) {
    if (!(error instanceof ConfigurationError && error.context.code === NOT_FOUND)) throw error;
    if (instanceIds.length === 1) return [];
    const each = await Promise.all(instanceIds.map((id) => observeMembers(ec2, [id], options)));
    return each.flat();
  }
}

async function describeStatuses(
  ec2: EC2Client,
  instanceIds: readonly string[],
  options: OperationOptions,
): Promise<MemberHealth[]> {
  if (instanceIds.length === 0) return [];
  const out = await withRetry(
    (signal) =>
      ec2.send(
        new DescribeInstanceStatusCommand({ InstanceIds: [...instanceIds], IncludeAllInstances: true }),
        {
          abortSignal: signal,
        },
      ),
    { ...options, context: { action: "DescribeInstanceStatus", instanceId: instanceIds.join(",") } },
  );
  return (out.InstanceStatuses ?? []).flatMap((s) => {
    if (!s.InstanceId) return [];
    const since = impairedSince(s);
    return [
      {
        instanceId: s.InstanceId,
        state: toState(s.InstanceState?.Name),
        availabilityZone: s.AvailabilityZone ?? "",
        statusOk: s.InstanceStatus?.Status === "ok" && s.SystemStatus?.Status === "ok",
        ...(since === undefined ? {} : { impairedSince: since }),
      },
    ];
  });
}
