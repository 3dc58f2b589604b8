import { describe, expect, it } from "vitest";
import { codeKeys } from "../../../../cli/stack/deploy.ts";

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
