import { EC2Client } from "@aws-sdk/client-ec2";
import { parseConfig } from "../../../../agent/eip/config.ts";
import type { Identity } from "../../../../agent/ocf/identity.ts";
import { deadlineIn } from "../../../../core/index.ts";

// The world the agent's unit tests see: this node (B) with two interfaces, and the address on A or on B.

export const ALLOC = "eipalloc-0123456789abcdef0";

/** This node, as IMDSv2 would describe it. */
export const self: Identity = {
  instanceId: "i-0bbbbbbbbbbbbbbb1",
  region: "ap-northeast-1",
  availabilityZone: "ap-northeast-1c",
  macAddress: "02:00:00:00:00:0b",
  networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1",
  networkInterfaceIds: ["eni-0bbbbbbbbbbbbbbb1", "eni-0bbbbbbbbbbbbbbb2"],
  macs: { "eni-0bbbbbbbbbbbbbbb1": "02:00:00:00:00:0b", "eni-0bbbbbbbbbbbbbbb2": "02:00:00:00:00:0c" },
};

/** DescribeAddresses' entry for the address on node A. */
export const onA = {
  AllocationId: ALLOC,
  PublicIp: "203.0.113.10",
  Domain: "vpc",
  AssociationId: "eipassoc-0aaaaaaaaaaaaaaa1",
  InstanceId: "i-0aaaaaaaaaaaaaaa1",
  NetworkInterfaceId: "eni-0aaaaaaaaaaaaaaa1",
  PrivateIpAddress: "10.0.0.20",
} as const;

/** DescribeAddresses' entry for the address on this node. */
export const onSelf = {
  ...onA,
  AssociationId: "eipassoc-0bbbbbbbbbbbbbbb1",
  InstanceId: self.instanceId,
  NetworkInterfaceId: self.networkInterfaceId,
  PrivateIpAddress: "10.0.1.20",
};

/** Pacemaker's stop of a disabled resource (target-role Stopped): the stop that gives the address back. */
export const DISABLED = { OCF_RESKEY_CRM_meta_target_role: "Stopped" } as const;

/** An action's context on this node: a fresh EC2 client (mock it with aws-sdk-client-mock), 5 s to run. */
export const actionContext = (env: Record<string, string> = {}) => ({
  ec2: new EC2Client({ region: "ap-northeast-1" }),
  // api_lag 0: exact reads; lagging-reads.test.ts covers the lag bound.
  config: parseConfig({ OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_api_lag: "0", ...env }),
  identity: self,
  deadline: deadlineIn(5_000),
});

/** DescribeAddresses' entry for the address on nobody. */
export const unassociated = { AllocationId: ALLOC, PublicIp: onA.PublicIp, Domain: "vpc" } as const;

/** A clock that moves only when an action sleeps on it (or the test moves it): waits cost no wall time. */
export function fakeTime(start = 1_750_000_000_000) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    /** Moves the clock without an action's sleep: time passing between two actions. */
    advance: (ms: number) => {
      now += ms;
    },
    /** Every wait an action asked for, in ms. */
    slept,
  };
}
export type FakeTime = ReturnType<typeof fakeTime>;
