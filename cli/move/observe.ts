// What EC2 answered about the addresses while Pacemaker moved them. Reads, not the truth: EC2's reads may lag
// its writes by seconds, and a gap shorter than one read interval falls between two reads. The report says so.
import { DescribeAddressesCommand, type EC2Client } from "@aws-sdk/client-ec2";

/** One address's reads during the move. */
export interface Observed {
  readonly allocationId: string;
  readonly reads: number;
  /** Reads that failed (an error instead of an answer); they count as neither associated nor not. */
  readonly errors: number;
  /** Milliseconds from each read that answered "unassociated" to the next read. */
  readonly unassociatedMs: number;
  readonly everyMs: number;
}

/** A read at `t` (ms): the instance or interface the address was associated with, null if none, undefined if failed. */
export interface Sample {
  readonly t: number;
  readonly holder: string | null | undefined;
}

/**
 * The milliseconds the samples show the address unassociated: from each "none" answer to the next read (or
 * `end`). Pure.
 *
 * @example
 * unassociatedMs([{ t: 0, holder: "i-a" }, { t: 100, holder: null }, { t: 200, holder: "i-b" }], 300) // 100
 */
export function unassociatedMs(samples: readonly Sample[], end: number): number {
  let ms = 0;
  samples.forEach((s, i) => {
    if (s.holder === null) ms += (samples[i + 1]?.t ?? end) - s.t;
  });
  return ms;
}

/**
 * Reads each allocation id's association every `everyMs` until the returned stop() is called; stop() resolves
 * to what was seen.
 */
export function watchAddresses(
  ec2: EC2Client,
  allocationIds: readonly string[],
  everyMs = 100,
  now = Date.now,
) {
  const samples = new Map<string, Sample[]>(allocationIds.map((id) => [id, []]));
  let running = allocationIds.length > 0;
  const loop = (async () => {
    while (running) {
      const t = now();
      const answer = await ec2
        .send(new DescribeAddressesCommand({ AllocationIds: [...allocationIds] }))
        .catch(() => undefined);
      for (const id of allocationIds) {
        const a = answer?.Addresses?.find((x) => x.AllocationId === id);
        const holder = answer === undefined ? undefined : (a?.NetworkInterfaceId ?? a?.InstanceId ?? null);
        samples.get(id)?.push({ t, holder });
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (now() - t))));
    }
  })();
  let stopped: Promise<Observed[]> | undefined;
  const stop = async (): Promise<Observed[]> => {
    running = false;
    await loop;
    const end = now();
    return allocationIds.map((allocationId) => {
      const s = samples.get(allocationId) ?? [];
      return {
        allocationId,
        reads: s.length,
        errors: s.filter((x) => x.holder === undefined).length,
        unassociatedMs: unassociatedMs(s, end),
        everyMs,
      };
    });
  };
  return {
    /** Stops reading; every call answers the same result. */
    stop(): Promise<Observed[]> {
      stopped ??= stop();
      return stopped;
    },
  };
}
