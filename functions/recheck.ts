import type { FailoverReport } from "./types.ts";

/** How many times one event is rechecked at most (the state machine's bound too). */
export const MAX_RECHECKS = 3;

/**
 * What the deployed state machine (serverless.yml, `FailoverStateMachine`) does with one event, for the
 * drill and the tests, which have no Step Functions: invoke the controller; while its report asks for a
 * recheck, wait that many seconds (AWS holds this wait in the deployment, no Lambda runs meanwhile) and
 * invoke it again with the same event. Returns every report, the last one deciding.
 *
 * @example
 * const reports = await untilDecided((e) => failover(e, lambdaContext()), event, (ms) => sleep(ms));
 */
export async function untilDecided(
  invoke: (event: unknown) => Promise<FailoverReport>,
  event: unknown,
  wait: (ms: number) => Promise<unknown>,
): Promise<FailoverReport[]> {
  const reports = [await invoke(event)];
  for (let last = reports[0]; last?.recheckInSeconds !== undefined; last = reports.at(-1)) {
    // The window counts from AWS's event time, so one recheck after it ends decides; the state machine
    // allows the same few before it gives up.
    if (reports.length > MAX_RECHECKS)
      throw new Error(`the controller still asked to wait after ${MAX_RECHECKS} rechecks`);
    await wait(last.recheckInSeconds * 1000);
    reports.push(await invoke(event));
  }
  return reports;
}
