import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

interface Role {
  Type: string;
  Properties: { Tags?: { Key: string; Value: string }[]; ManagedPolicyArns?: unknown[]; Roles?: unknown[] };
}
type Source = (ctx: { resolveVariable: (name: string) => Promise<unknown> }) => Promise<{
  Resources: Record<string, Role>;
  Outputs: Record<string, { Value: unknown }>;
}>;
const nodeRoles = createRequire(import.meta.url)("../../../../functions/stack/node-roles.cjs") as Source;

const resolver = (clusters: string) => ({
  resolveVariable: async (name: string) => (name.startsWith("param:clusters") ? clusters : ""),
});

describe("node-roles.cjs (Serverless variable source)", () => {
  it("one role per cluster, tagged with its name and carrying NodePolicy, and its instance profile", async () => {
    const out = await nodeRoles(resolver("web, db-2"));
    expect(Object.keys(out.Resources)).toEqual([
      "NodeRoleWeb",
      "NodeInstanceProfileWeb",
      "NodeRoleDb2",
      "NodeInstanceProfileDb2",
    ]);
    expect(out.Resources.NodeRoleDb2?.Properties.Tags).toEqual([
      { Key: "eip-failover:cluster", Value: "db-2" },
    ]);
    expect(out.Resources.NodeRoleWeb?.Properties.ManagedPolicyArns).toEqual([{ Ref: "NodePolicy" }]);
    expect(out.Resources.NodeInstanceProfileWeb?.Properties.Roles).toEqual([{ Ref: "NodeRoleWeb" }]);
    expect(out.Outputs.NodeInstanceProfileDb2?.Value).toEqual({ Ref: "NodeInstanceProfileDb2" });
  });

  it("no cluster, no role", async () => {
    expect(await nodeRoles(resolver(""))).toEqual({ Resources: {}, Outputs: {} });
  });

  it.each([
    [
      "web,bad name",
      "clusters: not valid cluster names: bad name (expected a letter or digit, then letters, digits and _.-, at most 128, comma-separated; e.g. web,db)",
    ],
    // a "/" would nest the cluster's document one level down in Parameter Store
    ["web,a/b", "clusters: not valid cluster names: a/b (expected a letter or digit"],
    ["web,web", "clusters: 'web' and 'web' would share the role NodeRoleWeb"],
    ["web,w-eb", "clusters: 'web' and 'w-eb' would share the role NodeRoleWeb"],
    [
      "db-1,db1",
      "clusters: 'db-1' and 'db1' would share the role NodeRoleDb1 (expected distinct names once _.- are dropped; rename one)",
    ],
  ])("refuses %s, naming the bad value", async (clusters, message) => {
    await expect(nodeRoles(resolver(clusters))).rejects.toThrow(message);
  });
});
