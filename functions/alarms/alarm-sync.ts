// Tested against the sim's CloudWatch by test/integration/functions/sweep.test.ts (alarms kept to the documents);
// which alarms to keep is alarm-plan.ts's, tested by test/unit/functions/alarms/alarm-plan.test.ts.
import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { type Deadline, withRetry } from "../../core/index.ts";
import type { ClusterConfig } from "../clusters/read.ts";
import type { Log } from "../types.ts";
import { planAlarms } from "./alarm-plan.ts";

/** What alarm management needs: CloudWatch, the stack's prefix (`ALARM_PREFIX`), a log, dry run. */
export interface AlarmDeps {
  readonly cloudwatch: CloudWatchClient;
  /** serverless.yml `custom.alarmPrefix`: every alarm under it is the controller's to create and delete. */
  readonly alarmPrefix: string;
  readonly log: Log;
  readonly sleep: (ms: number) => Promise<unknown>;
  readonly dryRun: boolean;
}

/** What one alarm synchronisation did (or, in a dry run, would do): alarm names. */
export interface AlarmReport {
  readonly put: readonly string[];
  readonly deleted: readonly string[];
  readonly dryRun: boolean;
}

// DescribeAlarms answers at most 100 per page; DeleteAlarms takes at most 100 names.
const PAGE = 100;

/** Every metric alarm under `prefix`, one DescribeAlarms call per 100. */
export async function listAlarms(deps: AlarmDeps, deadline: Deadline): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const input = {
      AlarmNamePrefix: deps.alarmPrefix,
      AlarmTypes: ["MetricAlarm" as const],
      MaxRecords: PAGE,
      NextToken,
    };
    const page = await withRetry(
      (signal) => deps.cloudwatch.send(new DescribeAlarmsCommand(input), { abortSignal: signal }),
      { deadline, sleep: deps.sleep, context: { action: "DescribeAlarms" } },
    );
    alarms.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return alarms;
}

/**
 * Makes the status alarms match the cluster documents ({@link planAlarms}), then carries out exactly that plan:
 * PutMetricAlarm per alarm to create or correct, DeleteAlarms per 100 stale names. A dry run only reports it.
 * Transient failures are retried inside the deadline, then thrown; the next sweep tries again.
 */
export async function syncAlarms(
  deps: AlarmDeps,
  config: ClusterConfig,
  deadline: Deadline,
): Promise<AlarmReport> {
  const plan = planAlarms(deps.alarmPrefix, config, await listAlarms(deps, deadline));
  if (plan.keptBecause) deps.log.warn("stale status alarms kept", { why: plan.keptBecause });
  const report = {
    put: plan.put.map((a) => a.AlarmName ?? ""),
    deleted: [...plan.delete],
    dryRun: deps.dryRun,
  };
  if (deps.dryRun || (plan.put.length === 0 && plan.delete.length === 0)) return report;
  const options = { deadline, sleep: deps.sleep };
  for (const alarm of plan.put)
    await withRetry(
      (signal) => deps.cloudwatch.send(new PutMetricAlarmCommand(alarm), { abortSignal: signal }),
      { ...options, context: { action: "PutMetricAlarm" } },
    );
  for (let i = 0; i < plan.delete.length; i += PAGE) {
    const AlarmNames = plan.delete.slice(i, i + PAGE);
    await withRetry(
      (signal) => deps.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames }), { abortSignal: signal }),
      { ...options, context: { action: "DeleteAlarms" } },
    );
  }
  deps.log.info("status alarms synchronised with the cluster documents", { ...report });
  return report;
}
