// A test helper, not the product: the deployed queue consumer is functions/queue/consumer.ts.
import { MAX_RECHECKS } from "../../functions/queue/consumer.ts";
import type { FailoverReport } from "../../functions/types.ts";

export { MAX_RECHECKS };

/**
 * What the decisions queue does with one event (functions/queue/consumer.ts sends it back delayed), as one
 * loop for the tests: invoke the controller; while its report asks for a recheck, wait that many seconds (SQS holds this
 * wait in the deployment, no Lambda runs meanwhile) and invoke it again with the same event. Returns every
 * report, the last one deciding.
 *
 * @example
 * const reports = await untilDecided((e) => failover(e, lambdaContext()), event, (ms) => sleep(ms));
 */
export async function untilDecided(
  invoke: (event: unknown) => Promise<FailoverReport>,
  event: unknown,
  wait: (ms: number) => Promise<unknown>,
): Promise<FailoverReport[]> {
  let last = await invoke(event);
  const reports = [last];
  while (last.recheckInSeconds !== undefined) {
    // The window counts from AWS's event time, so one recheck after it ends decides; the queue's consumer
    // allows the same few before it gives up.
    if (reports.length > MAX_RECHECKS)
      throw new Error(`the controller still asked to wait after ${MAX_RECHECKS} rechecks`);
    await wait(last.recheckInSeconds * 1000);
    last = await invoke(event);
    reports.push(last);
  }
  return reports;
}
