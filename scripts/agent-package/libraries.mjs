// What the runtime needs from the system's C libraries, read from its ELF version needs, against what the
// packages declare (targets.mjs LIBRARIES).
import { spawnSync } from "node:child_process";
import { LIBRARIES } from "./targets.mjs";

const newer = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

/** The highest version the binary needs of each symbol family (GLIBC, GLIBCXX, CXXABI, GCC). */
export function versionNeeds(file) {
  const r = spawnSync("readelf", ["-V", "--wide", file], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`readelf -V ${file} failed: ${r.stderr}`);
  const needs = {};
  const section = r.stdout.slice(r.stdout.indexOf("Version needs"));
  for (const [, family, version] of section.matchAll(/Name: ([A-Z]+)_([\d.]+)/g))
    if (!needs[family] || newer(version, needs[family])) needs[family] = version;
  return needs;
}

/**
 * Debian's Depends for the runtime `file`. Fails when it needs a symbol family or version beyond LIBRARIES, so a
 * new Node build cannot silently need a newer glibc than the package admits.
 */
export function debDepends(file) {
  const depends = new Set();
  for (const [family, version] of Object.entries(versionNeeds(file))) {
    const declared = LIBRARIES[family];
    if (!declared) throw new Error(`${file} needs ${family}_${version}, which targets.mjs does not declare`);
    if (newer(version, declared.most))
      throw new Error(`${file} needs ${family}_${version}; the packages declare at most ${declared.most}`);
    depends.add(declared.deb);
  }
  return [...depends].sort().join(", ");
}
