import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AllocateAddressCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { queryAddresses } from "../../../agent/eip/addresses-query.ts";
import type { QueryTarget } from "../../../agent/ocf/ec2-query.ts";
import { openImds } from "../../../agent/ocf/imds.ts";
import { keySource } from "../../../agent/ocf/keys.ts";
import { deadlineIn } from "../../../core/deadline.ts";
import { locate, locateIn } from "../../../core/locate.ts";
import type { AddressRef } from "../../../core/types.ts";
import { REGION } from "../../../sim/constants.ts";
import type { FaultRule } from "../../../sim/faults.ts";
import { useNodeAgent } from "../../support/node-agent.ts";
import { useRegion } from "../../support/region.ts";

// The probe's SDK-free DescribeAddresses (agent/ocf/ec2-query.ts, agent/eip/addresses-query.ts) against the sim,
// beside the SDK's client on the same requests: the same snapshots, the same failures with the same reasons.

describe("DescribeAddresses without the SDK, beside the SDK's client", () => {
  const sim = useRegion();
  const target = (
    keys: QueryTarget["keys"] = async () => ({ accessKeyId: "query", secretAccessKey: "testing" }),
  ): QueryTarget => ({
    endpoint: new URL(sim.region.proxy.endpoint),
    region: REGION,
    keys,
  });
  const options = (ms = 10_000) => ({ deadline: deadlineIn(ms), sleep: async () => {} });
  /** What each reader makes of `ref`: its snapshot, or its failure's kind, reason and message. */
  async function both(ref: AddressRef, ms?: number) {
    const outcome = (p: Promise<unknown>) =>
      p.then(
        (snapshot) => ({ snapshot }),
        (e: Error & { reason?: string }) => ({
          failed: e.constructor.name,
          reason: e.reason,
          message: e.message,
        }),
      );
    const sdk = await outcome(locate(sim.region.ec2("sdk"), ref, options(ms)));
    const query = await outcome(locateIn(queryAddresses(target(), 5_000), ref, options(ms)));
    return { sdk, query };
  }

  it("the pair's address by allocation id and by public IP, and an unassociated one: the same snapshots", async () => {
    sim.region.proxy.settle();
    const { eip } = sim.region.topology;
    const spare = await sim.region.truth.send(new AllocateAddressCommand({ Domain: "vpc" }));
    for (const ref of [
      { allocationId: eip.allocationId },
      { publicIp: eip.publicIp },
      { allocationId: spare.AllocationId! },
    ]) {
      const { sdk, query } = await both(ref);
      expect(query).toEqual(sdk);
      expect(query).toHaveProperty("snapshot.allocationId");
    }
    expect(
      sim.region.proxy.log
        .entries()
        .filter((e) => e.client === "query")
        .map((e) => e.action),
    ).toEqual(["DescribeAddresses", "DescribeAddresses", "DescribeAddresses"]);
  });

  it.each([[{ allocationId: "eipalloc-0123456789abcdef0" }], [{ publicIp: "198.51.100.77" }]])(
    "%j, not this account's: the same not-found error",
    async (ref) => {
      const { sdk, query } = await both(ref);
      expect(query).toEqual(sdk);
      expect(query).toMatchObject({ failed: "ConfigurationError", reason: "not-found" });
    },
  );

  const faulted = (fault: FaultRule["fault"], calls?: number[]): FaultRule[] =>
    ["sdk", "query"].map((client) => ({
      action: "DescribeAddresses",
      client,
      fault,
      ...(calls ? { calls } : {}),
    }));

  it.each([
    [
      "throttled twice, then answered",
      faulted({ kind: "http", status: 503, code: "RequestLimitExceeded" }, [1, 2]),
    ],
    ["reset once, then answered", faulted({ kind: "reset" }, [1])],
    ["unavailable once, then answered", faulted({ kind: "http", status: 500, code: "InternalError" }, [1])],
  ])("%s: both retry, and find the address", async (_, rules) => {
    sim.region.proxy.setFaults(rules);
    const { sdk, query } = await both({ allocationId: sim.region.topology.eip.allocationId });
    expect(query).toEqual(sdk);
    expect(query).toHaveProperty("snapshot");
    const tries = (client: string) =>
      sim.region.proxy.log.entries().filter((e) => e.client === client).length;
    expect(tries("query")).toBe(tries("sdk"));
  });

  it.each([
    [
      "UnauthorizedOperation (403)",
      faulted({ kind: "error", status: 403, code: "UnauthorizedOperation" }),
      "PermissionError",
      "permission",
    ],
    ["EC2 slower than the deadline", faulted({ kind: "delay", ms: 30_000 }), "TransientError", "deadline"],
  ])("%s: the same failure", async (_, rules, failed, reason) => {
    sim.region.proxy.setFaults(rules);
    const { sdk, query } = await both({ allocationId: sim.region.topology.eip.allocationId }, 1_500);
    expect(query).toMatchObject({ failed, reason });
    expect(sdk).toMatchObject({ failed, reason });
    // The same words; a deadline's message names the milliseconds left, which differ by the time between the two.
    const words = (o: unknown) => (o as { message: string }).message.replace(/\d+ ms/g, "N ms");
    expect(words(query)).toBe(words(sdk));
  });

  it("keys from the instance role over the node's IMDSv2: EC2 sees the role's key", async () => {
    // Prepare: no keys in the environment, no shared files
    const home = mkdtempSync(join(tmpdir(), "eip-home-"));
    const keys = keySource({
      env: { HOME: home },
      read: () => undefined,
      home: () => home,
      imds: () => openImds(sim.region.imds.A.endpoint, 2_000),
    });
    expect(keys).toBeDefined();
    // Act
    const found = await locateIn(queryAddresses(target(keys), 5_000), sim.region.topology.eip, options());
    // Assess
    expect(found.allocationId).toBe(sim.region.topology.eip.allocationId);
    expect(sim.region.proxy.log.entries().map((e) => e.client)).toEqual([
      `role-${sim.region.topology.nodes.A.instanceId}`,
    ]);
  });

  describe("the built agent, with its keys in a shared credentials file (AWS_PROFILE)", () => {
    const { agent } = useNodeAgent(sim);

    it("the probe's SDK-free read and the start's SDK client sign with the same profile's keys", async () => {
      // Prepare: AWS_PROFILE set, so the environment's keys are skipped (by the SDK, and by agent/ocf/keys.ts)
      const dir = mkdtempSync(join(tmpdir(), "eip-profile-"));
      const credentials = join(dir, "credentials");
      writeFileSync(
        credentials,
        "[filed]\naws_access_key_id = from-file # rotated 2026-12\naws_secret_access_key = s#1\n",
      );
      const env = {
        AWS_PROFILE: "filed",
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_CONFIG_FILE: join(dir, "none"),
      };
      // Act
      const probe = await agent("B", "monitor", env);
      const start = await agent("B", "start", env);
      // Assess
      expect([probe.code, start.code], probe.stderr + start.stderr).toEqual([7, 0]);
      expect(sim.region.proxy.log.entries().map((e) => [e.action, e.client])).toEqual([
        ["DescribeAddresses", "from-file"],
        ["DescribeAddresses", "from-file"],
        ["AssociateAddress", "from-file"],
      ]);
    });
  });
});
