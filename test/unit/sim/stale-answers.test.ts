import { describe, expect, it } from "vitest";
import {
  addressKey,
  type Before,
  changedBy,
  changesModelled,
  instanceKey,
  routeKey,
  stateFieldsOf,
} from "../../../sim/changes.ts";
import { lagWindows } from "../../../sim/consistency.ts";
import { showStale, showsLag } from "../../../sim/stale-answers.ts";

// moto's answers, as it writes them (trimmed to what the lag touches, plus a neighbour to leave alone).
const address = (id: string, eni: string, instance: string) =>
  `<item><allocationId>${id}</allocationId><associationId>eipassoc-${eni}</associationId><networkInterfaceId>${eni}</networkInterfaceId><privateIpAddress>10.0.0.20</privateIpAddress><tagSet><item><key>Name</key><value>vip</value></item></tagSet><instanceId>${instance}</instanceId><publicIp>203.0.113.1</publicIp></item>`;
const addresses = (...items: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<DescribeAddressesResponse><addressesSet>${items.join("")}</addressesSet><requestId>r</requestId></DescribeAddressesResponse>`;
const route = (destination: string, eni: string) =>
  `<item><destinationCidrBlock>${destination}</destinationCidrBlock><networkInterfaceId>${eni}</networkInterfaceId><origin>CreateRoute</origin><state>active</state></item>`;
const LOCAL = `<item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><origin>CreateRouteTable</origin><state>active</state></item>`;
const table = (id: string, ...routes: string[]) =>
  `<item><associationSet><item><routeTableAssociationId>rtbassoc-1</routeTableAssociationId><routeTableId>${id}</routeTableId></item></associationSet><routeTableId>${id}</routeTableId><routeSet>${routes.join("")}</routeSet><vpcId>vpc-1</vpcId></item>`;
const tables = (...items: string[]) =>
  `<DescribeRouteTablesResponse><routeTableSet>${items.join("")}</routeTableSet></DescribeRouteTablesResponse>`;
const state = (code: number, name: string) =>
  `<instanceState><code>${code}</code><name>${name}</name></instanceState>`;
const instance = (id: string, code: number, name: string, reason = "<reason/>") =>
  `<item><networkInterfaceSet><item><networkInterfaceId>eni-${id}</networkInterfaceId></item></networkInterfaceSet><stateReason><code/><message/></stateReason><instanceId>${id}</instanceId>${state(code, name)}${reason}</item>`;
const reservations = (...items: string[]) =>
  `<DescribeInstancesResponse><reservationSet><item><reservationId>r-1</reservationId><instancesSet>${items.join("")}</instancesSet></item></reservationSet></DescribeInstancesResponse>`;
const status = (id: string, code: number, name: string) =>
  `<item><availabilityZone>ap-northeast-1a</availabilityZone><instanceId>${id}</instanceId>${state(code, name)}<instanceStatus><status>ok</status></instanceStatus></item>`;
const statuses = (...items: string[]) =>
  `<DescribeInstanceStatusResponse><instanceStatusSet>${items.join("")}</instanceStatusSet></DescribeInstanceStatusResponse>`;

/** Lag windows that are all still open (1 s, and the clock never moves), with `changes` recorded. */
function windowsWith(...changes: [string, Before][]) {
  const windows = lagWindows<Before>({ minMs: 1_000, maxMs: 1_000 }, Math.random, () => 0);
  for (const [key, before] of changes) windows.record(key, before);
  return windows;
}
const params = (query = "") => new URLSearchParams(query);

describe("showStale: Describe answers while a change has not yet shown", () => {
  it("shows an address as it was before its change, and its neighbours as they are", () => {
    const before = address("eipalloc-1", "eni-a", "i-a");
    const windows = windowsWith([addressKey("eipalloc-1"), { kind: "address", item: before }]);
    const truth = addresses(address("eipalloc-1", "eni-b", "i-b"), address("eipalloc-2", "eni-c", "i-c"));
    expect(showStale("DescribeAddresses", params(), truth, windows)).toBe(
      addresses(before, address("eipalloc-2", "eni-c", "i-c")),
    );
  });

  it("leaves an answer untouched when nothing in it is stale", () => {
    const windows = windowsWith([addressKey("eipalloc-9"), { kind: "address", item: "<item/>" }]);
    const truth = addresses(address("eipalloc-1", "eni-b", "i-b"));
    expect(showStale("DescribeAddresses", params(), truth, windows)).toBe(truth);
    expect(showStale("DescribeVpcs", params(), truth, windows)).toBe(truth);
    expect(showsLag("DescribeVpcs")).toBe(false);
  });

  it("shows a replaced route's old target and a created route absent, in that table only", () => {
    const windows = windowsWith(
      [routeKey("rtb-1", "192.168.1.1/32"), { kind: "route", item: route("192.168.1.1/32", "eni-a") }],
      [routeKey("rtb-1", "192.168.1.2/32"), { kind: "route", item: undefined }],
      [routeKey("rtb-2", "192.168.1.3/32"), { kind: "route", item: undefined }],
    );
    const truth = tables(
      table("rtb-1", LOCAL, route("192.168.1.1/32", "eni-b"), route("192.168.1.2/32", "eni-b")),
      table("rtb-2", LOCAL),
      table("rtb-3", LOCAL, route("192.168.1.1/32", "eni-b")),
    );
    expect(showStale("DescribeRouteTables", params(), truth, windows)).toBe(
      tables(
        table("rtb-1", LOCAL, route("192.168.1.1/32", "eni-a")),
        table("rtb-2", LOCAL),
        table("rtb-3", LOCAL, route("192.168.1.1/32", "eni-b")),
      ),
    );
  });

  it("shows an instance's state, state reason and transition reason as before its stop", () => {
    const running = instance("i-a", 16, "running");
    const stopped = instance(
      "i-a",
      80,
      "stopped",
      "<reason>User initiated (2026-12-06 11:00:00 GMT)</reason>",
    );
    const windows = windowsWith([
      instanceKey("i-a"),
      { kind: "instance", fields: stateFieldsOf(running), status: status("i-a", 16, "running") },
    ]);
    expect(
      showStale(
        "DescribeInstances",
        params(),
        reservations(stopped, instance("i-b", 80, "stopped")),
        windows,
      ),
    ).toBe(reservations(running, instance("i-b", 80, "stopped")));
  });

  it("lists a just-stopped instance as running in DescribeInstanceStatus, even without IncludeAllInstances", () => {
    const windows = windowsWith([
      instanceKey("i-a"),
      {
        kind: "instance",
        fields: stateFieldsOf(instance("i-a", 16, "running")),
        status: status("i-a", 16, "running"),
      },
    ]);
    // With IncludeAllInstances moto lists it stopped: shown running.
    expect(
      showStale(
        "DescribeInstanceStatus",
        params("IncludeAllInstances=true&InstanceId.1=i-a"),
        statuses(status("i-a", 80, "stopped")),
        windows,
      ),
    ).toBe(statuses(status("i-a", 16, "running")));
    // Without it moto leaves it out: added back, whether named or not; a filtered request is left as moto made it.
    expect(showStale("DescribeInstanceStatus", params("InstanceId.1=i-a"), statuses(), windows)).toBe(
      statuses(status("i-a", 16, "running")),
    );
    expect(showStale("DescribeInstanceStatus", params(), "<R><instanceStatusSet/></R>", windows)).toBe(
      `<R><instanceStatusSet>${status("i-a", 16, "running")}</instanceStatusSet></R>`,
    );
    expect(showStale("DescribeInstanceStatus", params("InstanceId.1=i-b"), statuses(), windows)).toBe(
      statuses(),
    );
    const filtered = params("Filter.1.Name=availability-zone&Filter.1.Value.1=ap-northeast-1a");
    expect(showStale("DescribeInstanceStatus", filtered, statuses(), windows)).toBe(statuses());
  });

  it("drops a just-started instance from DescribeInstanceStatus without IncludeAllInstances", () => {
    const windows = windowsWith([
      instanceKey("i-a"),
      {
        kind: "instance",
        fields: stateFieldsOf(instance("i-a", 80, "stopped")),
        status: status("i-a", 80, "stopped"),
      },
    ]);
    expect(
      showStale(
        "DescribeInstanceStatus",
        params("InstanceId.1=i-a"),
        statuses(status("i-a", 16, "running")),
        windows,
      ),
    ).toBe(statuses());
  });
});

describe("changedBy: what a mutating call is about to change, as moto shows it now", () => {
  /** A moto that answers from a table keyed by the query, and remembers what it was asked. */
  function moto(answers: Record<string, string>) {
    const asked: string[] = [];
    return {
      asked,
      ask: async (q: Record<string, string>) => {
        const key = new URLSearchParams(q).toString();
        asked.push(key);
        return answers[key] ?? "<Response><Errors/></Response>";
      },
    };
  }

  it("an association: the address named and any address already on the target interface", async () => {
    const m = moto({
      "Action=DescribeAddresses&AllocationId.1=eipalloc-1": addresses(address("eipalloc-1", "eni-a", "i-a")),
      "Action=DescribeAddresses&Filter.1.Name=network-interface-id&Filter.1.Value.1=eni-b": addresses(
        address("eipalloc-2", "eni-b", "i-b"),
      ),
    });
    const changes = await changedBy(
      "AssociateAddress",
      params("AllocationId=eipalloc-1&NetworkInterfaceId=eni-b&PrivateIpAddress=10.0.1.20"),
      m.ask,
    );
    expect(changes).toEqual([
      {
        key: addressKey("eipalloc-1"),
        before: { kind: "address", item: address("eipalloc-1", "eni-a", "i-a") },
      },
      {
        key: addressKey("eipalloc-2"),
        before: { kind: "address", item: address("eipalloc-2", "eni-b", "i-b") },
      },
    ]);
  });

  it("an association by instance asks for the addresses on that instance", async () => {
    const m = moto({});
    await changedBy("AssociateAddress", params("PublicIp=203.0.113.1&InstanceId=i-b"), m.ask);
    expect(m.asked).toEqual([
      "Action=DescribeAddresses&PublicIp.1=203.0.113.1",
      "Action=DescribeAddresses&Filter.1.Name=instance-id&Filter.1.Value.1=i-b",
    ]);
  });

  it("a disassociation: the address with that association", async () => {
    const m = moto({
      "Action=DescribeAddresses&Filter.1.Name=association-id&Filter.1.Value.1=eipassoc-eni-a": addresses(
        address("eipalloc-1", "eni-a", "i-a"),
      ),
    });
    const changes = await changedBy("DisassociateAddress", params("AssociationId=eipassoc-eni-a"), m.ask);
    expect(changes.map((c) => c.key)).toEqual([addressKey("eipalloc-1")]);
  });

  it("a route: that one route of that table, or its absence", async () => {
    const m = moto({
      "Action=DescribeRouteTables&RouteTableId.1=rtb-1": tables(
        table("rtb-1", LOCAL, route("192.168.1.1/32", "eni-a")),
      ),
    });
    expect(
      await changedBy(
        "ReplaceRoute",
        params("RouteTableId=rtb-1&DestinationCidrBlock=192.168.1.1%2F32&NetworkInterfaceId=eni-b"),
        m.ask,
      ),
    ).toEqual([
      {
        key: routeKey("rtb-1", "192.168.1.1/32"),
        before: { kind: "route", item: route("192.168.1.1/32", "eni-a") },
      },
    ]);
    expect(
      await changedBy(
        "CreateRoute",
        params("RouteTableId=rtb-1&DestinationCidrBlock=192.168.1.2%2F32"),
        m.ask,
      ),
    ).toEqual([{ key: routeKey("rtb-1", "192.168.1.2/32"), before: { kind: "route", item: undefined } }]);
    // A table moto does not know: the call will fail, nothing to show late.
    expect(
      await changedBy(
        "CreateRoute",
        params("RouteTableId=rtb-9&DestinationCidrBlock=192.168.1.2%2F32"),
        m.ask,
      ),
    ).toEqual([]);
  });

  it("a stop: each instance's state fields and status", async () => {
    const m = moto({
      "Action=DescribeInstances&InstanceId.1=i-a": reservations(instance("i-a", 16, "running")),
      "Action=DescribeInstanceStatus&IncludeAllInstances=true&InstanceId.1=i-a": statuses(
        status("i-a", 16, "running"),
      ),
    });
    expect(await changedBy("StopInstances", params("InstanceId.1=i-a&Force=true"), m.ask)).toEqual([
      {
        key: instanceKey("i-a"),
        before: {
          kind: "instance",
          fields: {
            instanceState: state(16, "running"),
            stateReason: "<stateReason><code/><message/></stateReason>",
            reason: "<reason/>",
          },
          status: status("i-a", 16, "running"),
        },
      },
    ]);
  });

  it("models the changes it knows and asks nothing for the others", async () => {
    const m = moto({});
    expect(changesModelled("ReplaceRoute")).toBe(true);
    expect(changesModelled("RebootInstances")).toBe(false);
    expect(changesModelled("toString")).toBe(false);
    expect(await changedBy("CreateTags", params("ResourceId.1=i-a"), m.ask)).toEqual([]);
    expect(m.asked).toEqual([]);
  });
});
