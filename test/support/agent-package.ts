import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { withDirLock } from "../../cli/stack/dir-lock.ts";

const ROOT = join(import.meta.dirname, "../..");
const run = promisify(execFile);

/** One architecture's packages as `npm run package:agent` names them. */
export interface AgentPackages {
  /** Node's name of the CPU: x64, arm64. */
  readonly arch: "x64" | "arm64";
  readonly deb: string;
  readonly rpm: string;
}

/** package.json's version: the packages carry it. */
export const VERSION: string = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;

const NAMES = {
  x64: { deb: "amd64", rpm: "x86_64" },
  arm64: { deb: "arm64", rpm: "aarch64" },
} as const;

const mtime = (file: string) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/**
 * The agents' .deb and .rpm for `arch` (dist/packages, `npm run package:agent`), built again first when missing
 * or older than the agents `npm run build` wrote, so a test always installs the package of the code under test.
 */
export async function agentPackages(arch: "x64" | "arm64"): Promise<AgentPackages> {
  const dir = join(ROOT, "dist/packages");
  const pkg = {
    arch,
    deb: join(dir, `eip-failover-agents_${VERSION}-1_${NAMES[arch].deb}.deb`),
    rpm: join(dir, `eip-failover-agents-${VERSION}-1.${NAMES[arch].rpm}.rpm`),
  };
  const agents = ["eip", "route"].map((a) => mtime(join(ROOT, "dist/agent", a)));
  if (agents.some((t) => t === undefined)) throw new Error("dist/agent missing: run npm run build");
  const stale = () => {
    const built = Math.min(...[pkg.deb, pkg.rpm].map((f) => mtime(f) ?? 0));
    return agents.some((t) => (t as number) > built);
  };
  // Test files run side by side, and two builds writing one .deb corrupt it: one builds, the others wait and find
  // it fresh.
  if (stale())
    await withDirLock(join(ROOT, ".tmp/agent-package.lock"), async () => {
      if (stale())
        await run(process.execPath, [join(ROOT, "scripts/agent-package/package.mjs"), "--arch", arch], {
          timeout: 900_000,
          maxBuffer: 1 << 24,
        });
    });
  return pkg;
}
