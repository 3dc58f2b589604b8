import { CreateRouteCommand, DeleteRouteCommand, ReplaceRouteCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  claimRoutes,
  claimRoutesIfUnchanged,
  deadlineIn,
  ErrorReasons,
  observeRoutes,
  type RouteSnapshot,
} from "../../../core/index.ts";
import { routeSubnet } from "../../../sim/topology.ts";
import { useMoto } from "../../support/moto.ts";

const options = () => ({ deadline: deadlineIn(10_000) });
const V6 = "fd00:ec2::10/128";

/** Where each table routes the snapshot's destination: an ENI id, or "none". */
const enis = (s: RouteSnapshot) => s.tables.map((t) => t.route?.networkInterfaceId ?? "none");

describe("route operations against moto (the classic topology's overlay 192.168.100.10/32)", () => {
  const sim = useMoto();
  const eni = (n: "A" | "B") => sim.topology.nodes[n].networkInterfaceId;
  const ref = () => sim.topology.overlay;
  const now = () => observeRoutes(sim.ec2, ref(), options());

  it("observeRoutes reads every table in one DescribeRouteTables call, in the order given", async () => {
    // Act
    const seen = await now();
    // Assess
    expect(seen.destination).toBe("192.168.100.10/32");
    expect(seen.tables.map((t) => t.routeTableId)).toEqual(ref().routeTableIds);
    expect(enis(seen)).toEqual([eni("A"), eni("A")]);
  });

  it("observeRoutes: an unknown table is not-found, naming the tables", async () => {
    const bad = { ...ref(), routeTableIds: [...ref().routeTableIds, "rtb-0123456789abcdef0"] };
    const error = await observeRoutes(sim.ec2, bad, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: ErrorReasons.notFound });
    expect((error as Error).message).toContain("rtb-0123456789abcdef0");
  });

  it("claimRoutes points every table at B, then is a no-op", async () => {
    // Act
    const result = await claimRoutes(sim.ec2, await now(), eni("B"), options());
    // Assess
    expect(result.steps.map((s) => s.action)).toEqual(["ReplaceRoute", "ReplaceRoute"]);
    expect(enis(await now())).toEqual([eni("B"), eni("B")]);
    const again = await claimRoutes(sim.ec2, await now(), eni("B"), options());
    expect(again.steps).toEqual([]);
    expect(again.unchanged).toEqual(ref().routeTableIds);
  });

  it("claimRoutes creates the route where a table lacks it", async () => {
    // Prepare: B's table loses its route (only the test deletes; the product never does)
    const [, rtbB] = ref().routeTableIds;
    await sim.ec2.send(
      new DeleteRouteCommand({ RouteTableId: rtbB, DestinationCidrBlock: ref().destination }),
    );
    // Act
    const result = await claimRoutes(sim.ec2, await now(), eni("B"), options());
    // Assess
    expect(result.steps.map((s) => s.action)).toEqual(["ReplaceRoute", "CreateRoute"]);
    expect(enis(await now())).toEqual([eni("B"), eni("B")]);
  });

  // moto lets CreateRoute overwrite an existing route to an interface, where EC2 answers RouteAlreadyExists;
  // test/unit/core/claim-routes.test.ts covers EC2's answer.
  it("claimRoutes: a route created after the observation ends on the target too", async () => {
    // Prepare: observed missing, then someone creates it to A
    const [, rtbB] = ref().routeTableIds;
    const destination = ref().destination;
    await sim.ec2.send(new DeleteRouteCommand({ RouteTableId: rtbB, DestinationCidrBlock: destination }));
    const seen = await now();
    await sim.ec2.send(
      new CreateRouteCommand({
        RouteTableId: rtbB,
        DestinationCidrBlock: destination,
        NetworkInterfaceId: eni("A"),
      }),
    );
    // Act
    const result = await claimRoutes(sim.ec2, seen, eni("B"), options());
    // Assess
    expect(result.steps.map((s) => s.routeTableId)).toEqual(ref().routeTableIds);
    expect(enis(await now())).toEqual([eni("B"), eni("B")]);
  });

  it("claimRoutesIfUnchanged moves what is unchanged and leaves a table someone else moved", async () => {
    // Prepare: observed on A; then someone else points A's-subnet table at B already
    const [rtbA, rtbB] = ref().routeTableIds;
    const seen = await now();
    await sim.ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: rtbA,
        DestinationCidrBlock: ref().destination,
        NetworkInterfaceId: eni("B"),
      }),
    );
    // Act
    const result = await claimRoutesIfUnchanged(sim.ec2, seen, eni("B"), options());
    // Assess: rtbA already at B (unchanged), rtbB moved
    expect(result.unchanged).toEqual([rtbA]);
    expect(result.steps.map((s) => s.routeTableId)).toEqual([rtbB]);
    expect(result.conflicts).toEqual([]);
  });

  it("claimRoutesIfUnchanged: a table moved elsewhere after the observation is a conflict and keeps its route", async () => {
    // Prepare: a third interface, made by launching a node in A's subnet
    const [rtbA, rtbB] = ref().routeTableIds;
    const seen = await now();
    const { launchNode } = await import("../../../sim/topology.ts");
    const third = await launchNode(sim.ec2, {
      name: "nodeC",
      subnetId: sim.topology.nodes.A.subnetId,
      privateIp: "10.0.0.30",
    });
    await sim.ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: rtbB,
        DestinationCidrBlock: ref().destination,
        NetworkInterfaceId: third.networkInterfaceId,
      }),
    );
    // Act
    const result = await claimRoutesIfUnchanged(sim.ec2, seen, eni("B"), options());
    // Assess
    expect(result.steps.map((s) => s.routeTableId)).toEqual([rtbA]);
    expect(result.conflicts).toEqual([
      {
        routeTableId: rtbB,
        observed: expect.objectContaining({ networkInterfaceId: eni("A") }),
        current: expect.objectContaining({ networkInterfaceId: third.networkInterfaceId }),
      },
    ]);
    expect(enis(await now())).toEqual([eni("B"), third.networkInterfaceId]);
  });

  it("IPv6 /128: observed, replaced and created like IPv4", async () => {
    // Prepare: a table of its own holding fd00:ec2::10/128 → A
    const rtb = await routeSubnet(sim.ec2, {
      vpcId: sim.topology.vpcId,
      subnetId: sim.topology.nodes.B.subnetId,
      name: "v6",
      destination: V6,
      networkInterfaceId: eni("A"),
    });
    const v6 = { destination: "FD00:EC2::10", routeTableIds: [rtb] };
    // Act
    const seen = await observeRoutes(sim.ec2, v6, options());
    const result = await claimRoutes(sim.ec2, seen, eni("B"), options());
    // Assess
    expect(seen.destination).toBe(V6);
    expect(enis(seen)).toEqual([eni("A")]);
    expect(result.steps.map((s) => s.action)).toEqual(["ReplaceRoute"]);
    expect(enis(await observeRoutes(sim.ec2, v6, options()))).toEqual([eni("B")]);
  });

  it("a bad target interface is refused by EC2 and the routes stay where they were", async () => {
    const error = await claimRoutes(sim.ec2, await now(), "eni-0123456789abcdef0", options()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: ErrorReasons.targetRefused });
    expect(enis(await now())).toEqual([eni("A"), eni("A")]);
  });
});
