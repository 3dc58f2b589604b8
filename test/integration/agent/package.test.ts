import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { type AgentPackages, agentPackages, VERSION } from "../../support/agent-package.ts";

// The packages `npm run package:agent` builds: what they declare, what they install, and that the agents run
// from them with no Node.js anywhere (crm_resource and pcs as on a cluster node), for both architectures; the
// arm64 executable runs under qemu-user with the arm64 C libraries (Debian's *-arm64-cross packages).
const run = promisify(execFile);
const settle = (p: Promise<{ stdout: string; stderr: string }>) =>
  p.then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
const OCF = "usr/lib/ocf/resource.d/eip-failover";
const BUILD = 900_000;
/** pacemaker-execd's PATH on a systemd host; no Node.js is reachable there in these tests. */
const EXECD_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
const ARCHES = [
  { arch: "x64", deb: "amd64", rpm: "x86_64", elf: "Advanced Micro Devices X86-64", exec: [] as string[] },
  {
    arch: "arm64",
    deb: "arm64",
    rpm: "aarch64",
    elf: "AArch64",
    exec: ["/usr/bin/qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"],
  },
] as const;

/** A root of its own for dpkg --root: an empty database. */
function dpkgRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "eip-pkg-"));
  mkdirSync(join(root, "var/lib/dpkg/info"), { recursive: true });
  mkdirSync(join(root, "var/lib/dpkg/updates"));
  writeFileSync(join(root, "var/lib/dpkg/status"), "");
  return root;
}

/** Every path under `root` but the package manager's own database and its parents, sorted. */
async function leftovers(root: string, db: string): Promise<string[]> {
  const found = (await run("find", [root, "-mindepth", "1"])).stdout.split("\n").filter(Boolean);
  const dbPath = join(root, db);
  return found
    .filter((p) => !dbPath.startsWith(`${p}/`) && p !== dbPath && !p.startsWith(`${dbPath}/`))
    .sort();
}

