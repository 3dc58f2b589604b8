import { describe, expect, it } from "vitest";
import { parseDrillArgs } from "../../../cli/drill/args.ts";
import { UsageError } from "../../../cli/errors.ts";
import { parseClusterArgs } from "../../../cli/status/args.ts";
import { whereOf } from "../../../cli/where.ts";

describe("where a command runs: the real account or --embedded, --live, --region, --stack", () => {
  const account = { live: true, region: undefined, stack: "eip-failover-dev" };
  it.each([
    ["status/doctor", {}, true, account],
    ["status/doctor", { live: true }, true, account],
    ["status/doctor", { embedded: true }, true, { live: false }],
    ["drill", {}, false, { live: false }],
    ["drill", { embedded: true }, false, { live: false }],
    ["drill", { live: true }, false, account],
    [
      "status/doctor",
      { region: "us-gov-west-1", stack: "eip-failover-prod" },
      true,
      { live: true, region: "us-gov-west-1", stack: "eip-failover-prod" },
    ],
  ])("%s: %j → %j", (_command, flags, liveByDefault, where) => {
    expect(whereOf(flags, liveByDefault)).toEqual(where);
  });

  it.each<[string[], string]>([
    [
      ["--embedded", "--region", "eu-west-1"],
      "--region 'eu-west-1' applies only to a real account (drop --embedded)",
    ],
    [["--embedded", "--stack", "mine"], "--stack 'mine' applies only to a real account (drop --embedded)"],
    [["--embedded", "--live"], "--live and --embedded contradict each other"],
    [["--region", "tokyo"], "--region 'tokyo' is not valid (expected a Region name, e.g. ap-northeast-1)"],
    [
      ["--live", "--stack", "1-stack"],
      "--stack '1-stack' is not valid (expected a CloudFormation stack name",
    ],
    [["--live", "--stack", "a_b"], "--stack 'a_b' is not valid"],
  ])("status and doctor: %j is a usage error naming the value and what is valid", (argv, message) => {
    expect(() => parseClusterArgs(argv)).toThrow(UsageError);
    expect(() => parseClusterArgs(argv)).toThrow(message);
  });

  it("status --region eu-west-1 --cluster web: the real account", () => {
    expect(parseClusterArgs(["--region", "eu-west-1", "--cluster", "web"])).toEqual({
      cluster: "web",
      json: false,
      where: { live: true, region: "eu-west-1", stack: "eip-failover-dev" },
    });
  });

  it.each<[string[], string]>([
    [["--live"], "--live needs --cluster NAME"],
    [["--cluster", "web", "--scenario", "grace"], "--scenario applies to the scenarios, not to --cluster"],
    [["--cluster", "web", "--dry-run"], "--dry-run applies to the scenarios"],
    [["--cluster", "we b"], "--cluster 'we b' is not valid (expected a cluster name, e.g. web)"],
    [
      ["--cluster", "web", "--region", "eu-west-1"],
      "--region 'eu-west-1' applies only to a real account (add --live)",
    ],
  ])("drill: %j is a usage error", (argv, message) => {
    expect(() => parseDrillArgs(argv)).toThrow(message);
  });

  it("drill --live --cluster web --stack s1: the dry run of one cluster", () => {
    expect(parseDrillArgs(["--live", "--cluster", "web", "--stack", "s1"])).toEqual({
      cluster: "web",
      json: false,
      where: { live: true, region: undefined, stack: "s1" },
    });
  });
});
