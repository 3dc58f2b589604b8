import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../../core/errors.ts";
import { placementProblem, targetOf } from "../../../core/target.ts";

const I = "i-0123456789abcdef0";
const ENI = "eni-0123456789abcdef0";

describe("targetOf: member or association → association target", () => {
  it.each([
    [{ instanceId: I }, { kind: "instance", instanceId: I }],
    [
      { instanceId: I, networkInterfaceId: ENI },
      { kind: "interface", networkInterfaceId: ENI },
    ],
    [
      { instanceId: I, networkInterfaceId: ENI, privateIpAddress: "10.0.1.20" },
      { kind: "interface", networkInterfaceId: ENI, privateIpAddress: "10.0.1.20" },
    ],
    // an association as EC2 reports it: an ENI with no instance (detached), or nothing at all
    [{ networkInterfaceId: ENI }, { kind: "interface", networkInterfaceId: ENI }],
    [{}, undefined],
  ])("%j → %j", (placement, target) => {
    expect(targetOf(placement)).toEqual(target);
  });

  it("a private IP without an interface is refused, naming the field and the value, never dropped", () => {
    // Prepare
    const member = { instanceId: I, privateIpAddress: "10.0.1.20" };
    // Act
    const act = () => targetOf(member);
    // Assess
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(
      `privateIpAddress 10.0.1.20 needs networkInterfaceId (instance ${I}): a private IP belongs to one network interface`,
    );
    expect(placementProblem(member)).toContain("privateIpAddress 10.0.1.20 needs networkInterfaceId");
    expect(placementProblem({ ...member, networkInterfaceId: ENI })).toBeUndefined();
  });
});

describe("placementProblem and targetOf: the error's values", () => {
  it("names the instance when there is one, in the message and the context; reason malformed", () => {
    // Act
    const withInstance = (() => {
      try {
        targetOf({ instanceId: I, privateIpAddress: "10.0.1.20" });
      } catch (error) {
        return error as ConfigurationError;
      }
    })();
    const without = (() => {
      try {
        targetOf({ privateIpAddress: "10.0.1.20" });
      } catch (error) {
        return error as ConfigurationError;
      }
    })();
    // Assess
    expect(withInstance?.context).toEqual({ instanceId: I });
    expect(withInstance?.reason).toBe("malformed");
    expect(without?.context).toEqual({});
    expect(without?.message).toBe(
      "privateIpAddress 10.0.1.20 needs networkInterfaceId: a private IP belongs to one network interface (give the eni-… that holds it, or leave both out to target the instance)",
    );
  });

  it("no private IP, or one with its interface, is no problem", () => {
    expect(placementProblem({ instanceId: I })).toBeUndefined();
    expect(placementProblem({ networkInterfaceId: ENI, privateIpAddress: "10.0.1.20" })).toBeUndefined();
  });
});
