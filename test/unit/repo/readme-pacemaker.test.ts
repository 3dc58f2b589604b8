import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { failureTimeoutSeconds } from "../../e2e/cib.ts";
import { parseSettings, README, readmeSettings, step6Block } from "../../e2e/settings.ts";

// The e2e suite builds its clusters from README step 6 (test/e2e/settings.ts): these checks keep that block
// parseable, complete and explained, so what the README recommends is what the suite runs.
describe("README Deploy step 6: the Pacemaker settings the e2e suite runs", () => {
  const markdown = readFileSync(README, "utf8");
  const settings = readmeSettings(README);

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
    const step = markdown.split("\n6. **Pacemaker**")[1]?.split(/\n7\. \*\*/)[0] ?? "";
    const keys = [
      ...Object.keys(settings.totem),
      ...Object.keys(settings.properties),
      ...Object.keys(settings.defaults),
      ...Object.keys(settings.resource.meta),
    ];
    for (const key of keys)
      expect(step, `an explanation of ${key}`).toMatch(new RegExp(`\\n\\s*- \`${key}=`));
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

  it("finds no step 6 in a README without one", () => {
    expect(() => step6Block("# nothing here\n")).toThrow("README has no Deploy step '6. **Pacemaker**'");
  });
});
