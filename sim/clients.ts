import type { EC2Client } from "@aws-sdk/client-ec2";
import { SSMClient } from "@aws-sdk/client-ssm";
import { createEc2Client } from "../core/index.ts";
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

/**
 * An EC2 client for a sim endpoint, configured as the project's own code configures it. `requestTimeoutMs`
 * is for the sim's own bookkeeping calls: moto answers a describe of thousands of instances slowly.
 */
export function simEc2(
  endpoint: string,
  options: { readonly region?: string; readonly requestTimeoutMs?: number } = {},
): EC2Client {
  return createEc2Client({ region: REGION, endpoint, ...options, extra: { credentials: DUMMY_CREDENTIALS } });
}

/** An SSM client for a sim endpoint. */
export function simSsm(endpoint: string, region: string = REGION): SSMClient {
  return new SSMClient({ region, endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
}
