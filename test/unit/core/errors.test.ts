import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  ConflictError,
  ErrorKinds,
  ErrorReasons,
  isEipError,
  PermissionError,
  TransientError,
} from "../../../core/errors.ts";

const snapshot = {
  allocationId: "eipalloc-0123456789abcdef0",
  publicIp: "203.0.113.10",
  domain: "vpc",
} as const;

describe("core's errors: one class per kind, each with its kind, name, reason, context and cause", () => {
  it.each([
    [
      new ConfigurationError(
        "a configuration message",
        { instanceId: "i-1" },
        { reason: ErrorReasons.notFound },
      ),
      "configuration",
      "ConfigurationError",
      "not-found",
    ],
    [
      new PermissionError("a permission message", { instanceId: "i-1" }),
      "permission",
      "PermissionError",
      "permission",
    ],
    [
      new TransientError("a transient message", { instanceId: "i-1" }, { reason: ErrorReasons.throttled }),
      "transient",
      "TransientError",
      "throttled",
    ],
    [
      new ConflictError("a conflict message", snapshot, { instanceId: "i-1" }),
      "conflict",
      "ConflictError",
      "conflict",
    ],
  ])("%o: kind %s, name %s, reason %s", (error, kind, name, reason) => {
    expect(error.kind).toBe(kind);
    expect(error.name).toBe(name);
    expect(error.reason).toBe(reason);
    expect(error.context).toEqual({ instanceId: "i-1" });
    expect(error.message).toBe(`a ${kind} message`);
    expect(error).toBeInstanceOf(Error);
    expect(isEipError(error)).toBe(true);
    // No cause given: none is set, not even undefined.
    expect("cause" in error).toBe(false);
  });

  it("keeps the cause when one is given, also an undefined one", () => {
    // Prepare
    const cause = new Error("EC2 said no");
    // Act / Assess
    expect(new PermissionError("p", {}, { cause }).cause).toBe(cause);
    expect(new ConflictError("x", undefined, {}, { cause }).cause).toBe(cause);
    expect(new TransientError("t", {}, { reason: "deadline", cause }).cause).toBe(cause);
    expect("cause" in new ConfigurationError("c", {}, { reason: "malformed", cause: undefined })).toBe(true);
  });

  it("permission and conflict errors need no context; a conflict names what EC2 says now", () => {
    expect(new PermissionError("p").context).toEqual({});
    expect(new ConflictError("x", snapshot).context).toEqual({});
    expect(new ConflictError("x", snapshot).current).toBe(snapshot);
    expect(new ConflictError("x", undefined).current).toBeUndefined();
  });

  it("the kinds and reasons are the strings the edges and reports use", () => {
    expect(Object.values(ErrorKinds)).toEqual(["configuration", "permission", "transient", "conflict"]);
    expect(ErrorReasons).toEqual({
      notFound: "not-found",
      malformed: "malformed",
      targetRefused: "target-refused",
      argument: "argument",
      rejected: "rejected",
      permission: "permission",
      throttled: "throttled",
      unavailable: "unavailable",
      deadline: "deadline",
      conflict: "conflict",
    });
  });

  it("isEipError is false for anything core did not make", () => {
    expect(isEipError(new Error("x"))).toBe(false);
    expect(isEipError("x")).toBe(false);
    expect(isEipError(undefined)).toBe(false);
  });
});
