import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogEntry } from "../../sim/request-log.ts";
import { Cluster } from "./cluster.ts";
import { invariantNote } from "./invariants.ts";
import { movesIn } from "./measure.ts";
import { agreement, impairHolder, runSentScript } from "./scenario.ts";

/** The controller's instance calls since `t0`, in order. */
const controllerPower = (log: readonly LogEntry[], t0: number) =>
  log
    .filter((e) => e.time >= t0 && e.client === "lambda" && /^(Stop|Start)Instances$/.test(e.action))
    .filter((e) => e.status === 200)
    .map((e) => e.action);

// The controller's own fencing "reboot" with the README's cluster (STONITH off, so the controller's are the only
// power calls): the instances drive their nodes (test/e2e/power.ts), so the stop powers the holder's node off and
// the start boots it again BOOT_MS later, as an instance's OS would.
describe("e2e: the controller's fencing 'reboot' (stop, move, start), two nodes", () => {
  const cluster = new Cluster({ fencing: true });
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId);
  });
  afterAll(() => cluster.down());

  it("the holder's status check fails: stopped, the EIP on its peer, started again; it boots, rejoins as the standby and takes nothing", async () => {
    // Prepare + Act: fencing "reboot", no grace (invoked directly); the holder's status check fails while its
    // Pacemaker runs, and the alarm reaches the controller
    const { holder, peer, watch, t0, result } = await impairHolder(cluster, { fencing: "reboot" });
    // the stop and start moved the instance to healthy hardware: its checks pass once it runs again
    await cluster.ctl("POST", "/impaired", []);
    if (result?.commandId) await runSentScript(cluster, peer, result.commandId);
    await cluster.until(async () => cluster.isUp(holder), 180_000, `node ${holder} booted again`, 250);
    const where = await agreement(cluster, 120_000);
    const breaches = await watch.stop();
    // Assess: one stop before the move, one start after it, the node powered off and on once
    const raw = await cluster.log();
    const log = raw.map((e) => (e.client === "lambda" ? { ...e, client: `node${peer}` } : e));
    const moved = movesIn(log, t0, Date.now(), `node${holder}`);
    console.log(
      `e2e reboot: controller ${result?.outcome}; ${controllerPower(raw, t0).join(", ")}; ${moved.calls.join(", ")}; power: ${(
        cluster.power?.events ?? []
      )
        .filter((e) => e.t >= t0)
        .map((e) => `${e.node} ${e.did}`)
        .join(", ")}; ${invariantNote(breaches)}; unassociated ${moved.unassociatedMs} ms`,
    );
    expect(controllerPower(raw, t0)).toEqual(["StopInstances", "StartInstances"]);
    expect(cluster.power?.events.filter((e) => e.t >= t0).map((e) => `${e.node} ${e.did}`)).toEqual([
      `${holder} off`,
      `${holder} on`,
    ]);
    // The controller moved it, or Pacemaker on the peer did first once the holder's node went down: one move.
    expect(["moved", "skipped"]).toContain(result?.outcome);
    expect(moved.moves).toBe(1);
    expect(where).toBe(peer);
    expect(cluster.isUp(holder)).toBe(true);
    expect(breaches.twoActive).toEqual([]);
    // The controller's compare-and-swap (its invoke) is the one stated exemption; the holder's powered-off instance
    // still holding the address until then is "on a dead node", not "nowhere".
    expect(breaches.nowhere).toEqual([]);
  });
});
