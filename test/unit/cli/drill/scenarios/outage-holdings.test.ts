import { describe, expect, it } from "vitest";
import type { FleetCluster } from "../../../../../cli/drill/fleet.ts";
import { holdingsOf } from "../../../../../cli/drill/scenarios/outage-holdings.ts";
import { parseCluster } from "../../../../../functions/clusters/schema.ts";

const cluster = (over: Partial<FleetCluster> = {}): FleetCluster => ({
  name: "az-0001",
  destinations: [],
  a: "i-0000000000000000a",
  c: "i-0000000000000000c",
  eniA: "eni-0000000000000000a",
  eniC: "eni-0000000000000000c",
  ...over,
});

describe("holdingsOf: what the az-outage fleet holds", () => {
  it("an EIP fleet: one address per cluster, 2 mutating calls each, a document the controller accepts", () => {
    // Prepare
    const c = cluster({ allocationId: "eipalloc-0000000000000000a", publicIp: "203.0.113.1" });
    // Act
    const holdings = holdingsOf({ clusters: [c, c], routeTableIds: [] });
    const doc = holdings.doc(c, 30);
    // Assess
    expect(holdings).toMatchObject({ what: "EIP", entries: 2, noun: "addresses", callsPerEntry: 2 });
    expect(doc).toEqual({
      name: "az-0001",
      fencing: "none",
      graceSeconds: 30,
      addresses: [{ allocationId: "eipalloc-0000000000000000a" }],
      members: [{ instanceId: c.a }, { instanceId: c.c }],
    });
    expect(parseCluster("/eip-failover/az-0001", JSON.stringify(doc))).toHaveProperty("cluster");
  });

  it("an overlay fleet: clusters × routes × tables entries, 1 call each, members name their interfaces", () => {
    // Prepare: two clusters of two routes each, in three shared tables
    const tables = ["rtb-00000000000000001", "rtb-00000000000000002", "rtb-00000000000000003"];
    const c = cluster({ destinations: ["192.168.1.1/32", "192.168.1.2/32"] });
    // Act
    const holdings = holdingsOf({ clusters: [c, { ...c, name: "az-0002" }], routeTableIds: tables });
    const doc = holdings.doc(c, 0);
    // Assess
    expect(holdings).toMatchObject({
      what: "2 overlay route(s), each in 3 route tables",
      entries: 12,
      noun: "route entries",
      callsPerEntry: 1,
    });
    expect(doc).toEqual({
      name: "az-0001",
      fencing: "none",
      graceSeconds: 0,
      addresses: [],
      routes: [
        { destination: "192.168.1.1/32", routeTableIds: tables },
        { destination: "192.168.1.2/32", routeTableIds: tables },
      ],
      members: [
        { instanceId: c.a, networkInterfaceId: c.eniA },
        { instanceId: c.c, networkInterfaceId: c.eniC },
      ],
    });
    expect(parseCluster("/eip-failover/az-0001", JSON.stringify(doc))).toHaveProperty("cluster");
  });
});
