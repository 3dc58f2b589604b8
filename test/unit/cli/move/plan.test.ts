import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCib } from "../../../../cli/move/cib.ts";
import { parseCrmMon } from "../../../../cli/move/crm-mon.ts";
import { type MoveRequest, planMove } from "../../../../cli/move/plan.ts";
import { settledOn } from "../../../../cli/move/settled.ts";

// crm_mon --output-as=xml and cibadmin --query of Pacemaker 2.1.5 (crm_simulate over a CIB with docs/pacemaker.md's
// group web = vip + overlay, started on nodeA, cluster-name web).
const MON = readFileSync(join(import.meta.dirname, "crm-mon.xml"), "utf8");
const CIB = readFileSync(join(import.meta.dirname, "cib.xml"), "utf8");
const request: MoveRequest = { cluster: "web", to: "nodeB", resource: undefined, lifetime: "PT5M" };
const nodeB = (attr: string) =>
  MON.replace(
    /(<node name="nodeB"[^>]*?)\/>/,
    (_, head) =>
      `${head.replace(/ (online|standby|maintenance|unclean|pending|shutdown|type)="[^"]*"/g, (m: string) => (m.startsWith(` ${attr.split("=")[0]}=`) ? ` ${attr}` : m))}/>`,
  );
const decide = (mon = MON, cib = CIB, req = request) => planMove(parseCrmMon(mon), parseCib(cib), req);

describe("move: the plan", () => {
  it("moves the group with a lifetime-bound preference for the target and ban of the holder, then clears both", () => {
    // Act
    const d = decide();
    // Assess
    expect(d).toMatchObject({
      kind: "plan",
      unit: "web",
      from: "nodeA",
      to: "nodeB",
      allocationIds: ["eipalloc-0123456789abcdef0"],
    });
    expect(d.kind === "plan" && d.steps).toEqual([
      ["crm_resource", "--move", "-r", "web", "--node", "nodeB", "--lifetime", "PT5M"],
      ["crm_resource", "--ban", "-r", "web", "--node", "nodeA", "--lifetime", "PT5M"],
      ["crm_resource", "--clear", "-r", "web"],
    ]);
  });

  it("has nothing to do when the unit already runs on the target", () => {
    expect(decide(MON, CIB, { ...request, to: "nodeA" })).toEqual({
      kind: "nothing",
      unit: "web",
      why: "web already runs on nodeA",
    });
  });

  it.each([
    ['online="false"', "not a healthy online member: offline"],
    ['standby="true"', "not a healthy online member: in standby"],
    ['maintenance="true"', "not a healthy online member: in maintenance"],
    ['unclean="true"', "not a healthy online member: unclean"],
    ['pending="true"', "not a healthy online member: pending"],
    ['shutdown="true"', "not a healthy online member: shutting down"],
    ['type="remote"', "not a healthy online member: a remote node"],
  ])("refuses a target that is %s, naming --to", (attr, why) => {
    const d = decide(nodeB(attr));
    expect(d).toMatchObject({ kind: "refused", flag: "--to" });
    expect(d.kind === "refused" && d.why).toContain(`--to 'nodeB' is ${why}`);
  });

  it("refuses a target with a fail-count for a member, naming the cleanup", () => {
    // Prepare: a failed probe of vip on nodeB, as crm_mon lists it
    const mon = MON.replace(
      /<node name="nodeB">\s*<\/node>|<\/node_history>/,
      `<node name="nodeB"><resource_history id="vip" orphan="false" migration-threshold="1" fail-count="1"></resource_history></node></node_history>`,
    );
    // Act + Assess
    expect(decide(mon)).toMatchObject({
      kind: "refused",
      flag: "--to",
      why: expect.stringContaining("fail-count for vip (crm_resource --cleanup -r vip first)"),
    });
  });

  it.each([
    [{ cluster: "db" }, "--cluster", "--cluster 'db' is not this node's cluster (it is 'web')"],
    [{ to: "nodeC" }, "--to", "--to 'nodeC' is not a node of cluster web (nodes: nodeA, nodeB)"],
    [{ resource: "vip" }, "--resource", "--resource 'vip' holds no ocf:eip-failover: resource (valid: web)"],
  ])("refuses a bad value (%o) naming the flag and what is valid", (change, flag, why) => {
    expect(decide(MON, CIB, { ...request, ...change })).toEqual({ kind: "refused", flag, why });
  });

  it.each([
    [
      MON.replace('role="Started" active="true"', 'role="Migrating" active="true"'),
      "vip is not settled (Migrating)",
    ],
    [MON.replace('failed="false"', 'failed="true"'), "vip is not settled (failed)"],
    [
      MON.replace(/ocf:eip-failover:(eip|route)/g, "ocf:heartbeat:Dummy"),
      "no ocf:eip-failover:eip or :route resource in cluster web",
    ],
    [
      MON,
      "web already has move or ban constraints (cli-ban-web-on-nodeB): crm_resource --clear -r web first",
    ],
  ])("refuses a cluster that is not ready (%#), exit 1 (no flag)", (mon, why) => {
    const cib =
      mon === MON
        ? CIB.replace(
            "</constraints>",
            '<rsc_location id="cli-ban-web-on-nodeB" rsc="web" node="nodeB" score="-INFINITY"/></constraints>',
          ).replace(
            "<constraints/>",
            '<constraints><rsc_location id="cli-ban-web-on-nodeB" rsc="web" node="nodeB" score="-INFINITY"/></constraints>',
          )
        : CIB;
    expect(decide(mon, cib)).toEqual({ kind: "refused", flag: undefined, why: expect.stringContaining(why) });
  });
});

describe("move: settled", () => {
  it("is moved only when every member is started on the target alone", () => {
    // Prepare
    const plan = decide();
    if (plan.kind !== "plan") throw new Error("expected a plan");
    const onB = MON.replace(
      /<node name="nodeA" id="1" cached="true"\/>/g,
      '<node name="nodeB" id="2" cached="true"/>',
    );
    const half = MON.replace(
      /<node name="nodeA" id="1" cached="true"\/>/,
      '<node name="nodeB" id="2" cached="true"/>',
    );
    // Act + Assess
    expect(settledOn(parseCrmMon(MON), plan)).toBe("moving");
    expect(settledOn(parseCrmMon(half), plan)).toBe("moving");
    expect(settledOn(parseCrmMon(onB), plan)).toBe("moved");
    expect(settledOn(parseCrmMon(onB.replace('failed="false"', 'failed="true"')), plan)).toBe("failed");
  });
});
