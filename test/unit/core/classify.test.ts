import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  ConflictError,
  classify,
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
    ["RequestLimitExceeded", 503, TransientError],
    ["Throttling", 400, TransientError],
    ["InternalError", 500, TransientError],
    ["Unavailable", 503, TransientError],
    ["UnauthorizedOperation", 403, PermissionError],
    ["AuthFailure", 401, PermissionError],
    ["InvalidAssociationID.NotFound", 400, ConflictError],
    ["Resource.AlreadyAssociated", 400, ConflictError],
    ["InvalidAllocationID.NotFound", 400, ConfigurationError],
    ["InvalidAllocationID.Malformed", 400, ConfigurationError],
    ["InvalidInstanceID.NotFound", 400, ConfigurationError],
    ["InvalidNetworkInterfaceID.NotFound", 400, ConfigurationError],
    ["InvalidParameterValue", 400, ConfigurationError],
    ["SomethingNew", 400, ConfigurationError],
    ["SomethingNew", 502, TransientError],
  ])("%s (HTTP %i) is %o", (name, status, kind) => {
    expect(classify(sdk(name, status), { action: "AssociateAddress" })).toBeInstanceOf(kind);
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"])(
    "network error %s is transient",
    (code) => {
      expect(classify(sys(code))).toBeInstanceOf(TransientError);
    },
  );

  it("an abort or SDK timeout is transient", () => {
    expect(classify(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBeInstanceOf(
      TransientError,
    );
    expect(classify(Object.assign(new Error("t"), { name: "TimeoutError" }))).toBeInstanceOf(TransientError);
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
