import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { createEc2Client } from "../core/index.ts";
import { REGION } from "../sim/constants.ts";
import type { Region } from "../sim/region.ts";

/** Every AWS client the operator's command uses, for one Region and one caller. */
export interface AwsClients {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly cloudformation: CloudFormationClient;
  readonly cloudwatch: CloudWatchClient;
  /** The failover history's log group (`history`). */
  readonly logs: CloudWatchLogsClient;
  readonly events: EventBridgeClient;
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
  /** Closes every client's sockets. */
  destroy(): void;
}

type Config = {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

function withEc2AndSsm(ec2: EC2Client, ssm: SSMClient, config: Config): AwsClients {
  const clients = {
    ec2,
    ssm,
    cloudformation: new CloudFormationClient(config),
    cloudwatch: new CloudWatchClient(config),
    logs: new CloudWatchLogsClient(config),
    events: new EventBridgeClient(config),
    // The SDK's endpoint settings, not the queue URL's host: by default the SQS client sends each call to the
    // host in QueueUrl (sqs.<region>.amazonaws.com), which ignores AWS_ENDPOINT_URL(_SQS) unless `endpoint`
    // is passed in code. The URL's path still names the queue, so the regional endpoint serves it either way.
    sqs: new SQSClient({ ...config, useQueueUrlAsEndpoint: false }),
    lambda: new LambdaClient(config),
  };
  return {
    ...clients,
    destroy: () => {
      for (const c of Object.values(clients)) c.destroy();
    },
  };
}

/**
 * Clients for a real account: the standard credential chain (environment, profile, SSO, instance role), the
 * Region given or the chain's own (AWS_REGION, the profile), and the SDK's endpoint settings
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, a profile's endpoint_url) for every client, SQS included,
 * as the aws CLI resolves them.
 *
 * @example
 * const clients = liveClients("ap-northeast-1");
 */
export function liveClients(region: string | undefined): AwsClients {
  const config = region ? { region } : {};
  return withEc2AndSsm(createEc2Client(config), new SSMClient(config), config);
}

/**
 * Clients through the embedded region's proxy, named `client` in its request log (their calls are counted
 * there like everyone's).
 */
export function embeddedClients(region: Region, client: string): AwsClients {
  return withEc2AndSsm(region.ec2(client), region.ssm(client), {
    region: REGION,
    endpoint: region.proxy.endpoint,
    credentials: { accessKeyId: client, secretAccessKey: "testing" },
  });
}
