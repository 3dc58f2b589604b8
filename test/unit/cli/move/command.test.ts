import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { parseMoveArgs } from "../../../../cli/move/args.ts";
import { move } from "../../../../cli/move/command.ts";
import type { Runner } from "../../../../cli/move/node-tools.ts";

const MON = readFileSync(join(import.meta.dirname, "crm-mon.xml"), "utf8");
const ON_B = MON.replace(
  /<node name="nodeA" id="1" cached="true"\/>/g,
  '<node name="nodeB" id="2" cached="true"/>',
);
const CIB = readFileSync(join(import.meta.dirname, "cib.xml"), "utf8");

/** A node whose crm_mon shows the group on A until the ban, then on B; records every command. */
function fakeNode() {
  const ran: string[] = [];
  let banned = false;
  const run: Runner = async (argv) => {
    ran.push(argv.join(" "));
    if (argv[0] === "cibadmin") return { code: 0, stdout: CIB, stderr: "" };
    if (argv[0] === "crm_mon") return { code: 0, stdout: banned ? ON_B : MON, stderr: "" };
    if (argv[1] === "--ban") banned = true;
    return { code: 0, stdout: "", stderr: "" };
  };
  // EC2 answers the address on B's interface: associated throughout.
  const ec2 = {
    send: async () => ({
      Addresses: [{ AllocationId: "eipalloc-0123456789abcdef0", NetworkInterfaceId: "eni-b" }],
    }),
  } as unknown as EC2Client;
  return { ran, deps: { run, ec2: () => ec2, now: Date.now, pollMs: 1 } };
}

const io = () => {
  const out: string[] = [];
  return {
    out,
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void out.push(t),
      isTty: false,
      colour: false,
    },
  };
};
const options = (...extra: string[]) =>
  parseMoveArgs(["--cluster", "web", "--to", "nodeB", ...extra]) as Exclude<
    ReturnType<typeof parseMoveArgs>,
    "help"
  >;

describe("move: carried out", () => {
  it("runs exactly the plan's commands, clears once moved, and prints the outcome and the unassociated ms", async () => {
    // Prepare
    const node = fakeNode();
    const { out, io: sink } = io();
    // Act
    const code = await move(options(), sink, node.deps);
    // Assess
    expect(code).toBe(0);
    expect(node.ran.filter((c) => !c.startsWith("crm_mon"))).toEqual([
      "cibadmin --query",
      "crm_resource --move -r web --node nodeB --lifetime PT5M",
      "crm_resource --ban -r web --node nodeA --lifetime PT5M",
      "crm_resource --clear -r web",
    ]);
    expect(out.join("")).toMatch(
      /^moved web from nodeA to nodeB in \d+\.\d\d s \(constraints cleared\)\neipalloc-0123456789abcdef0: EC2 answered unassociated for 0 ms \(\d+ DescribeAddresses reads/,
    );
  });

  it("--dry-run prints the plan and runs nothing but the reads", async () => {
    const node = fakeNode();
    const { out, io: sink } = io();
    expect(await move(options("--dry-run"), sink, node.deps)).toBe(0);
    expect(node.ran).toEqual(["crm_mon --output-as=xml -1", "cibadmin --query"]);
    expect(out.join("")).toContain("  2. crm_resource --ban -r web --node nodeA --lifetime PT5M\n");
  });
});
