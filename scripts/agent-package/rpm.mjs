// The RPM: the same files as the .deb, built by rpmbuild from the prebuilt executable. Nothing of rpmbuild's
// post-install processing runs (no strip, no debuginfo, no build-id links): the runtime is Node's official
// build with the agents injected, and stripping it would need the target CPU's binutils. rpm's own ELF scan
// derives the C library requirements (libc.so.6(GLIBC_2.28)(64bit), ...).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENTS, DESCRIPTION, OCF_DIR, PACKAGE, RELEASE, SUMMARY, XZ_LEVEL } from "./targets.mjs";

/** dist/packages/eip-failover-agents-<version>-1.<arch>.rpm */
export const rpmName = (version, target) => `${PACKAGE}-${version}-${RELEASE}.${target.rpm}.rpm`;

function spec(version) {
  const [first, ...others] = AGENTS;
  const ocf = `/${OCF_DIR}`;
  return `Name: ${PACKAGE}
Version: ${version}
Release: ${RELEASE}
Summary: ${SUMMARY}
License: MIT and Apache-2.0 and Node.js's (see copyright)
Requires: iproute
Recommends: pacemaker
%global debug_package %{nil}
%global __os_install_post %{nil}
%define _build_id_links none
%define _binary_payload w${XZ_LEVEL}.xzdio

%description
${DESCRIPTION.join("\n")}

%install
install -d -m 0755 %{buildroot}${ocf}
install -m 0755 %{_sourcedir}/agent %{buildroot}${ocf}/${first}
${others.map((name) => `ln %{buildroot}${ocf}/${first} %{buildroot}${ocf}/${name}`).join("\n")}
install -D -m 0644 %{_sourcedir}/copyright %{buildroot}%{_licensedir}/%{name}/copyright

%files
%dir /usr/lib/ocf
%dir /usr/lib/ocf/resource.d
%dir ${ocf}
${AGENTS.map((name) => `%attr(0755,root,root) ${ocf}/${name}`).join("\n")}
%dir %{_licensedir}/%{name}
%license %{_licensedir}/%{name}/copyright
`;
}

/** Builds the .rpm for `target` from `executable` into `outDir`; returns its path. */
export function buildRpm({ target, version, executable, copyright, work, outDir }) {
  const top = join(work, `rpm-${target.rpm}`);
  rmSync(top, { recursive: true, force: true });
  for (const d of ["SOURCES", "SPECS", "BUILD", "BUILDROOT", "RPMS"])
    mkdirSync(join(top, d), { recursive: true });
  copyFileSync(executable, join(top, "SOURCES/agent"));
  writeFileSync(join(top, "SOURCES/copyright"), copyright);
  const specFile = join(top, "SPECS", `${PACKAGE}.spec`);
  writeFileSync(specFile, spec(version));
  const r = spawnSync(
    "rpmbuild",
    [
      "-bb",
      "--quiet",
      "--target",
      `${target.rpm}-linux`,
      "--define",
      `_topdir ${top}`,
      "--define",
      `_rpmdir ${outDir}`,
      "--define",
      "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
      specFile,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`rpmbuild failed (exit ${r.status}): ${r.stderr}`);
  return join(outDir, rpmName(version, target));
}
