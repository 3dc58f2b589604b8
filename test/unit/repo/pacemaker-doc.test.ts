import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { failureTimeoutSeconds } from "../../e2e/cib.ts";
import {
  CLUSTER_STEP,
  clusterBlock,
  clusterStep,
  PACEMAKER_DOC,
  pacemakerSettings,
  parseSettings,
} from "../../e2e/settings.ts";

// The e2e suite builds its clusters from docs/pacemaker.md step 1 (test/e2e/settings.ts): these checks keep that
// block parseable, complete and explained, so what the page recommends is what the suite runs.
describe("docs/pacemaker.md (Deploy step 6): the Pacemaker settings the e2e suite runs", () => {
  const markdown = readFileSync(PACEMAKER_DOC, "utf8");
  const settings = pacemakerSettings(PACEMAKER_DOC);

  it("keeps a failover target after every fault: one move per partition, failures forgotten, quorum frozen", () => {
    expect(settings.defaults["migration-threshold"]).toBe("1");
    expect(settings.defaults["resource-stickiness"]).toBe("INFINITY");
    // Longer than the 60 s a partition is promised not to ping-pong, finite so a healed node is a target again.
    expect(failureTimeoutSeconds(settings)).toBeGreaterThan(60);
    expect(Number.isFinite(failureTimeoutSeconds(settings))).toBe(true);
    expect(settings.properties["no-quorum-policy"]).toBe("freeze");
    expect(settings.resource.meta["multiple-active"]).toBeUndefined();
    expect(settings.totem.token).toBe("1000");
  });

  it("explains every setting it makes in its own line", () => {
    const step = clusterStep(markdown);
    const keys = [
      ...Object.keys(settings.totem),
      ...Object.keys(settings.properties),
      ...Object.keys(settings.defaults),
      ...Object.keys(settings.resource.meta),
    ];
    for (const key of keys)
      expect(step, `an explanation of ${key}`).toMatch(new RegExp(`\\n\\s*- \`${key}=`));
  });

  it("reads the article's settings kept for E2E_PACEMAKER (bench/results/article-step6.md) in the same form", () => {
    // Act
    const before = pacemakerSettings("bench/results/article-step6.md");
    // Assess: the "before" of RESULTS' partition tables, not today's settings
    expect(before.properties["no-quorum-policy"]).toBe("stop");
    expect(before.defaults["failure-timeout"]).toBeUndefined();
    expect(before.resource.id).toBe(settings.resource.id);
  });

  it("reads continuations, comments, meta and ops as pcs does", () => {
    const parsed = parseSettings(`pcs cluster setup web a addr=1 b addr=2 totem token=2000 consensus=3000
pcs property set no-quorum-policy=freeze # a comment
pcs resource defaults update failure-timeout=2min
pcs resource create vip ocf:eip-failover:eip allocation_id=eipalloc-1 \\
  meta multiple-active=stop_start op monitor interval=5s timeout=20s op stop timeout=30s`);
    expect(parsed.totem).toEqual({ token: "2000", consensus: "3000" });
    expect(parsed.properties).toEqual({ "no-quorum-policy": "freeze" });
    expect(failureTimeoutSeconds(parsed)).toBe(120);
    expect(parsed.resource).toEqual({
      id: "vip",
      agent: "ocf:eip-failover:eip",
      params: { allocation_id: "eipalloc-1" },
      meta: { "multiple-active": "stop_start" },
      ops: { monitor: { interval: "5s", timeout: "20s" }, stop: { timeout: "30s" } },
    });
  });

  it.each([
    [
      "pcs constraint location vip prefers nodeA",
      "does not know the command 'pcs constraint location vip prefers nodeA'",
    ],
    ["pcs property set stonith-enabled", "expected key=value, got 'stonith-enabled'"],
    ["pcs property set a=b", "creates no resource"],
  ])("refuses what the suite could not apply: %s", (block, message) => {
    expect(() => parseSettings(block)).toThrow(message);
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
