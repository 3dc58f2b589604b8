import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

// crm_resource --force-stop -r R runs the agent itself, not through pacemaker-execd. Measured (Pacemaker 2.1.5, an
// agent that printed its environment): it passes the resource's instance attributes as OCF_RESKEY_*, and, unlike
// execd, every effective meta attribute as OCF_RESKEY_CRM_meta_* (target-role among them, its group's included);
// HA_RSCTMP is not set (as under execd: the agent's default, /run/resource-agents); `--option` is ignored with -r. So
// a force-stop follows the stop rule of docs/agents.md: it releases the address only when the resource (or its group)
// is disabled. Here, as on a node: the recommended group in a CIB (CIB_file, which the agent's own crm_resource
// inherits too).
describe("crm_resource --force-stop -r vip of docs/pacemaker.md's group", () => {
  const sim = useRegion();
  const GROUP = "web";

  /** A CIB with vip (this region's EIP, allow-migrate=true) in group `web`, and the tools' environment over it. */
  async function cibWithGroup() {
    const dir = mkdtempSync(join(tmpdir(), "eip-force-stop-"));
    const cib = join(dir, "cib.xml");
    const empty = await run("cibadmin", ["--empty"]);
    await run("sh", ["-c", 'printf "%s" "$XML" > "$CIB"'], {
      env: { ...process.env, XML: empty.stdout, CIB: cib },
    });
    const e = {
      PATH: process.env.PATH ?? "",
      HA_RSCTMP: rscTmp(),
      CIB_file: cib,
      ...sim.region.env("nodeA", "A"),
    };
    const vip = `<primitive id="vip" class="ocf" provider="eip-failover" type="eip">
      <instance_attributes id="vip-ia"><nvpair id="vip-ia-a" name="allocation_id" value="${sim.region.topology.eip.allocationId}"/></instance_attributes>
      <meta_attributes id="vip-meta"><nvpair id="vip-meta-m" name="allow-migrate" value="true"/></meta_attributes>
      <operations><op id="vip-stop-0" name="stop" interval="0s" timeout="30s"/></operations></primitive>`;
    await run("cibadmin", ["-C", "-o", "resources", "-X", `<group id="${GROUP}">${vip}</group>`], { env: e });
    const crm = (...args: string[]) => settle(run("crm_resource", args, { env: e }));
    return { crm, env: e };
  }
  const holder = async () =>
    (
      await locate(
        sim.region.truth,
        { allocationId: sim.region.topology.eip.allocationId },
        { deadline: deadlineIn(5000) },
      )
    ).association?.instanceId ?? "nobody";
  const A = () => sim.region.topology.nodes.A.instanceId;
  /**
   * The mutating EC2 calls that took effect, from the proxy log's entry `from` on (a stop may also send one EC2
   * refuses: its own association's id while a lagging read shows an older one, docs/agents.md).
   */
  const mutatingSince = (from: number) =>
    sim.region.proxy.log
      .entries()
      .slice(from)
      .filter((e) => e.mutating && !e.dryRun && e.status < 300)
      .map((e) => e.action);
  const logged = () => sim.region.proxy.log.entries().length;

  it("enabled: hands the address over (no mutating call, it stays on A) and a probe then says not running", async () => {
    // Prepare
    const { crm } = await cibWithGroup();
    expect((await crm("--force-start", "-r", "vip")).code).toBe(0);
    expect(await holder()).toBe(A());
    const from = logged();
    // Act
    const stop = await crm("--force-stop", "-r", "vip");
    // Assess
    expect(stop.code, stop.stderr).toBe(0);
    expect(mutatingSince(from)).toEqual([]);
    expect(await holder()).toBe(A());
    expect((await crm("--force-check", "-r", "vip")).code).toBe(7);
  });

  it("disabled through its group (target-role Stopped on web, as pcs resource disable web sets): releases the address", async () => {
    // Prepare
    const { crm } = await cibWithGroup();
    expect((await crm("--force-start", "-r", "vip")).code).toBe(0);
    expect(await holder()).toBe(A());
    const disable = await crm(
      "--resource",
      GROUP,
      "--meta",
      "--set-parameter",
      "target-role",
      "--parameter-value",
      "Stopped",
    );
    expect(disable.code, disable.stderr).toBe(0);
    const from = logged();
    // Act
    const stop = await crm("--force-stop", "-r", "vip");
    // Assess
    expect(stop.code, stop.stderr).toBe(0);
    expect(mutatingSince(from)).toEqual(["DisassociateAddress"]);
    expect(await holder()).toBe("nobody");
    expect((await crm("--force-check", "-r", "vip")).code).toBe(7);
  });
});
