import { DescribeInstanceStatusCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { type OperationOptions, withRetry } from "./retry.ts";
import { type InstanceState, InstanceStates, type MemberHealth } from "./types.ts";

function toState(name: string | undefined): InstanceState {
  return (InstanceStates as readonly string[]).includes(name ?? "") ? (name as InstanceState) : "pending";
}

/**
 * Observes state, AZ and both status checks of the given instances in one `DescribeInstanceStatus` call
 * (`IncludeAllInstances`, so stopped members are reported too). Instances EC2 does not report are absent.
 *
 * @example
 * const health = await observeMembers(ec2, ["i-a", "i-b"], { deadline: deadlineIn(5000) });
 */
export async function observeMembers(
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
  return (out.InstanceStatuses ?? []).flatMap((s) =>
    s.InstanceId
      ? [
          {
            instanceId: s.InstanceId,
            state: toState(s.InstanceState?.Name),
            availabilityZone: s.AvailabilityZone ?? "",
            statusOk: s.InstanceStatus?.Status === "ok" && s.SystemStatus?.Status === "ok",
          },
        ]
      : [],
  );
}
