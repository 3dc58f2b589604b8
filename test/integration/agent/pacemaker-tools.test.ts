import { execFile } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { deadlineIn, locate } from "../../../core/index.ts";
import { rscTmp } from "../../support/agent.ts";
import { useRegion } from "../../support/region.ts";

const run = promisify(execFile);
const INSTALLED = "/usr/lib/ocf/resource.d/eip-failover/eip";
const settle = <T>(p: Promise<T>) =>
  p.then(
    (r) => ({ code: 0, ...(r as { stdout: string; stderr: string }) }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe("the installed agent under Pacemaker's own tools", () => {
  const sim = useRegion();
  beforeAll(async () => {
    await run("bash", ["scripts/install-agent.sh"]);
  });
  const env = () => ({ PATH: process.env.PATH ?? "", HA_RSCTMP: rscTmp(), ...sim.region.env("nodeA", "A") });

  it("meta-data, run as user nobody, is valid against ra-api-1.dtd", async () => {
    const meta = await run("runuser", ["-u", "nobody", "--", INSTALLED, "meta-data"]);
    const lint = await settle(
      run("sh", ["-c", `cd /usr/share/resource-agents && printf '%s' "$META" | xmllint --noout --valid -`], {
        env: { ...process.env, META: meta.stdout },
      }),
    );
    expect(lint.stderr).toBe("");
    expect(lint.code).toBe(0);
    for (const p of ["allocation_id", "elastic_ip", "private_ip_address", "network_interface_id", "region"])
      expect(meta.stdout).toContain(`<parameter name="${p}"`);
    expect(meta.stdout).toContain('<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">');
  });

  it("names this Node.js by its absolute path, so it runs whatever PATH pacemaker-execd has", async () => {
    const first = readFileSync(INSTALLED, "utf8").split("\n", 1)[0];
    expect(first).toBe(`#!${realpathSync(process.execPath)}`);
    const meta = await settle(run(INSTALLED, ["meta-data"], { env: { PATH: "/nonexistent" } }));
    expect(meta.code).toBe(0);
    expect(meta.stdout).toContain('<resource-agent name="eip"');
  });

  it("ocf-tester passes with no failure against the sim", async () => {
    const result = await settle(
      run(
        "ocf-tester",
        ["-n", "eip", "-o", `allocation_id=${sim.region.topology.eip.allocationId}`, INSTALLED],
        { env: env() },
      ),
    );
    expect(result.stdout).toContain("passed all tests");
    expect(result.stdout + result.stderr).not.toMatch(/failed|error/i);
    expect(result.code).toBe(0);
  });

  it("crm_resource --force-stop/--force-check/--force-start drive it without a cluster", async () => {
    const e = env();
    const crm = (op: string) =>
      settle(
        run(
          "crm_resource",
          [
            op,
            "--class",
            "ocf",
            "--provider",
            "eip-failover",
            "--agent",
            "eip",
            "--option",
            `allocation_id=${sim.region.topology.eip.allocationId}`,
          ],
          { env: e },
        ),
      );
    expect((await crm("--force-check")).code).toBe(0);
    expect((await crm("--force-stop")).code).toBe(0);
    expect((await crm("--force-check")).code).toBe(7);
    expect((await crm("--force-start")).code).toBe(0);
    expect((await crm("--force-check")).code).toBe(0);
    const eip = await locate(
      sim.region.truth,
      { allocationId: sim.region.topology.eip.allocationId },
      { deadline: deadlineIn(5000) },
    );
    expect(eip.association?.instanceId).toBe(sim.region.topology.nodes.A.instanceId);
  });
});
