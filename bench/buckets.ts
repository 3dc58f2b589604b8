// `npm run bench:buckets [-- SECONDS]`: the sim proxy's EC2 throttling measured on the real clock against
// the documented buckets. For each bucket: a volley of requests at once (the burst), then SECONDS of one
// request after another (the refill rate). The tests count exact answers on an injected clock instead
// (test/unit/sim/token-bucket.test.ts, test/integration/sim/proxy.test.ts); this is where the wall clock is.

import { REQUEST_BUCKETS, type RequestCategory } from "../sim/buckets.ts";
import { startMoto } from "../sim/moto.ts";
import { startProxy } from "../sim/proxy.ts";

const SECONDS = Number(process.argv[2] ?? 3);
if (!(SECONDS > 0)) throw new Error(`SECONDS must be a number above 0, got '${process.argv[2]}'`);

/** Each bucket, a request drawing from it (unsigned: the proxy throttles it like any other), the volley. */
const CASES: readonly { bucket: RequestCategory; body: string; volley: number }[] = [
  { bucket: "nonMutating", body: "Action=DescribeAddresses&AllocationId.1=eipalloc-00000001", volley: 150 },
  { bucket: "unfilteredDescribe", body: "Action=DescribeInstances", volley: 80 },
  { bucket: "mutating", body: "Action=DisassociateAddress&AssociationId=eipassoc-00000001", volley: 80 },
];

const moto = await startMoto();
const proxy = await startProxy({ target: moto.endpoint });
const send = (body: string) =>
  fetch(proxy.endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `${body}&Version=2016-11-15`,
  }).then(async (r) => {
    await r.arrayBuffer();
    return r.status !== 503;
  });

console.log(
  "| bucket | documented | burst: volley → passed (bound: burst + refill × volley time) | refill measured | within 10% |",
);
console.log("| --- | --- | --- | ---: | --- |");
try {
  for (const { body } of CASES) await send(body); // moto's first answers are slow: warm it up, unthrottled
  for (const { bucket, body, volley } of CASES) {
    const spec = REQUEST_BUCKETS[bucket];
    proxy.setThrottling({ kind: "documented" }); // fresh, full buckets
    const t0 = performance.now();
    const passed = (await Promise.all(Array.from({ length: volley }, () => send(body)))).filter(
      Boolean,
    ).length;
    const volleySeconds = (performance.now() - t0) / 1000;
    const bound = spec.capacity + spec.refillPerSecond * volleySeconds;
    while (await send(body)); // empty: the volley's own duration refilled some
    const t1 = performance.now();
    let refilled = 0;
    while (performance.now() - t1 < SECONDS * 1000) if (await send(body)) refilled++;
    const rate = refilled / ((performance.now() - t1) / 1000);
    const burstOk = passed >= spec.capacity && passed <= Math.floor(bound) + 1;
    const rateOk = Math.abs(rate - spec.refillPerSecond) <= spec.refillPerSecond * 0.1;
    console.log(
      `| ${bucket} | ${spec.capacity} + ${spec.refillPerSecond}/s | ${volley} in ${volleySeconds.toFixed(2)} s → ${passed} (≤ ${bound.toFixed(0)}) | ${rate.toFixed(2)}/s over ${SECONDS} s | ${burstOk && rateOk ? "yes" : "NO"} |`,
    );
  }
} finally {
  await proxy.stop();
  await moto.stop();
}
