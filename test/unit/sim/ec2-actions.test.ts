import { describe, expect, it } from "vitest";
import { answersDryRun, draws, isMutating, requestBucket } from "../../../sim/ec2-actions.ts";

describe("EC2 request categories", () => {
  it.each([
    ["AssociateAddress", "AllocationId=eipalloc-1&InstanceId=i-1", "mutating"],
    ["DisassociateAddress", "AssociationId=eipassoc-1", "mutating"],
    // StopInstances has no request bucket of its own (its own bucket is a resource bucket)
    ["StopInstances", "InstanceId.1=i-1", "mutating"],
    ["StartInstances", "InstanceId.1=i-1", "StartInstances"],
    ["RunInstances", "MinCount=1&MaxCount=1", "RunInstances"],
    ["TerminateInstances", "InstanceId.1=i-1", "TerminateInstances"],
    ["CreateTags", "ResourceId.1=i-1&Tag.1.Key=k", "CreateTags"],
    ["AuthorizeSecurityGroupIngress", "GroupId=sg-1", "resourceIntensive"],
    ["DescribeAddresses", "AllocationId.1=eipalloc-1", "nonMutating"],
    // only the seven listed describes have the smaller bucket: an unfiltered DescribeAddresses does not
    ["DescribeAddresses", "", "nonMutating"],
    ["DescribeInstances", "", "unfilteredDescribe"],
    ["DescribeNetworkInterfaces", "", "unfilteredDescribe"],
    ["DescribeInstances", "MaxResults=5", "nonMutating"],
    ["DescribeInstances", "NextToken=abc", "nonMutating"],
    ["DescribeInstances", "Filter.1.Name=tag:x&Filter.1.Value.1=y", "nonMutating"],
    ["DescribeInstanceStatus", "InstanceId.1=i-1&IncludeAllInstances=true", "nonMutating"],
    ["DescribeInstanceStatus", "IncludeAllInstances=true", "unfilteredDescribe"],
    ["DescribeSecurityGroups", "GroupName.1=web", "nonMutating"],
    // overlay routes: EC2's mutating bucket (not among its uncategorized or resource-intensive actions)
    ["ReplaceRoute", "RouteTableId=rtb-1&DestinationCidrBlock=192.168.100.10/32", "mutating"],
    ["CreateRoute", "RouteTableId=rtb-1&DestinationCidrBlock=192.168.100.10/32", "mutating"],
    ["DescribeRouteTables", "RouteTableId.1=rtb-1&RouteTableId.2=rtb-2", "nonMutating"],
    ["GetConsoleOutput", "InstanceId=i-1", "nonMutating"],
    ["SearchTransitGatewayRoutes", "TransitGatewayRouteTableId=tgw-rtb-1", "nonMutating"],
  ])("%s(%s) draws from the %s request bucket", (action, query, bucket) => {
    expect(requestBucket(action, new URLSearchParams(query))).toBe(bucket);
  });

  it.each([
    [
      "StopInstances",
      "InstanceId.1=i-1",
      [
        ["mutating", 1],
        ["StopInstances", 1],
      ],
    ],
    [
      "StopInstances",
      "InstanceId.1=i-1&InstanceId.2=i-2&InstanceId.3=i-3&Force=true",
      [
        ["mutating", 1],
        ["StopInstances", 3],
      ],
    ],
    [
      "StartInstances",
      "InstanceId.1=i-1&InstanceId.2=i-2",
      [
        ["StartInstances", 1],
        ["StartInstances", 2],
      ],
    ],
    [
      "TerminateInstances",
      "InstanceId.1=i-1",
      [
        ["TerminateInstances", 1],
        ["TerminateInstances", 1],
      ],
    ],
    [
      "RunInstances",
      "MinCount=1&MaxCount=4",
      [
        ["RunInstances", 1],
        ["RunInstances", 4],
      ],
    ],
    ["AssociateAddress", "AllocationId=eipalloc-1&InstanceId=i-1", [["mutating", 1]]],
  ] as const)(
    "%s(%s) draws %j (request bucket, then resource bucket per instance)",
    (action, query, expected) => {
      const got = draws(action, new URLSearchParams(query));
      expect(got.map((d) => [d.bucket, d.tokens])).toEqual(expected);
      expect(got.map((d) => d.table)).toEqual(expected.length === 2 ? ["request", "resource"] : ["request"]);
    },
  );

  it("knows reads from writes: whatever is not Describe, List, Search or Get changes something", () => {
    expect(
      ["DescribeAddresses", "GetConsoleOutput", "ListImagesInRecycleBin", "SearchLocalGatewayRoutes"].map(
        isMutating,
      ),
    ).toEqual([false, false, false, false]);
    expect(["AssociateAddress", "StopInstances", "MonitorInstances", "ReplaceRoute"].map(isMutating)).toEqual(
      [true, true, true, true],
    );
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
