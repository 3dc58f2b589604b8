import { describe, expect, it } from "vitest";
import { imdsHolds } from "../../../../agent/eip/imds-holds.ts";
import type { Identity } from "../../../../agent/ocf/identity.ts";
import type { ImdsSession } from "../../../../agent/ocf/imds.ts";
import type { Target } from "../../../../core/index.ts";
import { self } from "./fixtures.ts";

// imdsHolds over a fake session: which MAC it reads, what it answers, and why not when it cannot say "held".
const IP = "203.0.113.10";
const PRIMARY = self.networkInterfaceId;
const SECONDARY = "eni-0bbbbbbbbbbbbbbb2";
const path = (mac: string, leaf: string) => `network/interfaces/macs/${mac}/${leaf}`;

/** A session over `tree`, recording what was read; `fails` makes opening it throw that value. */
function imds(tree: Record<string, string>, fails?: unknown) {
  const reads: string[] = [];
  const open = async (): Promise<ImdsSession> => {
    if (fails !== undefined) throw fails;
    const find = async (p: string) => {
      reads.push(p);
      return tree[p];
    };
    return { find, get: async (p) => (await find(p)) ?? "" };
  };
  return { open, reads };
}

describe("imdsHolds: what IMDSv2 says of the address on this node", () => {
  it("an instance target reads the primary MAC's list, whose lines may carry spaces", async () => {
    // Prepare
    const fake = imds({ [path(self.macAddress, "public-ipv4s")]: `198.51.100.1\n ${IP} \n` });
    // Act
    const view = await imdsHolds(fake.open, IP, { kind: "instance", instanceId: self.instanceId }, self);
    // Assess
    expect(view).toEqual({ held: true });
    expect(fake.reads).toEqual([path(self.macAddress, "public-ipv4s")]);
  });

  it("the primary interface is read on the instance's own MAC, even when IMDS listed no MACs by interface", async () => {
    const { macs: _, ...noMacs } = self;
    const fake = imds({ [path(self.macAddress, "public-ipv4s")]: IP });
    const target: Target = { kind: "interface", networkInterfaceId: PRIMARY };
    expect(await imdsHolds(fake.open, IP, target, noMacs as Identity)).toEqual({ held: true });
  });

  it("a secondary interface whose MAC is not known: no session is opened, and it says why", async () => {
    // Prepare
    const { macs: _, ...noMacs } = self;
    const fake = imds({}, new Error("must not be opened"));
    // Act
    const view = await imdsHolds(
      fake.open,
      IP,
      { kind: "interface", networkInterfaceId: SECONDARY },
      noMacs as Identity,
    );
    // Assess
    expect(view).toEqual({ held: false, why: "IMDSv2's MAC of the interface is not known" });
  });

  it.each([
    ["no list at all (no Elastic IP here)", {}],
    ["a list without it", { [path(self.macAddress, "public-ipv4s")]: "198.51.100.1" }],
  ])("not held when IMDS has %s", async (_, tree) => {
    const view = await imdsHolds(
      imds(tree).open,
      IP,
      { kind: "instance", instanceId: self.instanceId },
      self,
    );
    expect(view).toEqual({ held: false, why: `IMDSv2 does not show ${IP} here` });
  });

  it.each([
    ["10.0.1.20", { held: true }],
    ["10.0.1.99", { held: false, why: `IMDSv2 maps ${IP} to 10.0.1.99, not 10.0.1.20` }],
    [undefined, { held: false, why: `IMDSv2 maps ${IP} to nothing, not 10.0.1.20` }],
  ])("a configured private IP must be the one IMDS maps it to (mapped to %s)", async (mapped, expected) => {
    // Prepare
    const mac = self.macs?.[SECONDARY] as string;
    const tree: Record<string, string> = { [path(mac, "public-ipv4s")]: IP };
    if (mapped) tree[path(mac, `ipv4-associations/${IP}`)] = mapped;
    const target: Target = {
      kind: "interface",
      networkInterfaceId: SECONDARY,
      privateIpAddress: "10.0.1.20",
    };
    // Act
    const view = await imdsHolds(imds(tree).open, IP, target, self);
    // Assess
    expect(view).toEqual(expected);
  });

  it("an interface target without a private IP is held on the list alone", async () => {
    const fake = imds({ [path(self.macAddress, "public-ipv4s")]: IP });
    const view = await imdsHolds(fake.open, IP, { kind: "interface", networkInterfaceId: PRIMARY }, self);
    expect(view).toEqual({ held: true });
    expect(fake.reads).toHaveLength(1);
  });

  it.each([
    [new Error("socket hang up"), "IMDSv2 did not answer (socket hang up)"],
    ["refused", "IMDSv2 did not answer (refused)"],
  ])("never throws: an IMDS that does not answer (%s) is a reason, not an error", async (thrown, why) => {
    const view = await imdsHolds(
      imds({}, thrown).open,
      IP,
      { kind: "instance", instanceId: self.instanceId },
      self,
    );
    expect(view).toEqual({ held: false, why });
  });
});
