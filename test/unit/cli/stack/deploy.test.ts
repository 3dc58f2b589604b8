import { describe, expect, it } from "vitest";
import { codeKeys, functionTargets } from "../../../../cli/stack/deploy.ts";

describe("the code objects a packaged template's functions name", () => {
  it("lists each function's S3Key once, and nothing of other resources", () => {
    // Prepare
    const code = (key: string) => ({ S3Bucket: { Ref: "ServerlessDeploymentBucket" }, S3Key: key });
    const template = {
      Resources: {
        A: { Type: "AWS::Lambda::Function", Properties: { Code: code("serverless/x/eip-failover.zip") } },
        B: { Type: "AWS::Lambda::Function", Properties: { Code: code("serverless/x/eip-failover.zip") } },
        C: { Type: "AWS::Lambda::LayerVersion", Properties: { Content: code("serverless/x/layer.zip") } },
        D: { Type: "AWS::SQS::Queue" },
      },
    };
    // Act
    const keys = codeKeys(template);
    // Assess
    expect(keys).toEqual(["serverless/x/eip-failover.zip"]);
  });
});

describe("the rule targets that would run a packaged template's functions", () => {
  it("names each rule's targets that are the template's functions, and no queue, log group or other rule", () => {
    // Prepare
    const arnOf = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });
    const rule = (...targets: { Id: string; Arn: unknown }[]) => ({
      Type: "AWS::Events::Rule",
      Properties: { Targets: targets },
    });
    const template = {
      Resources: {
        Sweep: { Type: "AWS::Lambda::Function" },
        Decisions: { Type: "AWS::SQS::Queue" },
        Schedule: rule({ Id: "sweepSchedule", Arn: arnOf("Sweep") }),
        Mixed: rule({ Id: "queue", Arn: arnOf("Decisions") }, { Id: "fn", Arn: arnOf("Sweep") }),
        Queue: rule({ Id: "failover", Arn: arnOf("Decisions") }),
        History: rule({
          Id: "history",
          Arn: { "Fn::Sub": "arn:aws:logs:ap-northeast-1:123456789012:log-group:h" },
        }),
      },
    };
    // Act
    const targets = functionTargets(template);
    // Assess
    expect(targets).toEqual({ Schedule: ["sweepSchedule"], Mixed: ["fn"] });
  });
});
