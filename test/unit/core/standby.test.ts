import { describe, expect, it } from "vitest";
import { chooseStandby, describeHolder, holds, type MemberHealth } from "../../../core/index.ts";

const h = (
  instanceId: string,
  az: string,
  state: MemberHealth["state"] = "running",
  statusOk = true,
): MemberHealth => ({ instanceId, availabilityZone: az, state, statusOk });
const members = ["a", "b", "c", "d"].map((id) => ({ instanceId: id }));

describe("chooseStandby", () => {
  it.each([
    ["another AZ first, over configured order", [h("a", "1a"), h("b", "1a"), h("c", "1c")], "c"],
    ["configured order among other-AZ members", [h("a", "1a"), h("c", "1c"), h("d", "1c")], "c"],
    [
      "same AZ when no other AZ is healthy",
      [h("a", "1a"), h("b", "1a"), h("c", "1c", "stopped", false)],
      "b",
    ],
    [
      "running but impaired is not healthy",
      [h("a", "1a"), h("b", "1c", "running", false), h("c", "1a")],
      "c",
    ],
    ["pending is not healthy", [h("a", "1a"), h("b", "1c", "pending", false)], undefined],
    ["no health known → none", [], undefined],
  ] as const)("%s", (_name, health, expected) => {
    expect(chooseStandby({ members, health, failedInstanceId: "a" })?.instanceId).toBe(expected);
  });

  it("a failed member EC2 no longer reports has no AZ: the first healthy member in configured order", () => {
    expect(
      chooseStandby({ members, health: [h("c", "1c"), h("b", "1a")], failedInstanceId: "a" })?.instanceId,
    ).toBe("b");
  });

  it("never chooses the failed member, even when it looks healthy", () => {
    expect(
      chooseStandby({ members: [{ instanceId: "a" }], health: [h("a", "1a")], failedInstanceId: "a" }),
    ).toBeUndefined();
  });
});

describe("holds and describeHolder", () => {
  const snap = {
    allocationId: "eipalloc-1",
    publicIp: "203.0.113.1",
    domain: "vpc" as const,
    association: {
      associationId: "x",
      instanceId: "i-1",
      networkInterfaceId: "eni-1",
      privateIpAddress: "10.0.0.20",
    },
  };
  it.each([
    [{ kind: "instance", instanceId: "i-1" }, true],
    [{ kind: "instance", instanceId: "i-2" }, false],
    [{ kind: "interface", networkInterfaceId: "eni-1" }, true],
    [{ kind: "interface", networkInterfaceId: "eni-1", privateIpAddress: "10.0.0.20" }, true],
    [{ kind: "interface", networkInterfaceId: "eni-1", privateIpAddress: "10.0.0.21" }, false],
  ] as const)("%j → %s", (target, expected) => {
    expect(holds(snap, target)).toBe(expected);
  });
  it("describes holders for messages", () => {
    expect(describeHolder(snap)).toBe("instance i-1 (eni-1, 10.0.0.20)");
    expect(describeHolder({ ...snap, association: undefined })).toBe("nobody");
  });
});
