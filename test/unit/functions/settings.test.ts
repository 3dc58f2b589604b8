import { describe, expect, it } from "vitest";
import { flagFrom, numberFrom, readSettings } from "../../../functions/settings.ts";

describe("flagFrom: yes/no settings from the environment", () => {
  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    [" yes ", true],
    ["on", true],
    ["false", false],
    ["no", false],
    ["off", false],
    ["0", false],
    ["", false],
    [undefined, false],
  ])("%s → %s", (value, expected) => {
    expect(flagFrom("DRY_RUN", value)).toBe(expected);
  });

  it("refuses anything else, naming the variable, the value and what would be valid", () => {
    expect(() => flagFrom("DRY_RUN", "y")).toThrow(
      "DRY_RUN='y' is not a yes/no value: use one of true, 1, yes, on, false, 0, no, off",
    );
    expect(() => flagFrom("DRY_RUN", "y")).not.toThrow("off, ");
  });
});

describe("numberFrom: numbers from the environment, as strict as flags", () => {
  it.each([
    ["0", 0],
    [" 250 ", 250],
    ["", 30],
    [undefined, 30],
  ])("%s → %s", (value, expected) => {
    expect(numberFrom("CONFIG_CACHE_SECONDS", value, 30)).toBe(expected);
  });

  it.each(["2s", "-1", "1.5", "1e3", "NaN", "0x10", "99999999999999999999"])(
    "refuses '%s', naming the variable and the value",
    (value) => {
      expect(() => numberFrom("CONFIG_CACHE_SECONDS", value, 30)).toThrow(
        `CONFIG_CACHE_SECONDS='${value}' is not a whole number: use digits only, e.g. 30`,
      );
    },
  );
});

describe("readSettings: the controller's one reader of its environment", () => {
  it("gives the defaults for an empty environment", () => {
    expect(readSettings({})).toEqual({
      configPrefix: "/eip-failover/clusters/",
      configCacheMs: 30_000,
      dryRun: false,
      alarmPrefix: "eip-failover-dev-status-",
      decisionConcurrency: 2,
      lagBoundMs: 3_000,
    });
  });

  it("reads every variable", () => {
    const env = {
      CONFIG_PREFIX: "/p/",
      CONFIG_CACHE_SECONDS: "0",
      DRY_RUN: "yes",
      ALARM_PREFIX: "s-prod-status-",
      DECISIONS_QUEUE_URL: "https://sqs.ap-northeast-1.amazonaws.com/123456789012/q",
      DECISION_CONCURRENCY: "4",
      LAG_BOUND_MS: "2500",
    };
    expect(readSettings(env)).toEqual({
      configPrefix: "/p/",
      configCacheMs: 0,
      dryRun: true,
      alarmPrefix: "s-prod-status-",
      decisionsQueueUrl: "https://sqs.ap-northeast-1.amazonaws.com/123456789012/q",
      decisionConcurrency: 4,
      lagBoundMs: 2_500,
    });
  });

  it("names DRY_RUN when its value is not yes or no", () => {
    expect(() => readSettings({ DRY_RUN: "y" })).toThrow("DRY_RUN='y' is not a yes/no value");
  });

  it("stops at garbage in any number, naming it", () => {
    expect(() => readSettings({ CONFIG_CACHE_SECONDS: "thirty" })).toThrow("CONFIG_CACHE_SECONDS='thirty'");
    expect(() => readSettings({ DECISION_CONCURRENCY: "two" })).toThrow("DECISION_CONCURRENCY='two'");
    expect(() => readSettings({ DECISION_CONCURRENCY: "0" })).toThrow(
      "DECISION_CONCURRENCY='0' is not valid: at least 1 container must decide",
    );
    // one container deciding is the least, and enough
    expect(readSettings({ DECISION_CONCURRENCY: "1" }).decisionConcurrency).toBe(1);
    expect(() => readSettings({ LAG_BOUND_MS: "3s" })).toThrow(
      "LAG_BOUND_MS='3s' is not a whole number: use digits only, e.g. 3000",
    );
    // 0: every read taken as exact
    expect(readSettings({ LAG_BOUND_MS: "0" }).lagBoundMs).toBe(0);
  });
});
