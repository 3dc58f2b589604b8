import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterAll } from "vitest";

// The unit project runs its files in one module graph per worker (vitest.config.ts: isolate: false). An SDK
// client mocked by aws-sdk-client-mock replaces its class's `send` for every later file in that worker (it once
// made functions/pace.ts's tests fail), so each file must restore its mocks; this says which file did not.
const CLIENTS = {
  CloudFormationClient,
  CloudWatchClient,
  EC2Client,
  EventBridgeClient,
  LambdaClient,
  SQSClient,
  SSMClient,
};

afterAll(() => {
  const left = Object.entries(CLIENTS)
    .filter(([, client]) => Object.hasOwn(client.prototype, "send"))
    .map(([name]) => name);
  if (left.length > 0)
    throw new Error(
      `${left.join(", ")} still mocked after this file: call .restore() on its mockClient in afterAll`,
    );
});
