import { DeleteTagsCommand, ModifyInstanceMetadataOptionsCommand } from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { DOCTOR_CLIENT, doctorOf } from "../../../../cli/doctor/command.ts";
import type { CheckResult } from "../../../../cli/doctor/types.ts";
import { deployClassic } from "../../../../cli/embedded.ts";
import { putCluster } from "../../../../cli/harness/index.ts";
import { CLUSTER_TAG_KEY } from "../../../../sim/constants.ts";
import { useRegion } from "../../../support/region.ts";
import { jsonOf, runCli } from "../run-cli.ts";

const failed = (results: readonly CheckResult[]) => results.filter((r) => !r.ok).map((r) => r.what);

describe("eip-failover doctor against the sim", () => {
  const sim = useRegion();
  beforeEach(async () => {
    await deployClassic(sim.region);
  });

  it("a correct deployment passes all 12 checks in 4 read-only calls", async () => {
    // Act
    const results = await doctorOf(sim.region, { cluster: "web" });
    // Assess
    expect(failed(results)).toEqual([]);
    expect(results).toHaveLength(12);
    const calls = sim.region.proxy.log.entries().filter((e) => e.client === DOCTOR_CLIENT);
    expect(calls.map((e) => e.action)).toEqual([
      "GetParametersByPath",
      "DescribeAddresses",
      "DescribeInstances",
      "DescribeNetworkInterfaces",
    ]);
  });

  it("broken setups yield exactly their ✗, and the doctor mutates nothing", async () => {
    // Prepare: node B's ENI untagged, node A allows IMDSv1, an invalid second document.
    const { A, B } = sim.region.topology.nodes;
    const ec2 = sim.region.ec2("console");
    await ec2.send(
      new DeleteTagsCommand({ Resources: [B.networkInterfaceId], Tags: [{ Key: CLUSTER_TAG_KEY }] }),
    );
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: A.instanceId, HttpTokens: "optional" }),
    );
    await putCluster(sim.region.ssm("console"), "db", "{ not json");
    sim.region.proxy.log.clear();
    // Act
    const results = await doctorOf(sim.region, { cluster: undefined });
    // Assess
    expect(failed(results)).toEqual([
      expect.stringMatching(
        /^cluster document \/eip-failover\/clusters\/db is valid \(\(document\): not JSON/,
      ),
      `member ${A.instanceId} requires IMDSv2 (HttpTokens=required, hop limit ≥ 1; has optional, 1)`,
      `member ${B.instanceId}'s network interface ${B.networkInterfaceId} is tagged ${CLUSTER_TAG_KEY}=web`,
    ]);
    expect(sim.region.proxy.log.entries().filter((e) => e.mutating)).toEqual([]);
  });
});

describe("npx eip-failover doctor --json (the command, its own embedded region)", () => {
  it("every check passes and it exits 0", async () => {
    const run = await runCli(["doctor", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const checks = jsonOf<{ checks: CheckResult[] }>(run)?.checks ?? [];
    expect(checks.length).toBe(12);
    expect(failed(checks)).toEqual([]);
  });
});
