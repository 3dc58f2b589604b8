import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../../core/errors.ts";
import { assertAddressRef, assertId, assertIpv4 } from "../../../core/validate.ts";

/** What a check threw, or undefined. */
const thrown = (check: () => void) => {
  try {
    check();
  } catch (error) {
    return error as ConfigurationError;
  }
  return undefined;
};

describe("assertId, assertIpv4, assertAddressRef: syntax checks without a network call", () => {
  it("a malformed id is a configuration error naming the kind, the value and an example, reason malformed", () => {
    // Act
    const error = thrown(() => assertId("instanceId", "i-12"));
    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toBe("instance id malformed: 'i-12' (expected e.g. i-0123456789abcdef0)");
    expect(error?.reason).toBe("malformed");
    expect(error?.context).toEqual({ instanceId: "i-12" });
    expect(thrown(() => assertId("instanceId", "i-0123456789abcdef0"))).toBeUndefined();
  });

  it("a malformed IPv4 address names the label and the value, with an example", () => {
    // Act
    const error = thrown(() => assertIpv4("private IP", "10.0.1"));
    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toBe(
      "private IP malformed: '10.0.1' (expected an IPv4 address such as 10.0.1.20)",
    );
    expect(error?.reason).toBe("malformed");
    expect(error?.context).toEqual({});
    expect(thrown(() => assertIpv4("private IP", "10.0.1.20"))).toBeUndefined();
  });

  it.each([
    [{ allocationId: "eipalloc-0123456789abcdef0" }, undefined],
    [{ publicIp: "203.0.113.10" }, undefined],
    [{ allocationId: "eipalloc-12" }, "allocation id malformed: 'eipalloc-12'"],
    [{ publicIp: "203.0.113" }, "public IP malformed: '203.0.113'"],
  ])("%j → %s", (ref, message) => {
    // Act
    const error = thrown(() => assertAddressRef(ref));
    // Assess
    if (message === undefined) expect(error).toBeUndefined();
    else expect(error?.message).toContain(message);
  });
});
