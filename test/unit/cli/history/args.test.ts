import { describe, expect, it } from "vitest";
import { parseHistoryArgs, sinceMsOf } from "../../../../cli/history/args.ts";

describe("history's command line", () => {
  it.each([
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["12h", 43_200_000],
    ["7d", 604_800_000],
    ["2w", 1_209_600_000],
    ["365d", 31_536_000_000],
  ])("--since %s is %d ms", (text, ms) => {
    expect(sinceMsOf(text)).toBe(ms);
  });

  it.each(["", "7", "d", "0d", "3 days", "1.5h", "-1d", "366d", "53w", "7D", "1y"])(
    "--since '%s' is refused, naming the value, what is valid and the bound",
    (text) => {
      expect(() => sinceMsOf(text)).toThrow(
        `--since '${text}' is not valid (expected a duration: a whole number and s, m, h, d or w, e.g. 90m, 12h, 7d; at most 365d, the history's retention)`,
      );
    },
  );

  it("defaults: every cluster, the last 7 days, the real account", () => {
    expect(parseHistoryArgs([])).toEqual({
      cluster: undefined,
      sinceMs: 604_800_000,
      since: "7d",
      json: false,
      where: { live: true, region: undefined, stack: "eip-failover-dev" },
    });
  });

  it("--cluster, --json and --embedded; --region with --embedded and a bad cluster name are refused", () => {
    expect(parseHistoryArgs(["--cluster", "web", "--json", "--embedded"])).toMatchObject({
      cluster: "web",
      json: true,
      where: { live: false },
    });
    expect(() => parseHistoryArgs(["--embedded", "--region", "eu-west-1"])).toThrow(
      "applies only to a real account",
    );
    expect(() => parseHistoryArgs(["--cluster", "a/b"])).toThrow("--cluster 'a/b' is not valid");
  });
});
