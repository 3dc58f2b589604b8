import { describe, expect, it } from "vitest";
import { parseDrillArgs } from "../../../cli/drill/args.ts";
import { UsageError } from "../../../cli/errors.ts";
import { parseClusterArgs } from "../../../cli/status/args.ts";
import { whereOf } from "../../../cli/where.ts";

describe("where a command runs: --live, --region, --stack", () => {
  it.each([
    [{}, { live: false }],
    [{ live: true }, { live: true, region: undefined, stack: "eip-failover-dev" }],
    [
      { live: true, region: "us-gov-west-1", stack: "eip-failover-prod" },
      { live: true, region: "us-gov-west-1", stack: "eip-failover-prod" },
    ],
  ])("%j → %j", (flags, where) => {
    expect(whereOf(flags)).toEqual(where);
  });

  it.each<[string[], string]>([
    [["--region", "eu-west-1"], "--region 'eu-west-1' applies only with --live"],
    [["--stack", "mine"], "--stack 'mine' applies only with --live"],
    [
      ["--live", "--region", "tokyo"],
      "--region 'tokyo' is not valid (expected a Region name, e.g. ap-northeast-1)",
    ],
    [
      ["--live", "--stack", "1-stack"],
      "--stack '1-stack' is not valid (expected a CloudFormation stack name",
    ],
    [["--live", "--stack", "a_b"], "--stack 'a_b' is not valid"],
  ])("status and doctor: %j is a usage error naming the value and what is valid", (argv, message) => {
    expect(() => parseClusterArgs(argv)).toThrow(UsageError);
    expect(() => parseClusterArgs(argv)).toThrow(message);
  });

  it("status --live --region eu-west-1 --cluster web", () => {
    expect(parseClusterArgs(["--live", "--region", "eu-west-1", "--cluster", "web"])).toEqual({
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
    [["--cluster", "web", "--region", "eu-west-1"], "--region 'eu-west-1' applies only with --live"],
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
