import { describe, expect, it } from "vitest";
import { parseCluster } from "../../../../functions/clusters/schema.ts";

const valid = {
  name: "web",
  addresses: [{ allocationId: "eipalloc-0123456789abcdef0" }],
  members: [
    { instanceId: "i-0aaaaaaaaaaaaaaa1" },
    {
      instanceId: "i-0bbbbbbbbbbbbbbb1",
      networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1",
      privateIpAddress: "10.0.1.20",
    },
  ],
  fencing: "stop",
  graceSeconds: 10,
  pacemaker: { reconcileCommand: "crm_resource --refresh" },
};

const RTB_A = "rtb-0aaaaaaaaaaaaaaa1";
const RTB_B = "rtb-0bbbbbbbbbbbbbbb1";
/** A cluster with an overlay route: every member names its interface, the route's target. */
const routed = {
  ...valid,
  members: [
    { instanceId: "i-0aaaaaaaaaaaaaaa1", networkInterfaceId: "eni-0aaaaaaaaaaaaaaa1" },
    { instanceId: "i-0bbbbbbbbbbbbbbb1", networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1" },
  ],
  routes: [{ destination: "192.168.100.10/32", routeTableIds: [RTB_A, RTB_B] }],
};

describe("cluster documents", () => {
  it.each([
    "crm_resource --refresh",
    "crm_resource --refresh -r vip",
    "crm_resource --cleanup --resource=vip -N nodeB",
    "crm_resource -R -r vip",
    "pcs resource refresh vip",
    "pcs resource cleanup",
  ])("accepts the Pacemaker refresh %j as a reconcile command", (command) => {
    const doc = { ...valid, pacemaker: { reconcileCommand: command } };
    expect(parseCluster("/eip-failover/clusters/web", JSON.stringify(doc))).toEqual({
      cluster: { ...doc, routes: [] },
    });
  });

  it.each(["none", "stop", "reboot"])("accepts fencing %j", (fencing) => {
    const doc = { ...valid, fencing };
    expect(parseCluster("/eip-failover/clusters/web", JSON.stringify(doc))).toEqual({
      cluster: { ...doc, routes: [] },
    });
  });

  it("refuses a document whose name differs from its parameter's key, in one line naming both", () => {
    // Prepare: "name": "web" stored at …/clusters/db (status --cluster db would answer db is not a cluster)
    const result = parseCluster("/eip-failover/clusters/db", JSON.stringify(valid));
    // Assess
    expect(result).toEqual({
      invalid: {
        parameter: "/eip-failover/clusters/db",
        field: "name",
        why: `'web' differs from its parameter's key 'db' (store it under …/web, or set "name": "db")`,
      },
    });
  });

  it("accepts the documented shape, with no routes", () => {
    expect(parseCluster("/eip-failover/clusters/web", JSON.stringify(valid))).toEqual({
      cluster: { ...valid, routes: [] },
    });
  });

  it("accepts routes beside addresses, or instead of them, and stores each destination as its host route", () => {
    const doc = {
      ...routed,
      addresses: undefined,
      routes: [
        { destination: "192.168.100.10", routeTableIds: [RTB_A, RTB_B] },
        { destination: "FD00:EC2:0:0::10/128", routeTableIds: [RTB_A] },
      ],
    };
    expect(parseCluster("/eip-failover/clusters/web", JSON.stringify(doc))).toEqual({
      cluster: {
        ...routed,
        addresses: [],
        routes: [
          { destination: "192.168.100.10/32", routeTableIds: [RTB_A, RTB_B] },
          { destination: "fd00:ec2::10/128", routeTableIds: [RTB_A] },
        ],
      },
    });
  });

  it("accepts 100 route entries, the most one decision moves", () => {
    const tables = (n: number) => Array.from({ length: n }, (_, t) => `rtb-0${String(t).padStart(16, "0")}`);
    const doc = {
      ...routed,
      routes: [
        { destination: "192.168.100.10/32", routeTableIds: tables(50) },
        { destination: "192.168.100.11/32", routeTableIds: tables(50) },
      ],
    };
    expect(parseCluster("/eip-failover/clusters/web", JSON.stringify(doc))).toHaveProperty("cluster");
  });

  it.each([
    ["not JSON", "{", "(document)", "not JSON"],
    [
      "a bad allocation id",
      { ...valid, addresses: [{ allocationId: "eip-1" }] },
      "addresses.0.allocationId",
      "eipalloc-",
    ],
    ["one member", { ...valid, members: [valid.members[0]] }, "members", "at least two members"],
    ["a bad fencing mode", { ...valid, fencing: "restart" }, "fencing", ""],
    ["grace over 600 s", { ...valid, graceSeconds: 601 }, "graceSeconds", ""],
    ["an unknown field", { ...valid, extra: 1 }, "(document)", "extra"],
    [
      "a bad private IP",
      {
        ...valid,
        members: [valid.members[0], { instanceId: "i-0bbbbbbbbbbbbbbb1", privateIpAddress: "10.0.1" }],
      },
      "members.1.privateIpAddress",
      "",
    ],
    [
      "a private IP without its network interface",
      {
        ...valid,
        members: [valid.members[0], { instanceId: "i-0bbbbbbbbbbbbbbb1", privateIpAddress: "10.0.1.20" }],
      },
      "members.1.privateIpAddress",
      "privateIpAddress 10.0.1.20 needs networkInterfaceId (instance i-0bbbbbbbbbbbbbbb1)",
    ],
    [
      "a malformed network interface id",
      {
        ...valid,
        members: [valid.members[0], { instanceId: "i-0bbbbbbbbbbbbbbb1", networkInterfaceId: "eni-xyz" }],
      },
      "members.1.networkInterfaceId",
      "network interface id malformed: 'eni-xyz' (expected e.g. eni-0123456789abcdef0)",
    ],
    ["a duplicated member", { ...valid, members: [valid.members[0], valid.members[0]] }, "members", "twice"],
    ["neither addresses nor routes", { ...valid, addresses: [] }, "addresses", "at least one address"],
    [
      "a route wider than one address",
      { ...routed, routes: [{ destination: "10.0.0.0/16", routeTableIds: [RTB_A] }] },
      "routes.0.destination",
      "route destination malformed: '10.0.0.0/16' (expected one address, e.g. 192.168.100.10/32",
    ],
    [
      "a malformed route table id",
      { ...routed, routes: [{ destination: "192.168.100.10/32", routeTableIds: ["rtb-x"] }] },
      "routes.0.routeTableIds.0",
      "'rtb-x'",
    ],
    [
      "a route with no table",
      { ...routed, routes: [{ destination: "192.168.100.10/32", routeTableIds: [] }] },
      "routes.0.routeTableIds",
      "at least one route table",
    ],
    [
      "a route table listed twice",
      { ...routed, routes: [{ destination: "192.168.100.10/32", routeTableIds: [RTB_A, RTB_A] }] },
      "routes.0.routeTableIds",
      "listed twice",
    ],
    [
      "more route entries than one decision can move",
      {
        ...routed,
        routes: [0, 1, 2].map((i) => ({
          destination: `192.168.100.${10 + i}/32`,
          routeTableIds: Array.from(
            { length: i === 2 ? 1 : 50 },
            (_, t) => `rtb-0${String(t).padStart(16, "0")}`,
          ),
        })),
      },
      "routes",
      "101 route entries (destinations × route tables) is more than one decision moves",
    ],
    [
      "one destination in two entries",
      {
        ...routed,
        routes: [
          { destination: "192.168.100.10/32", routeTableIds: [RTB_A] },
          { destination: "192.168.100.10", routeTableIds: [RTB_B] },
        ],
      },
      "routes",
      "destination is listed twice",
    ],
    [
      "a routed cluster's member without its interface",
      { ...routed, members: [routed.members[0], { instanceId: "i-0bbbbbbbbbbbbbbb1" }] },
      "members.1.networkInterfaceId",
      "i-0bbbbbbbbbbbbbbb1 has no networkInterfaceId: a cluster with routes needs",
    ],
  ])("rejects %s, naming the parameter and the field", (_name, doc, field, why) => {
    const result = parseCluster(
      "/eip-failover/clusters/bad",
      typeof doc === "string" ? doc : JSON.stringify(doc),
    );
    expect(result).toHaveProperty("invalid");
    const invalid = "invalid" in result ? result.invalid : undefined;
    expect(invalid?.parameter).toBe("/eip-failover/clusters/bad");
    expect(invalid?.field).toBe(field);
    expect(invalid?.why).toContain(why);
    expect(invalid?.why.length).toBeGreaterThan(3);
  });

  it.each([
    "rm -rf /",
    "crm_resource --refresh; reboot",
    "crm_resource --refresh -r vip && id",
    "pcs resource delete vip",
  ])("refuses %j as a reconcile command: it would run as root on the new holder", (command) => {
    const doc = { ...valid, pacemaker: { reconcileCommand: command } };
    const result = parseCluster("/eip-failover/clusters/bad", JSON.stringify(doc));
    const invalid = "invalid" in result ? result.invalid : undefined;
    expect(invalid?.field).toBe("pacemaker.reconcileCommand");
    expect(invalid?.why).toContain("Pacemaker refresh or cleanup");
  });
});
