import { describe, expect, it } from "vitest";
import { runDrillCli } from "./run-drill.ts";

describe("drill command line", () => {
  it.each([
    [
      ["--scenario", "meteor"],
      "--scenario 'meteor' is not valid (valid: instance-stop, status-alarm, pacemaker, grace, both-down, az-outage, missed-event, both-down-then-b-returns, membership-change, overlay)",
    ],
    [
      ["--scenario", "az-outage", "--clusters", "0"],
      "--clusters '0' is not valid (expected a whole number from 1 to 4091)",
    ],
    [
      // the drill's subnets hold 4,091 nodes per AZ: 5000 used to fail after 45 s with an XML parse error
      ["--scenario", "az-outage", "--clusters", "5000"],
      "--clusters '5000' is not valid (expected a whole number from 1 to 4091)",
    ],
    [["--bogus"], "Unknown option '--bogus'"],
  ])("%j → exit 2: one line naming the value and the valid choices, then the hint", async (args, message) => {
    const { code, stdout, stderr } = await runDrillCli(args);
    expect(code).toBe(2);
    expect(stderr).toBe(`eip-failover drill: ${message}\ntry eip-failover drill --help\n`);
    expect(stdout).toBe("");
  });

  it("--help prints the usage and exits 0", async () => {
    const { code, stdout } = await runDrillCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--scenario <name>");
  });
});
