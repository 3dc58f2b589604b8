// The embedded region's stack is the template `sls package` writes, deployed whole by moto's CloudFormation: the
// same resources under the same logical ids and types, the same outputs, its rules and dashboard really there, and
// the uploaded functions detached from what would run them (cli/stack/deploy.ts says why).
import { DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetDashboardCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeRuleCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { GetFunctionConfigurationCommand, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { embeddedClients } from "../../../../cli/clients.ts";
import { CLASSIC_CLUSTER } from "../../../../cli/drill/scenarios/common.ts";
import { deployClassic } from "../../../../cli/embedded.ts";
import { DEFAULT_STACK, RULES } from "../../../../cli/stack/constants.ts";
import { listResources } from "../../../../cli/stack/discover.ts";
import { packagedStack } from "../../../../cli/stack/package.ts";
import { useRegion } from "../../../support/region.ts";

/**
 * The resource types moto 5's CloudFormation accepts but does not implement: it creates nothing for them and lists
 * them without a logical id. No command reads them (the stack's two alarms, the queue and bucket policies, the
 * functions' async-invoke configuration). A moto that implements one fails the test: drop it here.
 */
const MOTO_CREATES_NOTHING = [
  "AWS::CloudWatch::Alarm",
  "AWS::Lambda::EventInvokeConfig",
  "AWS::S3::BucketPolicy",
  "AWS::SQS::QueuePolicy",
];

describe("the embedded region's stack is the packaged template (sls package --param clusters=web)", () => {
  const sim = useRegion({ resetEach: false });
  const clients = () => embeddedClients(sim.region, "test");
  beforeAll(async () => {
    await deployClassic(sim.region);
  });

  it("holds every resource of the packaged template under its logical id and type, and nothing else", async () => {
    // Prepare
    const { updateTemplate } = await packagedStack({ clusters: CLASSIC_CLUSTER });
    const c = clients();
    // Act
    const resources = await listResources(c.cloudformation, DEFAULT_STACK);
    c.destroy();
    // Assess
    const expected = Object.entries(updateTemplate.Resources)
      .filter(([, r]) => !MOTO_CREATES_NOTHING.includes(r.Type))
      .map(([id, r]) => `${id} ${r.Type}`)
      .sort();
    const listed = resources.filter((r) => r.LogicalResourceId);
    expect(listed.map((r) => `${r.LogicalResourceId} ${r.ResourceType}`).sort()).toEqual(expected);
    expect(resources).toHaveLength(Object.keys(updateTemplate.Resources).length);
    expect(expected).toEqual(
      expect.arrayContaining([
        "FailoverDecisions AWS::SQS::Queue",
        "FailoverDeadLetters AWS::SQS::Queue",
        "NodeRoleWeb AWS::IAM::Role",
        "NodeInstanceProfileWeb AWS::IAM::InstanceProfile",
        "FailoverLambdaFunction AWS::Lambda::Function",
        "SweepLambdaFunction AWS::Lambda::Function",
      ]),
    );
  });

  it("has the packaged template's outputs, and its rules, dashboard and controller really exist", async () => {
    // Prepare
    const { updateTemplate } = await packagedStack({ clusters: CLASSIC_CLUSTER });
    const c = clients();
    // Act
    const stack = (await c.cloudformation.send(new DescribeStacksCommand({ StackName: DEFAULT_STACK })))
      .Stacks?.[0];
    const resources = await listResources(c.cloudformation, DEFAULT_STACK);
    const physical = (id: string) => resources.find((r) => r.LogicalResourceId === id)?.PhysicalResourceId;
    const rules = await Promise.all(
      [...RULES, "FailoverHistoryRule"].map((id) =>
        c.events.send(new DescribeRuleCommand({ Name: physical(id) })),
      ),
    );
    const dashboard = await c.cloudwatch.send(new GetDashboardCommand({ DashboardName: DEFAULT_STACK }));
    const controller = await c.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: physical("FailoverLambdaFunction") }),
    );
    const mappings = await c.lambda.send(new ListEventSourceMappingsCommand({}));
    const targets = await Promise.all(
      resources
        .filter((r) => r.ResourceType === "AWS::Events::Rule")
        .map((r) => c.events.send(new ListTargetsByRuleCommand({ Rule: r.PhysicalResourceId })))
        .map(async (out) => (await out).Targets?.map((t) => t.Arn?.split(":")[2]) ?? []),
    );
    c.destroy();
    // Assess
    expect(stack?.Outputs?.map((o) => o.OutputKey).sort()).toEqual(
      Object.keys(updateTemplate.Outputs ?? {}).sort(),
    );
    expect(rules.map((r) => r.State)).toEqual(["ENABLED", "ENABLED", "ENABLED"]);
    expect(dashboard.DashboardBody).toContain("EipFailover");
    expect(controller.Environment?.Variables).toMatchObject({ CONFIG_PREFIX: "/eip-failover/clusters/" });
    // nothing runs the uploaded functions here: the decisions queue's mapping exists, disabled, and the rules
    // (all five there) keep their queue and log group targets, not the sweep's function
    expect(mappings.EventSourceMappings?.map((m) => m.State)).toEqual(["Disabled"]);
    expect(targets.flat().sort()).toEqual(["logs", "sqs", "sqs"]);
    expect(targets).toHaveLength(5);
  });
});
