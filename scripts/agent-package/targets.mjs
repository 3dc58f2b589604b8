// The architectures the agents ship for, and how each packaging world names them.

/** One target: Node's name for the CPU (its npm package node-linux-<node>), Debian's and RPM's. */
export const TARGETS = [
  { node: "x64", deb: "amd64", rpm: "x86_64", elf: "X86-64" },
  { node: "arm64", deb: "arm64", rpm: "aarch64", elf: "AArch64" },
];

export const PACKAGE = "eip-failover-agents";
/** The packages' own revision, appended to package.json's version (Debian's -1, RPM's Release). */
export const RELEASE = "1";
/** Where the packages install the agents: Pacemaker's OCF directory, provider eip-failover. */
export const OCF_DIR = "usr/lib/ocf/resource.d/eip-failover";
/** The agents: one executable, installed under each name (hard links); the name it runs as picks the agent. */
export const AGENTS = ["eip", "route"];
export const SUMMARY = "OCF agents keeping an AWS Elastic IP or overlay route on a healthy Pacemaker node";
export const DESCRIPTION = [
  "ocf:eip-failover:eip moves an Elastic IP with one atomic AssociateAddress; ocf:eip-failover:route points",
  "VPC route tables at this node. One executable carrying its own Node.js runtime: nothing else to install,",
  "no Node.js on the node. Credentials come from the instance role over IMDSv2.",
];
/**
 * xz level of both packages' payload. The executable is ~122 MiB; measured on this project's 2-core machine,
 * level 1 gives 33 MiB in about 30 s a package, level 6 (dpkg's default) 28 MiB in about 150 s, gzip 42 MiB;
 * xz, not zstd, so Debian 11 and Ubuntu 20.04's dpkg and RHEL 8's rpm read it.
 */
export const XZ_LEVEL = 1;
/** No mail address is published for the project yet; .invalid says so rather than invent one. */
export const MAINTAINER = "eip-failover <maintainers@eip-failover.invalid>";

/**
 * What the runtime needs from the C libraries, and the package versions that first provide it: the highest
 * symbol versions Node's official build may require (glibc 2.28, GCC 7's libstdc++: Node 24's floor, RHEL 8).
 * The build reads the binary's own needs (readelf -V) and fails if it asks for more than declared here.
 */
export const LIBRARIES = {
  GLIBC: { most: "2.28", deb: "libc6 (>= 2.28)" },
  GLIBCXX: { most: "3.4.23", deb: "libstdc++6 (>= 7)" },
  CXXABI: { most: "1.3.11", deb: "libstdc++6 (>= 7)" },
  GCC: { most: "7.0.0", deb: "libgcc-s1 | libgcc1" },
};
