import { EC2Client } from "@aws-sdk/client-ec2";
import { SSMClient } from "@aws-sdk/client-ssm";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { DUMMY_CREDENTIALS, REGION } from "./constants.ts";

/** The standard SDK variables that point any AWS client (SDK, CLI, agent) at a sim endpoint. */
export function simEnv(endpoint: string, region: string = REGION): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Options for {@link simEc2}; every one has a default. */
export interface SimEc2Options {
  readonly region?: string;
  /** Socket connect timeout in ms (default 1,000). */
  readonly connectionTimeoutMs?: number;
  /** Whole-request timeout in ms (default 5,000): moto answers a describe of thousands of instances slowly. */
  readonly requestTimeoutMs?: number;
  /** Default: the dummy credentials; an access key id names the caller in the proxy's request log. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * An EC2 client for a sim endpoint. The SDK's own retries are off (`maxAttempts: 1`), so each request the
 * caller makes is one request in the proxy's log and one token of a bucket; a request past its timeout fails
 * instead of only logging a warning.
 *
 * @example
 * const ec2 = simEc2(region.moto.endpoint, { requestTimeoutMs: 60_000 });
 */
export function simEc2(endpoint: string, options: SimEc2Options = {}): EC2Client {
  return new EC2Client({
    region: options.region ?? REGION,
    endpoint,
    credentials: options.credentials ?? DUMMY_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs ?? 5_000,
      throwOnRequestTimeout: true,
    }),
  });
}

/**
 * What any SDK client needs to talk to a sim endpoint: its Region, the endpoint, the dummy credentials.
 *
 * @example
 * const cloudwatch = new CloudWatchClient(simConfig(region.moto.endpoint));
 */
export function simConfig(endpoint: string, region: string = REGION) {
  return { region, endpoint, credentials: DUMMY_CREDENTIALS };
}

/** An SSM client for a sim endpoint. */
export function simSsm(endpoint: string, region: string = REGION): SSMClient {
  return new SSMClient({ ...simConfig(endpoint, region), maxAttempts: 1 });
}
