import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  ConflictError,
  classify,
  describeContext,
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
    expect((error as PermissionError).cause).toMatchObject({ name: "UnauthorizedOperation" });
  });

  it("keeps the original as cause, and passes programming errors through untouched", () => {
    const original = sdk("RequestLimitExceeded", 503);
    expect((classify(original) as TransientError).cause).toBe(original);
    const bug = new TypeError("x is undefined");
    expect(classify(bug)).toBe(bug);
    expect(classify("a string")).toBe("a string");
  });
});

describe("classify: which values its messages name", () => {
  const context = {
    action: "AssociateAddress",
    allocationId: "eipalloc-0123456789abcdef0",
    publicIp: "203.0.113.10",
    instanceId: "i-0123456789abcdef0",
    networkInterfaceId: "eni-0123456789abcdef0",
    associationId: "eipassoc-0123456789abcdef0",
  };

  it("describeContext names every value in a fixed order, and nothing for an empty context", () => {
    // Act
    const all = describeContext(context);
    // Assess
    expect(all).toBe(
      "allocation id eipalloc-0123456789abcdef0, public IP 203.0.113.10, instance i-0123456789abcdef0, network interface eni-0123456789abcdef0, association eipassoc-0123456789abcdef0",
    );
    expect(describeContext({ action: "X", code: "Y" })).toBe("");
    expect(describeContext({ routeTableId: "rtb-0123456789abcdef0", destination: "192.168.100.10/32" })).toBe(
      "route table rtb-0123456789abcdef0, destination 192.168.100.10/32",
    );
  });

  it.each([
    ["InvalidRouteTableID.Malformed", "malformed"],
    ["InvalidRouteTableID.NotFound", "not found"],
  ])("%s names the route table as %s, with EC2's words", (name, what) => {
    const error = classify(sdk(name, 400), { routeTableId: "rtb-0123456789abcdef0" }) as ConfigurationError;
    expect(error.message).toBe(
      `route table ${what}: rtb-0123456789abcdef0 (expected rtb-… ids of this account and Region; EC2 says: ${name} happened)`,
    );
  });

  it.each([
    [
      "InvalidAllocationID.Malformed",
      "allocation id malformed: ? (expected an eipalloc-… id of this account and Region)",
    ],
    [
      "InvalidAllocationID.NotFound",
      "allocation id not found: ? (expected an eipalloc-… id of this account and Region)",
    ],
    ["InvalidAddress.NotFound", "public IP not found: ? (expected an Elastic IP of this account and Region)"],
    ["InvalidInstanceID.Malformed", "instance malformed: ? (expected an i-… id in this Region)"],
    ["InvalidInstanceID.NotFound", "instance not found: ? (expected an i-… id in this Region)"],
    [
      "InvalidNetworkInterfaceID.Malformed",
      "network interface malformed: ? (expected an eni-… id in this Region)",
    ],
    [
      "InvalidNetworkInterfaceID.NotFound",
      "network interface not found: ? (expected an eni-… id in this Region)",
    ],
  ])("%s without the value in context says '?', and what is valid", (name, message) => {
    // Act
    const error = classify(sdk(name, 400), {}) as ConfigurationError;
    // Assess
    expect(error.message).toBe(message);
  });

  it.each([
    ["InvalidInstanceID.Malformed", "instance malformed: i-0123456789abcdef0"],
    ["InvalidNetworkInterfaceID.Malformed", "network interface malformed: eni-0123456789abcdef0"],
  ])("%s names the value from the context", (name, message) => {
    expect((classify(sdk(name, 400), context) as ConfigurationError).message).toContain(message);
  });

  it("any other client error names the action, the values, EC2's code and EC2's message", () => {
    // Act
    const named = classify(sdk("InvalidGroup.Foo", 400), {
      action: "DescribeAddresses",
      publicIp: "203.0.113.10",
    });
    const bare = classify(sdk("SomethingNew", 400));
    // Assess
    expect((named as ConfigurationError).message).toBe(
      "DescribeAddresses rejected public IP 203.0.113.10: InvalidGroup.Foo: InvalidGroup.Foo happened",
    );
    expect((named as ConfigurationError).reason).toBe("malformed");
    expect((bare as ConfigurationError).message).toBe(
      "EC2 rejected the request: SomethingNew: SomethingNew happened",
    );
  });

  it("permission, conflict and transient messages: kind, action, code, values", () => {
    // Act
    const denied = classify(sdk("AccessDenied", 403), context) as PermissionError;
    const deniedBare = classify(sdk("AccessDenied", 403)) as PermissionError;
    const conflict = classify(sdk("Resource.AlreadyAssociated", 400), {
      action: "AssociateAddress",
      allocationId: "eipalloc-1",
    });
    const throttled = classify(sdk("RequestLimitExceeded", 503), {
      action: "AssociateAddress",
      allocationId: "eipalloc-1",
    });
    const network = classify(sys("ECONNRESET"));
    // Assess
    expect(denied.message).toBe(
      `permission denied: AssociateAddress: AccessDenied for ${describeContext(context)} (the instance role or credentials lack this permission)`,
    );
    expect(deniedBare.message).toBe(
      "permission denied: AccessDenied for the request (the instance role or credentials lack this permission)",
    );
    expect(denied.context).toEqual({ ...context, code: "AccessDenied" });
    expect((conflict as ConflictError).message).toBe(
      "conflict: AssociateAddress: Resource.AlreadyAssociated for allocation id eipalloc-1",
    );
    expect((conflict as ConflictError).current).toBeUndefined();
    expect((conflict as ConflictError).cause).toBeInstanceOf(Error);
    expect(((conflict as ConflictError).cause as Error).name).toBe("Resource.AlreadyAssociated");
    expect((throttled as TransientError).message).toBe(
      "transient: AssociateAddress: RequestLimitExceeded for allocation id eipalloc-1",
    );
    // A system error has no name of its own: its code names it, and the message falls back to the request.
    expect((network as TransientError).message).toBe("transient: ECONNRESET for the request");
    expect((network as TransientError).context.code).toBe("ECONNRESET");
  });

  it.each([
    "UnauthorizedOperation",
    "AuthFailure",
    "Blocked",
    "OptInRequired",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "AccessDenied",
    "AccessDeniedException",
  ])("%s is a permission error even without an HTTP status", (name) => {
    expect(classify(sdk(name))).toBeInstanceOf(PermissionError);
  });

  it.each(["EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "ECONNABORTED", "UND_ERR_SOCKET"])(
    "network error %s is transient whether it comes as the code or as the name",
    (code) => {
      expect(classify(sys(code))).toBeInstanceOf(TransientError);
      expect(classify(Object.assign(new Error("x"), { name: code }))).toBeInstanceOf(TransientError);
    },
  );

  it("a credential provider that fails is transient, unavailable", () => {
    const error = classify(Object.assign(new Error("no creds"), { name: "CredentialsProviderError" }));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).reason).toBe("unavailable");
  });

  it.each([
    [302, TransientError, "transient: HTTP 302 Odd for allocation id eipalloc-1"],
    [399, TransientError, "transient: HTTP 399 Odd for allocation id eipalloc-1"],
    [400, ConfigurationError, "EC2 rejected allocation id eipalloc-1: Odd: odd"],
    [499, ConfigurationError, "EC2 rejected allocation id eipalloc-1: Odd: odd"],
    [500, TransientError, "transient: Odd for allocation id eipalloc-1"],
    [600, TransientError, "transient: HTTP 600 Odd for allocation id eipalloc-1"],
  ])("an unknown code with HTTP %i is %o: %s", (status, kind, message) => {
    // Prepare: an unknown code, so only the HTTP status decides
    const error = Object.assign(new Error("odd"), { name: "Odd", $metadata: { httpStatusCode: status } });
    // Act
    const result = classify(error, { allocationId: "eipalloc-1" }) as EipError;
    // Assess
    expect(result).toBeInstanceOf(kind);
    expect(result.message).toBe(message);
    expect(result.reason).toBe(kind === TransientError ? "unavailable" : "rejected");
  });

  it("an Invalid… or Missing… code without a status is the input's fault; an unknown one passes through", () => {
    expect((classify(sdk("MissingParameter")) as ConfigurationError).reason).toBe("malformed");
    expect((classify(sdk("InvalidInstanceID.NotFound")) as ConfigurationError).reason).toBe("target-refused");
    const unknown = sdk("Odd");
    expect(classify(unknown)).toBe(unknown);
  });

  it("codes that only begin like a target code are not target codes", () => {
    expect((classify(sdk("InvalidParameterValueX", 400)) as ConfigurationError).reason).toBe("malformed");
    expect((classify(sdk("XInvalidInstanceID", 400)) as ConfigurationError).reason).toBe("rejected");
    expect((classify(sdk("XInvalid", 400)) as ConfigurationError).reason).toBe("rejected");
    expect((classify(sdk("XInvalidAllocationID.NotFound", 400)) as ConfigurationError).reason).toBe(
      "rejected",
    );
  });

  it("an EipError passes through as it is", () => {
    const error = new PermissionError("denied");
    expect(classify(error)).toBe(error);
  });
});

