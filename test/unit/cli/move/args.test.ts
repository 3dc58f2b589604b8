import { describe, expect, it } from "vitest";
import { parseMoveArgs } from "../../../../cli/move/args.ts";
import { unassociatedMs } from "../../../../cli/move/observe.ts";

describe("move: the command line", () => {
  it("takes --cluster and --to, with defaults for the rest", () => {
    expect(parseMoveArgs(["--cluster", "web", "--to", "nodeB"])).toEqual({
      cluster: "web",
      to: "nodeB",
      resource: undefined,
      lifetime: "PT5M",
      timeoutSeconds: 120,
      dryRun: false,
      json: false,
    });
  });

  it.each([
    [["--to", "nodeB"], "--cluster is required"],
    [["--cluster", "web"], "--to is required"],
    [["--cluster", "web", "--to", "node B"], "--to 'node B' is not valid (expected a name"],
    [
      ["--cluster", "web", "--to", "nodeB", "--lifetime", "5m"],
      "--lifetime '5m' is not valid (expected an ISO 8601 duration, e.g. PT5M)",
    ],
    [["--cluster", "web", "--to", "nodeB", "--lifetime", "PT"], "--lifetime 'PT' is not valid"],
    [
      ["--cluster", "web", "--to", "nodeB", "--timeout", "0"],
      "--timeout '0' is not valid (expected whole seconds from 1 to 3600)",
    ],
    [["--cluster", "web", "--to", "nodeB", "--timeout", "2.5"], "--timeout '2.5' is not valid"],
    [["--cluster", "web", "--to", "nodeB", "--node", "x"], "Unknown option '--node'"],
  ])("refuses %o in one line naming the value", (argv, message) => {
    expect(() => parseMoveArgs(argv)).toThrow(message);
  });
});

describe("move: unassociated milliseconds from EC2's answers", () => {
  it.each([
    [
      [
        { t: 0, holder: "eni-a" },
        { t: 100, holder: "eni-b" },
      ],
      0,
    ],
    [
      [
        { t: 0, holder: "eni-a" },
        { t: 100, holder: null },
        { t: 250, holder: "eni-b" },
      ],
      150,
    ],
    [[{ t: 0, holder: null }], 400],
    // a failed read is no answer: it counts as neither
    [
      [
        { t: 0, holder: "eni-a" },
        { t: 100, holder: undefined },
        { t: 200, holder: "eni-b" },
      ],
      0,
    ],
  ])("%o → %i ms", (samples, ms) => {
    expect(unassociatedMs(samples, 400)).toBe(ms);
  });
});
