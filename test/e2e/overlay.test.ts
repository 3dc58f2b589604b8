import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster, type Node } from "./cluster.ts";
import { invariantNote, watchInvariants } from "./invariants.ts";
import { pacemakerOverlayGroup } from "./overlay-settings.ts";
import {
  eipOn,
  movedSince,
  mutatingBy,
  overlayOn,
  restartCorosync,
  routedTo,
  setTargetRole,
} from "./scenario.ts";
import { callsSince, record, writeSummary } from "./summary.ts";

afterAll(() => writeSummary("e2e-overlay", "npx vitest run --project e2e test/e2e/overlay.test.ts"));

// Issue 17 item 5: ocf:eip-failover:route in one group with the EIP agent, under real Pacemaker (docs/pacemaker.md's
// recommended group: vip, then overlay with multiple-active=stop_unexpected). Final states, and no move on rejoin.
describe("e2e: overlay routes and the EIP in one group, crash of the holder (SIGKILL corosync on A)", () => {
  const cluster = new Cluster();
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId, { overlay: true });
  });
  afterAll(() => cluster.down());

  /** Where the routes, the EIP and the overlay IP are: one line per fact, for a failing assertion's message. */
  const state = async () => ({
    routes: await routedTo(cluster),
    eip: await cluster.holderNode(),
    overlayIp: (
      await Promise.all(cluster.nodes.map(async (n) => ((await overlayOn(cluster, n)) ? n : "")))
    ).filter(Boolean) as Node[],
  });
  /** `viewer`'s Pacemaker runs the whole group on `on`, settled: nothing starting, stopping, migrating, failed or active twice. */
  const groupSettledOn = async (on: Node, viewer: Node = "B") => {
    const out = (await cluster.on(viewer, "crm_mon", "-1")).stdout;
    const active = out.split("Failed Resource Actions")[0] ?? "";
    return (
      new RegExp(`overlay\\s.*Started node${on}`).test(active) &&
      new RegExp(`vip\\s.*Started node${on}`).test(active) &&
      !/FAILED|Stopping|Starting|Migrat|active on \d+ nodes/.test(active)
    );
  };
  const groupSettledOnB = () => groupSettledOn("B");
  const allOnB = { routes: ["B", "B"], eip: "B", overlayIp: ["B"] };

  // Issue 28: with allow-migrate=true on both members (docs/pacemaker.md step 2), Pacemaker 2.1 migrates each member
  // of the group (migrate_to, migrate_from, then stop), so a planned move detaches nothing: the new node's one
  // AssociateAddress and one ReplaceRoute per table are the only mutating calls. It leaves the group back on A.
  it("a planned move of the group (crm_resource --ban), A → B and back: 0 ms unassociated, only the new node's associate and route replacements", async () => {
    const { group } = pacemakerOverlayGroup();
    for (const [from, to] of [
      ["A", "B"],
      ["B", "A"],
    ] as const) {
      const watch = watchInvariants(cluster);
      const t0 = Date.now();
      await cluster.on(from, "crm_resource", "--ban", "-r", group, "-N", `node${from}`);
      await cluster.until(
        async () => (await groupSettledOn(to, to)) && !(await overlayOn(cluster, from)),
        60_000,
        `the group settled on ${to} and the overlay IP gone from ${from}`,
        250,
      );
      const breaches = await watch.stop();
      const log = await cluster.log();
      const figures = callsSince(log, t0, `node${from}`);
      const mutating = log
        .filter((e) => e.time >= t0 && e.service === "ec2" && e.mutating && e.status < 300 && !e.faulted)
        .map((e) => `${e.client} ${e.action}`)
        .sort();
      record({
        scenario: `group overlay + vip: planned move ${from} → ${to} (--ban ${from})`,
        seconds: (Date.now() - t0) / 1000,
        ...figures,
        endHolder: to,
        note: `seconds to the group settled on ${to}; mutating: ${mutating.join(", ")}`,
      });
      expect(mutating).toEqual([
        `node${to} AssociateAddress`,
        `node${to} ReplaceRoute`,
        `node${to} ReplaceRoute`,
      ]);
      expect(figures.unassociatedMs).toBe(0);
      expect(breaches.twoActive).toEqual([]);
      expect(breaches.nowhere).toEqual([]);
      expect(await state()).toEqual({ routes: [to, to], eip: to, overlayIp: [to] });
      await cluster.on(from, "crm_resource", "--clear", "-r", group);
    }
  });

  it("both tables' routes and the EIP end on B's interface, and the overlay IP on B's eth0; once A is back, not on A's", async () => {
    // Prepare: the group runs on A, where the topology put the EIP and the routes
    expect(await state()).toEqual({ routes: ["A", "A"], eip: "A", overlayIp: ["A"] });
    // A stays up (only its corosync dies): it can hold the EIP until B's start takes it. The rejoin's "overlay active
    // on 2 nodes" (stop_unexpected) is the route resource's; the watcher's invariants are the EIP's (vip).
    const watch = watchInvariants(cluster);
    // Act: A crashes out of the cluster
    const t0 = Date.now();
    process.kill(await cluster.pidOf("A", "corosync"), "SIGKILL");
    await eipOn(cluster, "B");
    await cluster.until(groupSettledOnB, 60_000, "the group settled on B", 250);
    // Assess: B holds the routes and the EIP and has the IP. A, cut off and unfenced, has not stopped anything.
    const failedOver = await state();
    expect(failedOver.routes).toEqual(["B", "B"]);
    expect(failedOver.eip).toBe("B");
    expect(failedOver.overlayIp).toContain("B");
    record({
      scenario: "group overlay + vip: SIGKILL corosync on A",
      seconds: (Date.now() - t0) / 1000,
      ...callsSince(await cluster.log(), t0, "nodeA"),
      endHolder: "B",
      note: `seconds to the group settled on B; overlay IP on ${failedOver.overlayIp.join(" and ")} (A unfenced)`,
    });
    // Act: A's corosync comes back; its probe finds the IP there but the routes elsewhere (rc 1): "active on 2 nodes"
    const t1 = Date.now();
    await restartCorosync(cluster, "A");
    await cluster.until(
      async () => (await groupSettledOnB()) && !(await overlayOn(cluster, "A")),
      90_000,
      "A's overlay IP removed and the group settled on B",
      500,
    );
    // Assess: Pacemaker stopped A's stale instance only. B's EIP and routes were never touched: no call moved them.
    const breaches = await watch.stop();
    expect(await movedSince(cluster, t1)).toEqual([]);
    expect(await state()).toEqual(allOnB);
    record({
      scenario: "… then A's corosync restarted",
      seconds: (Date.now() - t1) / 1000,
      ...callsSince(await cluster.log(), t1, "nodeB"),
      endHolder: "B",
      note: `seconds to A's IP removed and the group settled on B; routes, EIP and IP on B only; crash and rejoin ${invariantNote(breaches)}`,
    });
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });

  // Issue 28 item 3: disabling still releases the address, for the group too. `pcs resource disable web` sets
  // target-role=Stopped on the group, not on its members; Pacemaker passes a stop no target-role, so vip's agent reads
  // the CIB's effective value (agent/ocf/cib.ts: crm_resource --meta --get-parameter, the group's included). The group
  // stops in reverse order: overlay takes its IP off B's eth0 and, as documented (docs/agents.md, the route agent's
  // stop), leaves the routes pointing at B; then vip's stop disassociates the EIP, B's one mutating call.
  it("disabling the group (target-role Stopped on the group) releases the EIP, removes the overlay IP and leaves the routes on B", async () => {
    // Prepare: the group runs on B (the scenario above)
    const { group } = pacemakerOverlayGroup();
    expect(await state()).toEqual(allOnB);
    // Disabled, no node may hold the address: "never pointing nowhere while a live node can hold it" does not apply
    // from the disable until the enabled group has started again. "Never active on two nodes" holds throughout.
    const watch = watchInvariants(cluster);
    const disabled = watch.exempt("nowhere", `${group} disabled: no node may hold it`);
    const t0 = Date.now();
    // Act: what `pcs resource disable web` sets
    const disable = await setTargetRole(cluster, "B", group, "Stopped");
    expect(disable.code, disable.stderr).toBe(0);
    await cluster.until(
      async () => {
        // --inactive: crm_mon lists stopped resources only when asked
        const out = (await cluster.on("A", "crm_mon", "-1", "--inactive")).stdout;
        return /vip\s.*Stopped/.test(out) && /overlay\s.*Stopped/.test(out) && !/Started|Stopping/.test(out);
      },
      60_000,
      "both members stopped",
      250,
    );
    // Assess: the target-role is the group's alone, and B's stop released the EIP in one call
    const ownRole = await cluster.on(
      "B",
      "crm_resource",
      "--resource",
      "vip",
      "--meta",
      "--get-parameter",
      "target-role",
      "--quiet",
    );
    expect(ownRole.stdout.trim(), "vip's effective target-role (the group's)").toBe("Stopped");
    const disabledState = await state();
    expect(await mutatingBy(cluster, "B", t0)).toEqual(["DisassociateAddress"]);
    expect(disabledState).toEqual({ routes: ["B", "B"], eip: "nobody", overlayIp: [] });
    record({
      scenario: "group overlay + vip disabled (target-role Stopped on the group)",
      seconds: (Date.now() - t0) / 1000,
      ...callsSince(await cluster.log(), t0, "nodeB"),
      endHolder: "nobody",
      note: "seconds to both members stopped; vip's stop released the EIP, overlay's removed the IP and left the routes on B",
    });
    // Enabled again, the group starts on one node: the EIP, the routes and the IP there.
    const enable = await setTargetRole(cluster, "B", group, undefined);
    expect(enable.code, enable.stderr).toBe(0);
    let on: Node = "B";
    await cluster.until(
      async () => {
        const holder = await cluster.holderNode();
        if (holder === "nobody") return false;
        on = holder;
        return (await groupSettledOn(holder)) && (await overlayOn(cluster, holder));
      },
      60_000,
      "the group started again",
      250,
    );
    disabled();
    const breaches = await watch.stop();
    console.log(`e2e overlay group disable: ${invariantNote(breaches)}`);
    expect(await state()).toEqual({ routes: [on, on], eip: on, overlayIp: [on] });
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });
});
