import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  ConflictError,
  classify,
  type EipError,
  PermissionError,
  TransientError,
} from "../../../core/index.ts";

const sdk = (name: string, status?: number) =>
  Object.assign(new Error(`${name} happened`), {
    name,
    ...(status ? { $metadata: { httpStatusCode: status } } : {}),
  });
const sys = (code: string) => Object.assign(new Error(code), { code });

describe("classify", () => {
  it.each([
    ["RequestLimitExceeded", 503, TransientError, "throttled"],
    ["Throttling", 400, TransientError, "throttled"],
    ["InternalError", 500, TransientError, "unavailable"],
    ["Unavailable", 503, TransientError, "unavailable"],
    ["UnauthorizedOperation", 403, PermissionError, "permission"],
    ["AuthFailure", 401, PermissionError, "permission"],
    ["InvalidAssociationID.NotFound", 400, ConflictError, "conflict"],
    ["Resource.AlreadyAssociated", 400, ConflictError, "conflict"],
    ["InvalidAllocationID.NotFound", 400, ConfigurationError, "not-found"],
    ["InvalidAddress.NotFound", 400, ConfigurationError, "not-found"],
    ["InvalidAllocationID.Malformed", 400, ConfigurationError, "malformed"],
    ["MissingParameter", 400, ConfigurationError, "malformed"],
    ["InvalidInstanceID.NotFound", 400, ConfigurationError, "target-refused"],
    ["InvalidInstanceID.Malformed", 400, ConfigurationError, "target-refused"],
    ["InvalidNetworkInterfaceID.NotFound", 400, ConfigurationError, "target-refused"],
    ["InvalidParameterValue", 400, ConfigurationError, "target-refused"],
    ["InvalidParameterCombination", 400, ConfigurationError, "target-refused"],
    ["InvalidIPAddress.InUse", 400, ConfigurationError, "target-refused"],
    ["SomethingNew", 400, ConfigurationError, "rejected"],
    ["SomethingNew", 502, TransientError, "unavailable"],
  ])("%s (HTTP %i) is %o, reason %s", (name, status, kind, reason) => {
    const error = classify(sdk(name, status), { action: "AssociateAddress" });
    expect(error).toBeInstanceOf(kind);
    expect((error as EipError).reason).toBe(reason);
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"])(
    "network error %s is transient, reason unavailable",
    (code) => {
      const error = classify(sys(code));
      expect(error).toBeInstanceOf(TransientError);
      expect((error as TransientError).reason).toBe("unavailable");
    },
  );

  it("an abort is transient past the deadline; an SDK timeout is transient, unavailable", () => {
    const aborted = classify(Object.assign(new Error("aborted"), { name: "AbortError" }));
    expect(aborted).toBeInstanceOf(TransientError);
    expect((aborted as TransientError).reason).toBe("deadline");
    const timeout = classify(Object.assign(new Error("t"), { name: "TimeoutError" }));
    expect(timeout).toBeInstanceOf(TransientError);
    expect((timeout as TransientError).reason).toBe("unavailable");
  });

  it.each([
    [
      "InvalidAllocationID.NotFound",
      { allocationId: "eipalloc-0123456789abcdef0" },
      "allocation id not found: eipalloc-0123456789abcdef0",
    ],
    [
      "InvalidAllocationID.Malformed",
      { allocationId: "eipalloc-zz" },
      "allocation id malformed: eipalloc-zz",
    ],
    ["InvalidAddress.NotFound", { publicIp: "198.51.100.7" }, "public IP not found: 198.51.100.7"],
    [
      "InvalidInstanceID.NotFound",
      { instanceId: "i-0123456789abcdef0" },
      "instance not found: i-0123456789abcdef0",
    ],
    [
      "InvalidNetworkInterfaceID.NotFound",
      { networkInterfaceId: "eni-0123456789abcdef0" },
      "network interface not found: eni-0123456789abcdef0",
    ],
  ])("%s names the value", (name, context, message) => {
    const error = classify(sdk(name, 400), context) as ConfigurationError;
    expect(error.message).toContain(message);
    expect(error.context.code).toBe(name);
  });

  it("permission errors name the action and the values", () => {
    const error = classify(sdk("UnauthorizedOperation", 403), {
      action: "AssociateAddress",
      allocationId: "eipalloc-1",
    });
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).message).toContain("AssociateAddress");
    expect((error as PermissionError).message).toContain("eipalloc-1");
  });

  it("keeps the original as cause, and passes programming errors through untouched", () => {
    const original = sdk("RequestLimitExceeded", 503);
    expect((classify(original) as TransientError).cause).toBe(original);
    const bug = new TypeError("x is undefined");
    expect(classify(bug)).toBe(bug);
    expect(classify("a string")).toBe("a string");
  });
});