describe.each(ARCHES)("the $deb .deb and $rpm .rpm", (target) => {
  let pkg: AgentPackages;
  beforeAll(async () => {
    pkg = await agentPackages(target.arch);
  }, BUILD);

  it("declare the package, package.json's version, the architecture and what the runtime needs", async () => {
    const field = async (name: string) => (await run("dpkg-deb", ["--field", pkg.deb, name])).stdout.trim();
    expect(await field("Package")).toBe("eip-failover-agents");
    expect(await field("Version")).toBe(`${VERSION}-1`);
    expect(await field("Architecture")).toBe(target.deb);
    expect(await field("Depends")).toBe("libc6 (>= 2.28), libgcc-s1 | libgcc1, libstdc++6 (>= 7), iproute2");
    expect(await field("Recommends")).toBe("pacemaker");
    const query = (...args: string[]) => run("rpm", ["-qp", ...args, pkg.rpm]);
    expect((await query("--qf", "%{NAME} %{VERSION}-%{RELEASE} %{ARCH}")).stdout).toBe(
      `eip-failover-agents ${VERSION}-1 ${target.rpm}`,
    );
    const requires = (await query("--requires")).stdout.split("\n");
    expect(requires).toContain("iproute");
    expect(requires).toContain("libc.so.6(GLIBC_2.28)(64bit)");
    expect(requires.filter((r) => /GLIBC_2\.(29|[3-9]\d)/.test(r))).toEqual([]);
    expect((await query("--recommends")).stdout.trim()).toBe("pacemaker");
  });

  it("install eip and route as one executable (hard links), 0755 root:root, beside the copyright only", async () => {
    const deb = (await run("dpkg-deb", ["--contents", pkg.deb])).stdout;
    const files = deb.split("\n").filter((l) => /^[-h]/.test(l));
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(new RegExp(`^-rwxr-xr-x root/root +\\d+ .* \\./${OCF}/eip$`));
    expect(files[1]).toMatch(
      new RegExp(`^hrwxr-xr-x root/root +0 .* \\./${OCF}/route link to \\./${OCF}/eip$`),
    );
    expect(files[2]).toMatch(
      /^-rw-r--r-- root\/root .* \.\/usr\/share\/doc\/eip-failover-agents\/copyright$/,
    );
    const rpm = (await run("rpm", ["-qplv", "--nosignature", pkg.rpm])).stdout.split("\n").filter(Boolean);
    expect(rpm.filter((l) => l.startsWith("-"))).toEqual([
      expect.stringMatching(new RegExp(`^-rwxr-xr-x +2 root +root .* /${OCF}/eip$`)),
      expect.stringMatching(new RegExp(`^-rwxr-xr-x +2 root +root .* /${OCF}/route$`)),
      expect.stringMatching(
        /^-rw-r--r-- +1 root +root .* \/usr\/share\/licenses\/eip-failover-agents\/copyright$/,
      ),
    ]);
  });

  it("hold an executable for the CPU that answers meta-data as eip and as route with no Node.js on PATH", async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "eip-pkg-x-"));
    try {
      await run("dpkg-deb", ["--extract", pkg.deb, dir]);
      const exe = join(dir, OCF, "eip");
      // Assess: the ELF header names the CPU
      expect((await run("readelf", ["-h", exe])).stdout).toMatch(new RegExp(`Machine:\\s+${target.elf}`));
      for (const name of ["eip", "route"]) {
        // Act
        const [file, ...args] = [...target.exec, join(dir, OCF, name), "meta-data"];
        const meta = await run(file as string, args, { env: { PATH: "/nonexistent" }, timeout: 120_000 });
        // Assess: valid against the OCF DTD, and the agent the name asks for
        expect(meta.stdout).toContain(`<resource-agent name="${name}" version="${VERSION}">`);
        const lint = await settle(
          run(
            "sh",
            ["-c", `cd /usr/share/resource-agents && printf '%s' "$META" | xmllint --noout --valid -`],
            {
              env: { ...process.env, META: meta.stdout },
            },
          ),
        );
        expect(lint.stderr).toBe("");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe("installed on a node with no Node.js at all", () => {
  let pkg: AgentPackages;
  beforeAll(async () => {
    pkg = await agentPackages("x64");
  }, BUILD);

  it("dpkg installs the .deb; crm_resource and pcs read both agents; dpkg -r leaves nothing", async () => {
    // Prepare: the package installed by dpkg into a root of its own
    const root = dpkgRoot();
    try {
      await run("dpkg", ["--root", root, "--force-depends", "--install", pkg.deb]);
      // Act: in a mount namespace of its own, Pacemaker's OCF directory shows the installed agents and every
      // node executable on this machine is hidden; Pacemaker's tools run with pacemaker-execd's PATH
      const inside = [
        "set -e",
        `mount -t overlay overlay -o "lowerdir=${root}/usr/lib/ocf/resource.d:/usr/lib/ocf/resource.d" /usr/lib/ocf/resource.d`,
        'for n in $(which -a node nodejs || true); do mount --bind /dev/null "$(readlink -f "$n")"; done',
        `export PATH=${EXECD_PATH}`,
        "if node -e 0 2>/dev/null; then echo 'node still runs'; exit 1; fi",
        "crm_resource --list-agents ocf:eip-failover",
        "crm_resource --show-metadata ocf:eip-failover:eip",
        "crm_resource --show-metadata ocf:eip-failover:route",
        "pcs resource describe ocf:eip-failover:route",
      ].join("\n");
      const out = await settle(
        run("unshare", ["--mount", "--propagation", "private", "sh", "-c", inside], { env: {} }),
      );
      // Assess
      expect(out.stderr).toBe("");
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^eip\nroute\n/);
      expect(out.stdout).toContain(`<resource-agent name="eip" version="${VERSION}">`);
      expect(out.stdout).toContain(`<resource-agent name="route" version="${VERSION}">`);
      expect(out.stdout).toContain("ocf:eip-failover:route - ");
      // Act / Assess: removal
      await run("dpkg", ["--root", root, "--remove", "eip-failover-agents"]);
      expect(await leftovers(root, "var/lib/dpkg")).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);

  it("rpm installs the .rpm into a root of its own and rpm -e leaves nothing", async () => {
    const root = mkdtempSync(join(tmpdir(), "eip-rpm-"));
    const rpm = (...args: string[]) => run("rpm", ["--root", root, "--dbpath", "/rpmdb", ...args]);
    try {
      await rpm("--nodeps", "--install", pkg.rpm);
      expect(readdirSync(join(root, OCF)).sort()).toEqual(["eip", "route"]);
      await rpm("--erase", "eip-failover-agents");
      // rpm keeps the parents it does not own (/usr, /usr/lib, /usr/share/licenses: the filesystem package's)
      expect(await leftovers(root, "rpmdb")).toEqual(
        ["usr", "usr/lib", "usr/share", "usr/share/licenses"].map((p) => join(root, p)),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);

  it("a copy under another name says which names it answers to, and exits 5 (not installed right)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eip-pkg-n-"));
    try {
      await run("dpkg-deb", ["--extract", pkg.deb, dir]);
      copyFileSync(join(dir, OCF, "eip"), join(dir, "eip-agent"));
      const out = await settle(run(join(dir, "eip-agent"), ["monitor"], { env: {} }));
      expect(out.code).toBe(5);
      expect(out.stderr).toBe(
        "ocf-exit-reason:eip-failover agents: run as eip or route (a link by that name), not 'eip-agent'\n",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
