import { EC2Client, type EC2ClientConfig } from "@aws-sdk/client-ec2";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** Options for {@link createEc2Client}; anything unset comes from the SDK's standard variables and chain. */
export interface Ec2ClientOptions {
  /** undefined: `AWS_REGION` / profile, as the SDK resolves it. */
  readonly region?: string;
  /** undefined: `AWS_ENDPOINT_URL_EC2` / `AWS_ENDPOINT_URL`, else the public endpoint. */
  readonly endpoint?: string;
  /** Socket connect timeout in ms. */
  readonly connectionTimeoutMs?: number;
  /** Whole-request timeout in ms; the deadline's AbortSignal cuts sooner when less time is left. */
  readonly requestTimeoutMs?: number;
  /** Extra SDK configuration (credentials in tests, a custom logger). */
  readonly extra?: Partial<EC2ClientConfig>;
}

/**
 * An EC2 client whose own retries are off (`maxAttempts: 1`): {@link withRetry} owns retrying, so the total
 * time of an operation is bounded by the caller's deadline and not by the SDK's retry budget.
 *
 * @example
 * const ec2 = createEc2Client({ region: "ap-northeast-1" });
 */
export function createEc2Client(options: Ec2ClientOptions = {}): EC2Client {
  return new EC2Client({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs ?? 5_000,
      // A request past its timeout must fail (and be retried as transient), not just log a warning.
      throwOnRequestTimeout: true,
    }),
    ...options.extra,
  });
}
