// The Debian package: the executable at /usr/lib/ocf/resource.d/eip-failover/eip and, hard-linked, .../route,
// both 0755 root:root; the copyright file; no maintainer scripts, so dpkg -r removes exactly what it placed.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, linkSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { debDepends } from "./libraries.mjs";
import { AGENTS, DESCRIPTION, MAINTAINER, OCF_DIR, PACKAGE, RELEASE, SUMMARY, XZ_LEVEL } from "./targets.mjs";

/** dist/packages/eip-failover-agents_<version>-1_<arch>.deb */
export const debName = (version, target) => `${PACKAGE}_${version}-${RELEASE}_${target.deb}.deb`;

/** Builds the .deb for `target` from `executable` into `outDir`; returns its path. */
export function buildDeb({ target, version, executable, runtime, copyright, work, outDir }) {
  const root = join(work, `deb-${target.deb}`);
  rmSync(root, { recursive: true, force: true });
  const dir = join(root, OCF_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const [first, ...others] = AGENTS;
  copyFileSync(executable, join(dir, first));
  chmodSync(join(dir, first), 0o755);
  for (const name of others) linkSync(join(dir, first), join(dir, name));
  const doc = join(root, "usr/share/doc", PACKAGE);
  mkdirSync(doc, { recursive: true });
  writeFileSync(join(doc, "copyright"), copyright);
  mkdirSync(join(root, "DEBIAN"));
  const installedKiB = Math.ceil((statSync(executable).size + Buffer.byteLength(copyright)) / 1024);
  writeFileSync(
    join(root, "DEBIAN/control"),
    [
      `Package: ${PACKAGE}`,
      `Version: ${version}-${RELEASE}`,
      `Architecture: ${target.deb}`,
      `Maintainer: ${MAINTAINER}`,
      `Installed-Size: ${installedKiB}`,
      // The runtime's C libraries only: the agents call no other program but ip(8) (iproute2, route agent).
      `Depends: ${debDepends(runtime)}, iproute2`,
      // The agents are for Pacemaker, but installing them first (or on an image built for later) is fine.
      "Recommends: pacemaker",
      "Section: admin",
      "Priority: optional",
      `Description: ${SUMMARY}`,
      ...DESCRIPTION.map((line) => ` ${line}`),
      "",
    ].join("\n"),
  );
  const out = join(outDir, debName(version, target));
  const r = spawnSync("dpkg-deb", ["--root-owner-group", "-Zxz", `-z${XZ_LEVEL}`, "--build", root, out], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`dpkg-deb --build failed (exit ${r.status}): ${r.stderr}`);
  return out;
}
