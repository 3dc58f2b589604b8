import { describe, expect, it } from "vitest";
import { fencingPcs, PRIORITY_FENCING_DELAY_S, README_FENCING_PCS } from "../../e2e/fencing.ts";

describe("fencingPcs: the pcs lines of a fenced cluster", () => {
  it("maps every node to its instance in one fence_aws device, in the Region given", () => {
    const [stonith] = fencingPcs({ nodeA: "i-1", nodeB: "i-2", nodeC: "i-3" }, "eu-west-1");
    expect(stonith).toContain('pcmk_host_map="nodeA:i-1;nodeB:i-2;nodeC:i-3"');
    expect(stonith).toMatch(/^pcs stonith create fence-aws fence_aws region=eu-west-1 /);
  });

  it("turns STONITH on with the holder favoured in a fence race (vip's priority, priority-fencing-delay)", () => {
    expect(README_FENCING_PCS.slice(1)).toEqual([
      "pcs resource meta vip priority=10",
      `pcs property set stonith-enabled=true priority-fencing-delay=${PRIORITY_FENCING_DELAY_S}s`,
    ]);
  });
});
