import { describe, expect, it } from "vitest";
import { CORE_IAM_CALLS, EC2_CONTEXT, EC2_RESOURCE } from "../../../core/iam-calls.ts";

// The shape of the table the IAM tests (test/integration/iam/) evaluate policies with: a wrong template here
// would let a policy test pass for the wrong request.
const PLACEHOLDER = /^\{\w+\}$/;

describe("core's IAM calls table", () => {
  it.each(Object.entries(EC2_RESOURCE))(
    "%s: an EC2 ARN whose condition keys take the id the ARN names",
    (_, r) => {
      expect(r.arn).toMatch(/^arn:\{partition\}:ec2:\{region\}:\{account\}:[a-z-]+\/\{\w+\}$/);
      expect(r.tagKey).toBe("aws:ResourceTag");
      const values = Object.values(r.context);
      expect(values).toHaveLength(1);
      for (const value of values) {
        expect(value).toMatch(PLACEHOLDER);
        expect(r.arn.endsWith(`/${value}`)).toBe(true);
      }
    },
  );

  it("every EC2 request names its Region", () => {
    expect(EC2_CONTEXT).toEqual({ "ec2:Region": "{region}" });
    for (const call of CORE_IAM_CALLS) expect(call.context).toBe(EC2_CONTEXT);
  });

  it("each call: its command, its ec2: action, who makes it, and what it is authorised against", () => {
    expect(
      CORE_IAM_CALLS.map((c) => [
        c.command,
        c.shape,
        c.action,
        c.callers.join("+"),
        c.resources.map((r) => r.type).join("+"),
      ]),
    ).toEqual([
      ["DescribeAddressesCommand", undefined, "ec2:DescribeAddresses", "agent+controller", ""],
      ["DescribeInstanceStatusCommand", undefined, "ec2:DescribeInstanceStatus", "controller", ""],
      [
        "AssociateAddressCommand",
        "to an instance",
        "ec2:AssociateAddress",
        "agent+controller",
        "elastic-ip+instance",
      ],
      [
        "AssociateAddressCommand",
        "to a network interface",
        "ec2:AssociateAddress",
        "agent+controller",
        "elastic-ip+network-interface",
      ],
      [
        "DisassociateAddressCommand",
        undefined,
        "ec2:DisassociateAddress",
        "agent+controller",
        "elastic-ip+network-interface",
      ],
      // the route agent's: the read needs "*", the writes are authorised against the route table alone
      ["DescribeRouteTablesCommand", undefined, "ec2:DescribeRouteTables", "agent+controller", ""],
      ["ReplaceRouteCommand", undefined, "ec2:ReplaceRoute", "agent+controller", "route-table"],
      ["CreateRouteCommand", undefined, "ec2:CreateRoute", "agent+controller", "route-table"],
    ]);
    expect("shape" in CORE_IAM_CALLS[4]!).toBe(false);
  });
});
