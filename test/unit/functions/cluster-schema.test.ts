import { describe, expect, it } from "vitest";
import { parseCluster } from "../../../functions/cluster-schema.ts";

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
    expect(parseCluster("/eip-failover/clusters/web", JSON.stringify(doc))).toEqual({ cluster: doc });
  });

  it("accepts the documented shape", () => {
    expect(parseCluster("/eip-failover/clusters/web", JSON.stringify(valid))).toEqual({ cluster: valid });
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
    ["a bad fencing mode", { ...valid, fencing: "reboot" }, "fencing", ""],
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
