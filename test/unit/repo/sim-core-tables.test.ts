import { describe, expect, it } from "vitest";
import {
  type BucketName,
  CLUSTER_TAG_KEY as CORE_TAG_KEY,
  type IdKind as CoreIdKind,
  DOCUMENTED_BUCKETS,
  ID_EXAMPLES,
  InstanceStates,
  isId,
} from "../../../core/index.ts";
import { CONTROLLER_BUCKETS } from "../../../functions/pace.ts";
import { DOCUMENTED_TABLES } from "../../../sim/buckets.ts";
import { CLUSTER_TAG_KEY as SIM_TAG_KEY } from "../../../sim/constants.ts";
import { draws } from "../../../sim/ec2-actions.ts";
import { INSTANCE_STATES, isEc2Id, type IdKind as SimIdKind } from "../../../sim/vocabulary.ts";

// The sim is a second picture of AWS, written from AWS's documentation apart from core's (STYLE 14). Where the
// two describe the same thing, they must agree: a difference is a wrong belief in one of them, to be settled
// against the documentation, not by copying one into the other.

/** Where each of core's buckets is in the sim's tables (core names resource buckets by their action). */
const IN_SIM = {
  nonMutating: ["request", "nonMutating"],
  unfilteredDescribe: ["request", "unfilteredDescribe"],
  mutating: ["request", "mutating"],
  StopInstances: ["resource", "StopInstances"],
  TerminateInstances: ["resource", "TerminateInstances"],
  RunInstances: ["resource", "RunInstances"],
  StartInstances: ["resource", "StartInstances"],
  StartInstancesRequests: ["request", "StartInstances"],
} as const satisfies Record<BucketName, readonly ["request" | "resource", string]>;

/** Each command the controller paces, in every shape it sends it (core's calls name ids; the sweep's need not). */
const AS_SENT: Readonly<Record<string, readonly string[]>> = {
  AssociateAddressCommand: ["AllocationId=eipalloc-1&NetworkInterfaceId=eni-1&AllowReassociation=false"],
  DisassociateAddressCommand: ["AssociationId=eipassoc-1"],
  ReplaceRouteCommand: ["RouteTableId=rtb-1&DestinationCidrBlock=192.168.100.10/32&NetworkInterfaceId=eni-1"],
  CreateRouteCommand: ["RouteTableId=rtb-1&DestinationCidrBlock=192.168.100.10/32&NetworkInterfaceId=eni-1"],
  StopInstancesCommand: ["InstanceId.1=i-1&Force=true"],
  StartInstancesCommand: ["InstanceId.1=i-1"],
  // core/locate.ts by allocation id; the sweep (functions/sweep/fleet.ts) every address of the account
  DescribeAddressesCommand: ["AllocationId.1=eipalloc-1", ""],
  DescribeInstanceStatusCommand: ["InstanceId.1=i-1&IncludeAllInstances=true"],
  // core/observe-routes.ts by ids; the sweep by a route-table-id filter
  DescribeRouteTablesCommand: ["RouteTableId.1=rtb-1", "Filter.1.Name=route-table-id&Filter.1.Value.1=rtb-1"],
};

/** Each kind of id core names, and the sim's name for it. */
const ID_KINDS = {
  instanceId: "instance",
  allocationId: "allocation",
  associationId: "association",
  networkInterfaceId: "networkInterface",
  routeTableId: "routeTable",
} as const satisfies Record<CoreIdKind, SimIdKind>;

describe("sim's tables and core's agree", () => {
  it.each(Object.entries(IN_SIM))("core's %s bucket is the sim's %j", (core, [table, name]) => {
    expect(DOCUMENTED_TABLES[table][name]).toEqual(DOCUMENTED_BUCKETS[core as BucketName]);
  });

  it("every bucket core knows is placed in the sim (and so compared)", () => {
    expect(Object.keys(IN_SIM).sort()).toEqual(Object.keys(DOCUMENTED_BUCKETS).sort());
  });

  it.each(Object.entries(CONTROLLER_BUCKETS))(
    "the controller paces %s by %j, the buckets the sim draws it from",
    (command, buckets) => {
      const action = command.replace(/Command$/, "");
      for (const shape of AS_SENT[command] ?? []) {
        const inSim = draws(action, new URLSearchParams(shape)).map(
          (d) =>
            Object.entries(IN_SIM).find(([, [table, name]]) => table === d.table && name === d.bucket)?.[0],
        );
        expect(inSim, `${action}(${shape})`).toEqual(buckets);
      }
    },
  );

  it("every command the controller paces is compared", () => {
    expect(Object.keys(AS_SENT).sort()).toEqual(Object.keys(CONTROLLER_BUCKETS).sort());
  });

  it("both know the same instance states", () => {
    expect([...INSTANCE_STATES].sort()).toEqual([...InstanceStates].sort());
  });

  it.each(Object.entries(ID_KINDS))("both read %s alike (the sim's %s)", (core, sim) => {
    // Prepare: around the prefix of core's own example, what either side might read differently
    const p = ID_EXAMPLES[core as CoreIdKind].split("-")[0] ?? "";
    const samples = [
      `${p}-0123456789abcdef0`,
      `${p}-0123abcd`,
      `${p}-0123456789ABCDEF0`,
      `${p}-0123abc`,
      `${p}-0123abcde`,
      `${p}-0123456789abcdef`,
      `${p}-0123456789abcdef01`,
      `${p}-0123abcg`,
      `${p}0123abcd`,
      `${p}-0123abcd-`,
      `${p}-0123abcd\n`,
      ` ${p}-0123abcd`,
      `x${p}-0123abcd`,
      `${p}--0123abcd`,
      "",
      "i-0123abcd",
      "eni-0123abcd",
    ];
    // Act and Assess
    expect(samples.map((s) => isEc2Id(sim, s))).toEqual(samples.map((s) => isId(core as CoreIdKind, s)));
  });

  it("both tag a cluster's resources with the same key", () => {
    expect(SIM_TAG_KEY).toBe(CORE_TAG_KEY);
  });
});
