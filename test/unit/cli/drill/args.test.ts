import { describe, expect, it } from "vitest";
import { parseDrillArgs, throttleMode, UsageError } from "../../../../cli/drill/args.ts";
import type { DrillOptions } from "../../../../cli/drill/types.ts";

const parse = (...argv: string[]) => parseDrillArgs(argv) as DrillOptions;

describe("parseDrillArgs", () => {
  it("defaults to instance-stop, no throttling, human output", () => {
    // Act
    const options = parse();
    // Assess
    expect(options).toEqual({
      scenario: "instance-stop",
      dryRun: false,
      json: false,
      clusters: 1,
      graceSeconds: 0,
      throttling: "off",
      throttleFactor: 10,
      progress: false,
    });
  });

  it("gives az-outage 10 clusters and documented throttling unless told otherwise", () => {
    expect(parse("--scenario", "az-outage")).toMatchObject({
      clusters: 10,
      throttling: "documented",
      graceSeconds: 0,
    });
    // no --concurrency: the deployed event source mapping's (cli/drill/stack.ts)
    expect(parse("--scenario", "az-outage").concurrency).toBeUndefined();
    expect(parse("--scenario", "az-outage", "--grace", "30").graceSeconds).toBe(30);
    expect(parse("--scenario=az-outage", "--clusters", "1000", "--concurrency", "50")).toMatchObject({
      clusters: 1000,
      concurrency: 50,
    });
  });

  it("gives az-outage an overlay fleet with --routes ROUTESxTABLES, and none without it", () => {
    expect(parse("--scenario", "az-outage", "--routes", "1x10").routes).toEqual({
      perCluster: 1,
      tables: 10,
    });
    expect(parse("--scenario", "az-outage", "--routes", "50x50").routes).toEqual({
      perCluster: 50,
      tables: 50,
    });
    expect(parse("--scenario", "az-outage")).not.toHaveProperty("routes");
  });

  it.each(["instance-stop", "status-alarm", "pacemaker", "grace", "both-down", "az-outage", "overlay"])(
    "accepts --scenario %s",
    (scenario) => {
      expect(parse("--scenario", scenario).scenario).toBe(scenario);
    },
  );

  it("reads the boolean flags", () => {
    expect(parse("--dry-run", "--json", "--progress")).toMatchObject({
      dryRun: true,
      json: true,
      progress: true,
    });
  });

  it("answers help for -h and --help", () => {
    expect(parseDrillArgs(["-h"])).toBe("help");
    expect(parseDrillArgs(["--help"])).toBe("help");
  });

  it.each([
    [
      ["--scenario", "meteor"],
      /--scenario 'meteor' is not valid \(valid: instance-stop, status-alarm, pacemaker, grace, both-down, az-outage, missed-event, both-down-then-b-returns, membership-change, overlay\)/,
    ],
    [
      ["--scenario", "az-outage", "--clusters", "0"],
      /--clusters '0' is not valid \(expected a whole number from 1 to 4091\)/,
    ],
    [
      ["--scenario", "az-outage", "--clusters", "5000"],
      /--clusters '5000' is not valid \(expected a whole number from 1 to 4091\)/,
    ],
    [["--scenario", "az-outage", "--clusters", "ten"], /--clusters 'ten'/],
    [["--scenario", "az-outage", "--clusters", "2.5"], /--clusters '2.5'/],
    [["--scenario", "az-outage", "--concurrency", "1001"], /--concurrency '1001' is not valid/],
    [
      ["--scenario", "az-outage", "--grace", "601"],
      /--grace '601' is not valid \(expected a whole number from 0 to 600\)/,
    ],
    [["--grace", "5"], /--grace applies only to --scenario az-outage/],
    [["--routes", "1x2"], /--routes applies only to --scenario az-outage \(got --scenario instance-stop\)/],
    [
      ["--scenario", "az-outage", "--routes", "10"],
      /--routes '10' is not valid \(expected ROUTESxTABLES, each a whole number from 1 to 50, e\.g\. 1x10\)/,
    ],
    [["--scenario", "az-outage", "--routes", "0x10"], /--routes '0x10' is not valid/],
    [["--scenario", "az-outage", "--routes", "1x51"], /--routes '1x51' is not valid/],
    [["--cluster", "web", "--routes", "1x2"], /--routes applies to the scenarios, not to --cluster/],
    [["--clusters", "5"], /--clusters applies only to --scenario az-outage \(got --scenario instance-stop\)/],
    [["--throttling", "maybe"], /--throttling 'maybe' is not valid \(valid: off, documented, scaled\)/],
    [["--throttle-factor", "2"], /--throttle-factor needs --throttling scaled \(got --throttling off\)/],
    [
      ["--throttling", "scaled", "--throttle-factor=-1"],
      /--throttle-factor '-1' is not valid \(expected a number > 0/,
    ],
    [["--throttling", "scaled", "--throttle-factor", "0"], /--throttle-factor '0' is not valid/],
    [["--others-share", "0.5"], /--others-share needs EC2 throttling on \(got --throttling off\)/],
    [
      ["--scenario", "az-outage", "--others-share", "0.95"],
      /--others-share '0.95' is not valid \(expected a share from 0 to 0.9, e.g. 0.5\)/,
    ],
    [["--scenario", "az-outage", "--others-share=-0.1"], /--others-share .-0.1. is not valid/],
    [["--scenario", "az-outage", "--others-share", "half"], /--others-share 'half' is not valid/],
    [["--cluster", "web", "--others-share", "0.5"], /--others-share applies to the scenarios/],
    [["--verbose"], /Unknown option '--verbose'/],
    [["extra"], /Unexpected argument 'extra'/],
  ])("rejects %j naming the value and the valid choices", (argv, message) => {
    expect(() => parseDrillArgs(argv)).toThrow(UsageError);
    expect(() => parseDrillArgs(argv)).toThrow(message);
  });
});

describe("throttleMode", () => {
  it.each([
    [{ throttling: "off", throttleFactor: 10 }, { kind: "off" }],
    [{ throttling: "documented", throttleFactor: 10 }, { kind: "documented" }],
    [
      { throttling: "scaled", throttleFactor: 4 },
      { kind: "scaled", factor: 4 },
    ],
    [
      { throttling: "documented", throttleFactor: 10, othersShare: 0.5 },
      { kind: "documented", othersShare: 0.5 },
    ],
    [
      { throttling: "scaled", throttleFactor: 4, othersShare: 0.25 },
      { kind: "scaled", factor: 4, othersShare: 0.25 },
    ],
  ] as const)("maps %j to the proxy's mode", (options, mode) => {
    expect(throttleMode(options)).toEqual(mode);
  });

  it("carries --others-share from the command line to the proxy's mode; 0 is the account alone", () => {
    const shared = parseDrillArgs(["--scenario", "az-outage", "--others-share", "0.5"]);
    expect(shared).toMatchObject({ throttling: "documented", othersShare: 0.5 });
    expect(throttleMode(shared as never)).toEqual({ kind: "documented", othersShare: 0.5 });
    const alone = parseDrillArgs(["--scenario", "az-outage", "--others-share", "0"]);
    expect(alone).not.toHaveProperty("othersShare");
  });
});