describe("classify: errors that are not shaped like EC2's", () => {
  it("undefined and null pass through as they are", () => {
    expect(classify(undefined)).toBeUndefined();
    expect(classify(null)).toBeNull();
  });

  it("a nameless client error names no code, and EC2's message", () => {
    // Prepare: a plain Error with a 4xx status, neither name nor code
    const error = Object.assign(new Error("odd"), { $metadata: { httpStatusCode: 400 } });
    // Act
    const result = classify(error, { action: "AssociateAddress" }) as ConfigurationError;
    // Assess
    expect(result.message).toBe("AssociateAddress rejected the request: : odd");
    expect(result.context.code).toBe("");
  });

  it("a socket error named for its class is recognised by its code", () => {
    // undici's SocketError: the name is the class, the code says what happened
    const error = Object.assign(new Error("other side closed"), {
      name: "SocketError",
      code: "UND_ERR_SOCKET",
    });
    expect(classify(error)).toBeInstanceOf(TransientError);
  });

  it("InvalidParameterCombination is a target code only as a whole", () => {
    expect((classify(sdk("InvalidParameterCombinationX", 400)) as ConfigurationError).reason).toBe(
      "malformed",
    );
  });
});

describe("classify: an error core already classified", () => {
  it("is never classified again by its cause", () => {
    // Prepare: a configuration error caused by an SDK timeout, which alone would be transient
    const timeout = Object.assign(new Error("t"), { name: "TimeoutError" });
    const decided = new ConfigurationError(
      "fencing not confirmed",
      {},
      { reason: "rejected", cause: timeout },
    );
    // Act / Assess
    expect(classify(decided)).toBe(decided);
    expect(classify(timeout)).toBeInstanceOf(TransientError);
  });
});
