import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  ConflictError,
  ErrorReasons,
  PermissionError,
  TransientError,
} from "../../../core/index.ts";
import { ANSWERS, judge } from "../../../functions/judge.ts";

describe("judge: the Lambda's one table from core's reasons to its answer", () => {
  it.each([
    [new TransientError("slow down", {}, { reason: ErrorReasons.throttled }), "error", true],
    [new TransientError("503", {}, { reason: ErrorReasons.unavailable }), "error", true],
    [new TransientError("gave up", {}, { reason: ErrorReasons.deadline }), "error", true],
    [new PermissionError("UnauthorizedOperation"), "error", false],
    [
      new ConfigurationError("allocation id not found", {}, { reason: ErrorReasons.notFound }),
      "error",
      false,
    ],
    [new ConfigurationError("bad target", {}, { reason: ErrorReasons.targetRefused }), "error", false],
    [new ConflictError("now held by C", undefined), "conflict", false],
    [new TypeError("x is undefined"), "error", false],
  ])("%s → %s, retry %s", (error, outcome, retry) => {
    expect(judge(error)).toMatchObject({ outcome, retry, reason: error.message });
  });

  it("decides by the reason, never by the message", () => {
    const worded = new ConfigurationError(
      "throttled: slow down (503)",
      {},
      { reason: ErrorReasons.malformed },
    );
    expect(judge(worded)).toMatchObject({ retry: false, kind: "configuration", errorReason: "malformed" });
  });

  it("answers every reason core has", () => {
    expect(Object.keys(ANSWERS).sort()).toEqual(Object.values(ErrorReasons).sort());
  });

  it("anything thrown that core did not make is unexpected, dropped, and reported by its text", () => {
    expect(judge("a thrown string")).toEqual({
      outcome: "error",
      retry: false,
      kind: "unexpected",
      errorReason: "unexpected",
      reason: "a thrown string",
    });
  });
});
