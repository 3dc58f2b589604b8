import type { IpResult } from "../../../../agent/route/ip.ts";
import { fakeEc2 } from "../../../support/fake-ec2.ts";
import { type FakeTime, self } from "../eip/fixtures.ts";

export const DESTINATION = "192.168.100.10/32";
export const RTB = ["rtb-0000000000000000a", "rtb-0000000000000000b"] as const;

/**
 * The overlay's route tables behind an EC2 whose reads lag: after each change to a table, DescribeRouteTables
 * shows its route as it was for `lagMs` on `time`. ReplaceRoute and CreateRoute change it at once for later
 * writes; `takenBy` is another node's ReplaceRoute of every table.
 */
export function laggingRoutes(time: FakeTime, lagMs: number, startEni: string) {
  const truth = new Map<string, string>(RTB.map((id) => [id, startEni]));
  const shown = new Map(truth);
  const until = new Map<string, number>();
  const change = (id: string, eni: string) => {
    if (time.now() >= (until.get(id) ?? Number.NEGATIVE_INFINITY)) shown.set(id, truth.get(id) ?? "");
    truth.set(id, eni);
    until.set(id, time.now() + lagMs);
  };
  const read = (id: string) =>
    (time.now() < (until.get(id) ?? Number.NEGATIVE_INFINITY) ? shown : truth).get(id);
  const route = (input: Record<string, unknown>) => {
    change(String(input.RouteTableId), String(input.NetworkInterfaceId));
    return {};
  };
  const { ec2, calls } = fakeEc2({
    DescribeRouteTables: () => ({
      RouteTables: RTB.map((id) => ({
        RouteTableId: id,
        Routes: [{ DestinationCidrBlock: DESTINATION, NetworkInterfaceId: read(id), State: "active" }],
      })),
    }),
    ReplaceRoute: route,
    CreateRoute: route,
  });
  return {
    ec2,
    /** Every EC2 call, in order: "DescribeRouteTables", "ReplaceRoute rtb-…", … */
    calls: () => calls.map((c) => [c.action, c.input.RouteTableId].filter(Boolean).join(" ")),
    /** Where each table routes the destination now (what a read shows once the lag has passed). */
    truth: () => RTB.map((id) => truth.get(id)),
    /** Another node's start: every table to `eni`; reads show the old routes for `lagMs` from now. */
    takenBy: (eni: string) => {
      for (const id of RTB) change(id, eni);
    },
  };
}
export type LaggingRoutes = ReturnType<typeof laggingRoutes>;

/** This node's `ip`: eth0 with the primary interface's MAC; `addr add|del` change what it holds. */
export function nodeIp(addresses: string[] = []) {
  const held = new Set(addresses);
  const run = async (args: readonly string[]): Promise<IpResult> => {
    const [verb, change, destination] = args;
    if (verb === "addr" && change === "add") held.add(String(destination));
    if (verb === "addr" && change === "del") held.delete(String(destination));
    const info = [...held].map((a) => ({ family: "inet", local: a.replace(/\/32$/, ""), prefixlen: 32 }));
    const stdout = JSON.stringify([{ ifname: "eth0", address: self.macAddress, addr_info: info }]);
    return { code: 0, stdout: args[0] === "-j" ? stdout : "", stderr: "" };
  };
  return { run, has: () => held.has(DESTINATION) };
}
