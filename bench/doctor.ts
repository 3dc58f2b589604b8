// `npm run bench:doctor`: `eip-failover doctor --embedded`, on the embedded region's 2-node cluster, correct
// setup: the wall time of the doctor itself (observation, checks, the controller's self-check; the region is started and
// deployed once, outside the timing) and its AWS calls as the sim's proxy logged them, median of N runs.
import { DOCTOR_CLIENT, doctorExit, doctorOf } from "../cli/doctor/command.ts";
import { CONTROLLER_CLIENT } from "../cli/drill/controller.ts";
import { embeddedRegion } from "../cli/embedded.ts";
import { embeddedSession } from "../cli/session.ts";

const RUNS = Number(process.argv[2] ?? 7);
const region = await embeddedRegion((text) => console.error(text));
try {
  const times: number[] = [];
  let calls: Record<string, number> = {};
  let checks = 0;
  for (let i = 0; i < RUNS; i++) {
    region.proxy.log.clear();
    const t0 = performance.now();
    const results = await doctorOf(await embeddedSession(region, DOCTOR_CLIENT), { cluster: undefined });
    times.push(performance.now() - t0);
    if (doctorExit(results) !== 0)
      throw new Error(
        `a check failed: ${results
          .filter((r) => !r.ok)
          .map((r) => r.what)
          .join("; ")}`,
      );
    calls = region.proxy.log.byClient();
    checks = results.length;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const own = calls[DOCTOR_CLIENT] ?? 0;
  const selfCheck = calls[CONTROLLER_CLIENT] ?? 0;
  console.log(
    `| doctor wall time (median of ${RUNS}; region already up) | ${median.toFixed(0)} ms (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)}) | target ≤ 2 s |`,
  );
  console.log(`| AWS calls by the doctor itself | ${own} (live: + 1 Invoke) | target ≤ 15 |`);
  console.log(
    `| AWS calls by the controller's self-check (inside the Lambda when deployed) | ${selfCheck} | |`,
  );
  console.log(
    `| all calls in the proxy log | ${own + selfCheck} (${JSON.stringify(region.proxy.log.byAction())}) | |`,
  );
  console.log(`| checks | ${checks}, all passed | |`);
} finally {
  await region.stop();
}
