import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { deadlineIn } from "../../core/index.ts";
import { readClusters } from "../../functions/index.ts";
import type { AwsClients } from "../clients.ts";
import type { StackResources } from "../stack/types.ts";
import { noticeOfLogEvent } from "./notices.ts";
import type { HistoryNotice } from "./types.ts";

/** The stack keeps no history to read: it predates it, or its log group is gone. */
export class NoHistory extends Error {
  override readonly name = "NoHistory";
}

/** Reading the cluster documents gives up after this long (GetParametersByPath retries transient failures). */
const DOCUMENTS_MS = 20_000;

/**
 * The failover notices of the stack's history from `startTime` to `endTime` (epoch ms), every page of
 * FilterLogEvents. With `cluster`, CloudWatch Logs is asked for that cluster's alone (a JSON filter pattern); the
 * notices are filtered here too, because moto applies no JSON pattern.
 *
 * @throws NoHistory when the stack has no history log group, naming it and the fix.
 */
export async function readNotices(
  clients: Pick<AwsClients, "logs">,
  stack: Pick<StackResources, "stackName" | "historyLogGroup">,
  window: { readonly startTime: number; readonly endTime: number; readonly cluster?: string },
): Promise<HistoryNotice[]> {
  const logGroupName = stack.historyLogGroup;
  const missing = () =>
    new NoHistory(
      `stack ${stack.stackName} keeps no failover history (no log group ${logGroupName ?? "(output HistoryLogGroup)"}): deploy this version (npx sls deploy) and the history starts with the next notice`,
    );
  if (!logGroupName) throw missing();
  const { startTime, endTime, cluster } = window;
  const notices: HistoryNotice[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await clients.logs.send(
        new FilterLogEventsCommand({
          logGroupName,
          startTime,
          endTime,
          nextToken,
          ...(cluster ? { filterPattern: `{ $.detail.cluster = "${cluster}" }` } : {}),
        }),
      );
      for (const event of page.events ?? []) {
        const notice = noticeOfLogEvent(event);
        if (notice && (cluster === undefined || notice.detail.cluster === cluster)) notices.push(notice);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (error) {
    // the error's name is the SDK's classification of AWS's answer, not its wording
    if ((error as Error).name === "ResourceNotFoundException") throw missing();
    throw error;
  }
  return notices;
}

/**
 * The clusters the stack's documents name, valid or not (an invalid document is still a cluster, named by its key).
 */
export async function clusterNames(
  clients: Pick<AwsClients, "ssm">,
  stack: Pick<StackResources, "configPrefix">,
): Promise<string[]> {
  const config = await readClusters(clients.ssm, stack.configPrefix, deadlineIn(DOCUMENTS_MS));
  return [
    ...config.clusters.map((c) => c.name),
    ...config.invalid.map((i) => i.parameter.slice(stack.configPrefix.length)),
  ];
}
