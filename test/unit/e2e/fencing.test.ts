import { describe, expect, it } from "vitest";
import {
  FENCING_STEP,
  fencedCluster,
  fencedSettings,
  forInstances,
  parseFencedCluster,
} from "../../e2e/fencing.ts";
import { pacemakerSettings, settingsOf } from "../../e2e/settings.ts";

// docs/fencing.md's lines are what the fencing e2e scenarios run (test/e2e/fencing.ts), with the real pcs.
describe("docs/fencing.md's fenced cluster, as the e2e suite reads it", () => {
  it("sets corosync's token and fences with one fence_aws device, STONITH on, the holder favoured by priority", () => {
    const fenced = fencedCluster();
    expect(Number(settingsOf([fenced.setup]).get("token"))).toBeGreaterThan(1000);
    const stonith = fenced.pcs.find((l) => l.startsWith("pcs stonith create "));
    expect(stonith).toMatch(/^pcs stonith create fence-aws fence_aws region=\S+ /);
    expect(stonith).toMatch(/pcmk_host_map="nodeA:i-[0-9a-f]+;nodeB:i-[0-9a-f]+"/);
    expect(fenced.pcs.some((l) => /^pcs property set .*stonith-enabled=true/.test(l))).toBe(true);
    expect(fenced.pcs).toContain("pcs resource meta vip priority=10");
    expect(fenced.priorityFencingDelayS).toBeGreaterThan(0);
  });

  it("puts the cluster's own instances and Region in the lines, and touches nothing else", () => {
    const lines = [
      'pcs stonith create f fence_aws region=us-east-1 pcmk_host_map="nodeA:i-1;nodeB:i-2" x=1',
      "pcs y",
    ];
    expect(forInstances(lines, { nodeA: "i-a", nodeB: "i-b", nodeC: "i-c" }, "eu-west-1")).toEqual([
      'pcs stonith create f fence_aws region=eu-west-1 pcmk_host_map="nodeA:i-a;nodeB:i-b;nodeC:i-c" x=1',
      "pcs y",
    ]);
  });

  it("joins continuations, drops comments, and refuses a line that is not pcs, naming it", () => {
    const page = (block: string) => `# t\n\n${FENCING_STEP}\n\n\`\`\`sh\n${block}\`\`\`\n\n## next\n`;
    expect(
      parseFencedCluster(page("pcs cluster setup web nodeA nodeB totem token=5000 # why\npcs a \\\n  b=1\n")),
    ).toEqual({
      setup: "pcs cluster setup web nodeA nodeB totem token=5000",
      pcs: ["pcs a b=1"],
      priorityFencingDelayS: 0,
    });
    expect(() => parseFencedCluster(page("systemctl start x\n"))).toThrow(
      "docs/fencing.md: the e2e suite runs pcs lines only, not 'systemctl start x'",
    );
    expect(() => parseFencedCluster("# nothing\n")).toThrow(
      `docs/fencing.md has no section '${FENCING_STEP}'`,
    );
  });

  it("is docs/pacemaker.md step 1 with its setup line replaced by the page's, nothing else", () => {
    // Act
    const fenced = fencedSettings().lines;
    const unfenced = pacemakerSettings().lines;
    // Assess
    expect(fenced).toHaveLength(unfenced.length);
    expect(fenced.filter((l) => !unfenced.includes(l))).toEqual([fencedCluster().setup]);
  });
});
