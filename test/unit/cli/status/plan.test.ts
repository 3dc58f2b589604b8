import { describe, expect, it } from "vitest";
import { clusterStatus } from "../../../../cli/status/plan.ts";
import type { ObservedCluster } from "../../../../cli/status/types.ts";

const A = "i-0aaaaaaaaaaaaaaaa";
const B = "i-0bbbbbbbbbbbbbbbb";
const C = "i-0cccccccccccccccc";
const EIP = "eipalloc-0123456789abcdef0";

/** The classic pair: the EIP on A (AZ a), B healthy in AZ c. `over` breaks one thing. */
function observed(over: Partial<ObservedCluster> = {}): ObservedCluster {
  return {
    name: "web",
    fencing: "none",
    graceSeconds: 0,
    members: [{ instanceId: A }, { instanceId: B }],
    allocationIds: [EIP],
    addresses: [
      {
        allocationId: EIP,
        publicIp: "198.51.100.7",
        instanceId: A,
        networkInterfaceId: "eni-0aaaaaaaaaaaaaaaa",
        privateIpAddress: "10.0.0.20",
      },
    ],
    instances: [
      { instanceId: A, state: "running", availabilityZone: "ap-northeast-1a", statusOk: true },
      { instanceId: B, state: "running", availabilityZone: "ap-northeast-1c", statusOk: true },
    ],
    ...over,
  };
}

describe("clusterStatus", () => {
  it("the classic pair: the EIP on A with its ENI, IP and AZ, B the standby, no drift", () => {
    // Act
    const status = clusterStatus(observed());
    // Assess
    expect(status.addresses).toEqual([
      {
        allocationId: EIP,
        publicIp: "198.51.100.7",
        instanceId: A,
        networkInterfaceId: "eni-0aaaaaaaaaaaaaaaa",
        privateIpAddress: "10.0.0.20",
        availabilityZone: "ap-northeast-1a",
        heldBy: "member",
        standby: B,
      },
    ]);
    expect(status.members).toEqual([
      {
        instanceId: A,
        state: "running",
        checks: "ok",
        availabilityZone: "ap-northeast-1a",
        holds: ["198.51.100.7"],
        alarm: undefined,
      },
      {
        instanceId: B,
        state: "running",
        checks: "ok",
        availabilityZone: "ap-northeast-1c",
        holds: [],
        alarm: undefined,
      },
    ]);
    expect(status.warnings).toEqual([]);
  });

  it.each<[string, Partial<ObservedCluster>, string[]]>([
    [
      "held by a non-member",
      {
        addresses: [{ allocationId: EIP, publicIp: "198.51.100.7", instanceId: C }],
        instances: [
          ...observed().instances,
          { instanceId: C, state: "running", availabilityZone: "ap-northeast-1a", statusOk: true },
        ],
      },
      [`address 198.51.100.7 (${EIP}) is held by ${C}, which is not a member of the cluster`],
    ],
    [
      "pointing at nobody",
      { addresses: [{ allocationId: EIP, publicIp: "198.51.100.7" }] },
      [`address 198.51.100.7 (${EIP}) points at no instance`],
    ],
    [
      "an allocation id that does not exist",
      { addresses: [] },
      [`address ${EIP} does not exist in this Region`],
    ],
    [
      "the holder impaired, B the only standby",
      {
        instances: [
          { instanceId: A, state: "running", availabilityZone: "ap-northeast-1a", statusOk: false },
          { instanceId: B, state: "running", availabilityZone: "ap-northeast-1c", statusOk: true },
        ],
      },
      [`address 198.51.100.7 (${EIP}) is on ${A}, which is impaired`],
    ],
    [
      "B stopped: no healthy standby",
      {
        instances: [
          { instanceId: A, state: "running", availabilityZone: "ap-northeast-1a", statusOk: true },
          { instanceId: B, state: "stopped", availabilityZone: "ap-northeast-1c", statusOk: false },
        ],
      },
      [
        `address 198.51.100.7 (${EIP}) has no healthy standby: if its holder failed now, nothing could take it`,
      ],
    ],
    [
      "a member EC2 does not know",
      { instances: observed().instances.slice(0, 1) },
      [
        `address 198.51.100.7 (${EIP}) has no healthy standby: if its holder failed now, nothing could take it`,
        `member ${B} does not exist in this Region`,
      ],
    ],
    [
      "a member without a status alarm, and an orphan alarm",
      { alarmedInstanceIds: [A, C] },
      [
        `member ${B} has no status alarm (the sweep creates it from the cluster document within a sweep period)`,
        `status alarm for ${C}, which is not a member of the cluster`,
      ],
    ],
  ])("drift: %s", (_, over, warnings) => {
    expect(clusterStatus(observed(over)).warnings).toEqual(warnings);
  });

  it("the standby is core's choice: another AZ first, then document order", () => {
    // Prepare: a third member in the failed holder's AZ, listed before B.
    const third = {
      instanceId: C,
      state: "running" as const,
      availabilityZone: "ap-northeast-1a",
      statusOk: true,
    };
    // Act
    const status = clusterStatus(
      observed({
        members: [{ instanceId: A }, { instanceId: C }, { instanceId: B }],
        instances: [...observed().instances, third],
      }),
    );
    // Assess
    expect(status.addresses[0]?.standby).toBe(B);
    expect(status.members.map((m) => m.checks)).toEqual(["ok", "ok", "ok"]);
  });
});
