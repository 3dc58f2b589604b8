import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { simConfig } from "../../../sim/clients.ts";
import { parameterStoreChange } from "../../../sim/schedule.ts";
import { launchNode } from "../../../sim/topology.ts";
import { putCluster } from "../../harness/index.ts";
import {
  CLASSIC_CLUSTER,
  checkClassic,
  classicDoc,
  mutatingBy,
  type ScenarioFn,
  verdictOf,
} from "./common.ts";
import { sweepRun, timelineSweep } from "./sweeping.ts";

/**
 * Membership lives only in the cluster document. The operator adds a third node to cluster "web" by writing
 * the document; Parameter Store's change event invokes the sweep, which creates the new member's status alarm.
 * No deploy, no tag, no parameter: the alarm exists before the next failure can need it.
 */
export const membershipChange: ScenarioFn = async (ctx) => {
  const { nodes } = ctx.region.topology;
  const { dryRun } = ctx.options;
  const sweep = timelineSweep(ctx);
  // The drill's own look at CloudWatch goes straight to moto, like its other checks.
  const cloudwatch = new CloudWatchClient(simConfig(ctx.region.moto.endpoint));
  try {
    const change = async (doc: ReturnType<typeof classicDoc>) => {
      await putCluster(ctx.world.ssm, CLASSIC_CLUSTER, doc);
      const event = parameterStoreChange({
        name: `${ctx.stack.configPrefix}${CLASSIC_CLUSTER}`,
        operation: "Update",
      });
      ctx.recorder.add(
        "drill",
        `Parameter Store Change → sweep: ${event.detail.name} (${doc.members.length} members)`,
      );
      return sweep.invoke(event);
    };
    const alarms = async () =>
      (
        (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: ctx.stack.alarmPrefix })))
          .MetricAlarms ?? []
      ).map((a) => a.AlarmName);
    await change(classicDoc(ctx.region));
    ctx.recorder.add("drill", `CloudWatch has: ${(await alarms()).join(", ") || "no alarm"}`);

    const c = await launchNode(ctx.world.ec2, {
      name: "nodeC",
      subnetId: nodes.B.subnetId,
      privateIp: "10.0.1.21",
    });
    const failureAt = Date.now();
    ctx.recorder.add(
      "drill",
      `the change: the operator adds nodeC ${c.instanceId} to cluster "web" (no deploy)`,
    );
    const members = [...classicDoc(ctx.region).members, { instanceId: c.instanceId }];
    const report = await change(classicDoc(ctx.region, { members }));
    const doneAt = Date.now();
    const have = await alarms();
    ctx.recorder.add("drill", `CloudWatch has: ${have.join(", ") || "no alarm"}`);
    const wanted = `${ctx.stack.alarmPrefix}${c.instanceId}`;
    const check = await checkClassic(ctx);
    return sweepRun(ctx, {
      expectation: dryRun
        ? "(dry run) the sweep plans nodeC's status alarm and creates nothing"
        : "nodeC's status alarm exists right after the document change, named for the stack's prefix; nothing moves",
      failureAt,
      doneAt,
      check,
      reports: [report],
      verdict: verdictOf(
        dryRun
          ? "dry run: nodeC's alarm planned, none created"
          : `nodeC got its alarm ${wanted} without a deploy`,
        [
          [
            report.alarms?.put.includes(wanted) === true,
            `the sweep did not plan ${wanted} (put: ${report.alarms?.put.join(", ") || "none"})`,
          ],
          [
            have.includes(wanted) !== dryRun,
            dryRun ? `a dry run created ${wanted}` : `CloudWatch has no ${wanted}`,
          ],
          [
            check.after === nodes.A.instanceId,
            `the EIP moved to ${check.after ?? "nobody"} on a membership change`,
          ],
          [mutatingBy(ctx, "lambda") === 0, "the controller made a mutating EC2 call on a membership change"],
        ],
      ),
    });
  } finally {
    cloudwatch.destroy();
  }
};
