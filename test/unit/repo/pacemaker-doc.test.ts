import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CLUSTER_STEP,
  clusterBlock,
  clusterStep,
  failureTimeoutSeconds,
  forHosts,
  monitorSeconds,
  PACEMAKER_DOC,
  pacemakerSettings,
  pcsLines,
  phasesOf,
  resourceIds,
  settingsOf,
  withValues,
} from "../../e2e/settings.ts";

// The e2e suite builds its clusters from docs/pacemaker.md step 1 with the real pcs (test/e2e/cluster.ts): these
// checks keep that block complete and explained, and the few words the harness adapts where it expects them.
describe("docs/pacemaker.md (Deploy step 6): the pcs lines the e2e suite runs", () => {
  const markdown = readFileSync(PACEMAKER_DOC, "utf8");
  const settings = pacemakerSettings(PACEMAKER_DOC);
  const set = settingsOf(settings.lines);

  it("keeps a failover target after every fault: one move per partition, failures forgotten, quorum frozen", () => {
    expect(set.get("migration-threshold")).toBe("1");
    expect(set.get("resource-stickiness")).toBe("INFINITY");
    // Longer than the 60 s a partition is promised not to ping-pong, finite so a healed node is a target again.
    expect(failureTimeoutSeconds(settings)).toBeGreaterThan(60);
    expect(Number.isFinite(failureTimeoutSeconds(settings))).toBe(true);
    expect(set.get("no-quorum-policy")).toBe("freeze");
    expect(set.get("multiple-active")).toBeUndefined();
    expect(set.get("token")).toBe("1000");
    expect(monitorSeconds(settings)).toBe(10);
  });

  it("explains every setting it makes in its own line", () => {
    const step = clusterStep(markdown);
    for (const key of [...set.keys()].filter((k) => !k.startsWith("op ")))
      expect(step, `an explanation of ${key}`).toMatch(new RegExp(`\\n\\s*- \`${key}=`));
  });

  it("has a line for each phase the harness runs, and the id the harness replaces", () => {
    // Act
    const phases = phasesOf(settings.lines);
    // Assess: corosync, the cluster's start, the CIB seeded before boot, and the resource once AWS is up
    expect(phases.setup).toMatch(/^pcs cluster setup \S+ nodeA addr=\S+ nodeB addr=\S+ totem /);
    expect(phases.start).toEqual(["pcs cluster start --all"]);
    expect(phases.seed.map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual([
      "pcs property set",
      "pcs resource defaults",
    ]);
    expect(resourceIds(phases.live)).toEqual(["vip"]);
    expect(() => withValues(phases.live, { allocation_id: "eipalloc-1" })).not.toThrow();
  });

  it("reads the article's settings kept for E2E_PACEMAKER (bench/results/article-step6.md) in the same form", () => {
    // Act
    const before = settingsOf(pacemakerSettings("bench/results/article-step6.md").lines);
    // Assess: the "before" of RESULTS' partition tables, not today's settings
    expect(before.get("no-quorum-policy")).toBe("stop");
    expect(before.get("failure-timeout")).toBeUndefined();
    expect(resourceIds(pacemakerSettings("bench/results/article-step6.md").lines)).toEqual(["vip"]);
  });

  it("finds no cluster step in a page without one, and no block in a step without one", () => {
    expect(() => clusterBlock("# nothing here\n")).toThrow(`docs/pacemaker.md has no step '${CLUSTER_STEP}'`);
    expect(() => clusterBlock(`# t\n${CLUSTER_STEP}\ntext\n## 2. Next\n\`\`\`sh\npcs x\n\`\`\`\n`)).toThrow(
      "has no ```sh block",
    );
  });

  it("reads the block of the cluster step only, up to the next step", () => {
    const page = `# t\n${CLUSTER_STEP}\n\`\`\`sh\npcs resource create a ocf:x:y\n\`\`\`\n## 2. Next\n\`\`\`sh\npcs other\n\`\`\`\n`;
    expect(clusterBlock(page)).toBe("pcs resource create a ocf:x:y\n");
  });
});

describe("the harness's pure helpers over pcs lines (test/e2e/settings.ts)", () => {
  const block = `pcs cluster setup web nodeA addr=10.0.0.20 nodeB addr=10.0.1.20 totem token=2000 consensus=3000
pcs cluster start --all
pcs property set no-quorum-policy=freeze # a comment
pcs resource defaults update failure-timeout=2min
pcs resource create vip ocf:eip-failover:eip allocation_id=eipalloc-1 \\
  meta multiple-active=stop_start op monitor interval=5s timeout=20s op stop timeout=30s
`;

  it("reads continuations and comments as a shell does, and refuses a line that is not pcs, naming it", () => {
    // Act
    const lines = pcsLines(block);
    // Assess
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe(
      "pcs resource create vip ocf:eip-failover:eip allocation_id=eipalloc-1 meta multiple-active=stop_start op monitor interval=5s timeout=20s op stop timeout=30s",
    );
    expect(() => pcsLines("crm configure x\n")).toThrow(
      "docs/pacemaker.md: the e2e suite runs pcs lines only, not 'crm configure x'",
    );
  });

  it("reads the settings the lines make, not a resource's own parameters", () => {
    // Act
    const lines = pcsLines(block);
    // Assess
    expect(Object.fromEntries(settingsOf(lines))).toEqual({
      token: "2000",
      consensus: "3000",
      "no-quorum-policy": "freeze",
      "failure-timeout": "2min",
      "multiple-active": "stop_start",
      "op monitor interval": "5s",
      "op monitor timeout": "20s",
      "op stop timeout": "30s",
    });
    expect(failureTimeoutSeconds({ lines })).toBe(120);
    expect(monitorSeconds({ lines })).toBe(5);
  });

  it("puts the suite's nodes and addresses in the setup line, its options kept", () => {
    const line = "pcs cluster setup web nodeA addr=10.0.0.20 nodeB addr=10.0.1.20 totem token=1000";
    expect(forHosts(line, { nodeA: "198.51.100.1", nodeB: "198.51.100.2", nodeC: "198.51.100.3" })).toBe(
      "pcs cluster setup web nodeA addr=198.51.100.1 nodeB addr=198.51.100.2 nodeC addr=198.51.100.3 totem token=1000",
    );
    expect(forHosts("pcs cluster setup web a b", { x: "1" })).toBe("pcs cluster setup web x addr=1");
    expect(() => forHosts("pcs cluster start --all", { x: "1" })).toThrow("not a 'pcs cluster setup NAME");
  });

  it("replaces the values a user replaces, and names one no line has", () => {
    const lines = ["pcs resource create overlay ocf:x:route ip=192.168.100.10 routing_table=rtb-0a,rtb-0b"];
    expect(withValues(lines, { ip: "10.9.9.9", routing_table: "rtb-1" })).toEqual([
      "pcs resource create overlay ocf:x:route ip=10.9.9.9 routing_table=rtb-1",
    ]);
    expect(() => withValues(lines, { allocation_id: "eipalloc-1" })).toThrow("no line sets 'allocation_id='");
  });

  it("sorts the lines into the harness's phases, in their order", () => {
    const phases = phasesOf(pcsLines(`${block}pcs resource group add web vip overlay\n`));
    expect(phases.setup).toMatch(/^pcs cluster setup web /);
    expect(phases.start).toEqual(["pcs cluster start --all"]);
    expect(phases.seed).toEqual([
      "pcs property set no-quorum-policy=freeze",
      "pcs resource defaults update failure-timeout=2min",
    ]);
    expect(phases.live.map((l) => l.slice(0, 24))).toEqual([
      "pcs resource create vip ",
      "pcs resource group add w",
    ]);
    expect(() => phasesOf(["pcs property set a=b"])).toThrow("no 'pcs cluster setup' line");
  });
});
