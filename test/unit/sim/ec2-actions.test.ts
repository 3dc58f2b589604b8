import { describe, expect, it } from "vitest";
import { answersDryRun, bucketFor, isMutating } from "../../../sim/ec2-actions.ts";

describe("EC2 request categories", () => {
  it.each([
    ["AssociateAddress", "AllocationId=eipalloc-1&InstanceId=i-1", "mutating"],
    ["DisassociateAddress", "AssociationId=eipassoc-1", "mutating"],
    ["StopInstances", "InstanceId.1=i-1", "StopInstances"],
    ["DescribeAddresses", "AllocationId.1=eipalloc-1", "nonMutating"],
    ["DescribeAddresses", "", "unfilteredDescribe"],
    ["DescribeInstances", "MaxResults=5", "nonMutating"],
    ["DescribeInstanceStatus", "InstanceId.1=i-1&IncludeAllInstances=true", "nonMutating"],
    ["DescribeInstances", "Filter.1.Name=tag:x", "nonMutating"],
    // overlay routes: EC2's documented mutating bucket (not among its uncategorized or resource-intensive actions)
    ["ReplaceRoute", "RouteTableId=rtb-1&DestinationCidrBlock=192.168.100.10/32", "mutating"],
    ["CreateRoute", "RouteTableId=rtb-1&DestinationCidrBlock=192.168.100.10/32", "mutating"],
    ["DescribeRouteTables", "RouteTableId.1=rtb-1&RouteTableId.2=rtb-2", "nonMutating"],
  ])("%s(%s) draws from %s", (action, query, bucket) => {
    expect(bucketFor(action, new URLSearchParams(query))).toBe(bucket);
  });

  it("knows reads from writes", () => {
    expect(isMutating("DescribeAddresses")).toBe(false);
    expect(isMutating("AssociateAddress")).toBe(true);
    expect(isMutating("StopInstances")).toBe(true);
  });
});

describe("DryRuns moto carries out", () => {
  it.each([
    ["ReplaceRoute", true, true],
    ["CreateRoute", true, true],
    ["ReplaceRoute", false, false],
    ["AssociateAddress", true, false],
    ["DeleteRoute", true, false],
  ])("%s with DryRun=%s: the proxy answers it itself: %s", (action, dryRun, answered) => {
    expect(answersDryRun(action, dryRun)).toBe(answered);
  });
});
