// Covered by test/unit/agent/ocf/ec2-query.test.ts (requests, answers, failures) and
// test/integration/agent/ec2-query.test.ts (against sim/: the same snapshots and error reasons as the SDK's).
import type { Env } from "./environment.ts";
import { ExchangeTimeout, exchange } from "./http1.ts";
import { type Keys, sign } from "./sigv4.ts";

// One EC2 Query API call (a signed form POST answered in XML) without the AWS SDK, for the eip agent's probe:
// loading the SDK half (node:https, zlib, the client) was most of a probe's time (bench/RESULTS.md, issue 26).
// It fails as the SDK does, so core's classify.ts gives its failures the same reasons: an EC2 error is named by
// its code and carries $metadata.httpStatusCode and $fault; a socket's error keeps its code; a timeout is a
// TimeoutError.

/** The EC2 API version the SDK's client sends. */
export const EC2_API_VERSION = "2016-11-15";

/** Where and as whom EC2 is asked. */
export interface QueryTarget {
  readonly endpoint: URL;
  readonly region: string;
  readonly keys: () => Promise<Keys>;
}

/**
 * EC2's endpoint for `region` as the SDK would choose it: AWS_ENDPOINT_URL_EC2, else AWS_ENDPOINT_URL (unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), else the Region's public endpoint; undefined where the SDK's rules
 * differ (FIPS, dual-stack, the China and isolated partitions), which only the SDK follows.
 */
export function ec2Endpoint(env: Env, region: string): URL | undefined {
  const on = (name: string) => env[name]?.toLowerCase() === "true";
  if (!on("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
    const configured = env.AWS_ENDPOINT_URL_EC2 || env.AWS_ENDPOINT_URL;
    if (configured) return URL.canParse(configured) ? new URL(configured) : undefined;
  }
  if (on("AWS_USE_FIPS_ENDPOINT") || on("AWS_USE_DUALSTACK_ENDPOINT")) return undefined;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) || /^(cn|us-iso[a-z]*|eusc)-/.test(region)) return undefined;
  return new URL(`https://ec2.${region}.amazonaws.com`);
}

/** The text of `<tag>` in `xml`, entities decoded; undefined when absent. */
export function textOf(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m ? decodeXml(m[1]!) : undefined;
}

/** XML's five entities and numeric references. */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === "#")
      return String.fromCodePoint(Number.parseInt(e.slice(e[1] === "x" ? 2 : 1), e[1] === "x" ? 16 : 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

/** An EC2 error as the SDK throws it: named by EC2's code, with the HTTP status and whose fault it is. */
export function ec2Error(status: number, xml: string): Error {
  const code = textOf(xml, "Code") ?? `HTTP${status}`;
  const message = textOf(xml, "Message") ?? `EC2 answered HTTP ${status}`;
  return Object.assign(new Error(message), {
    name: code,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status, requestId: textOf(xml, "RequestID") ?? textOf(xml, "RequestId") },
  });
}

/** Form-encodes as the SDK does (RFC 3986: `!'()*` escaped too). */
const encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Calls `action` with `params` and resolves with the answer's XML.
 *
 * @throws an EC2 error (see {@link ec2Error}) for an HTTP error; Error "TimeoutError" when the connection stays idle
 *   `timeoutMs`; the socket's error (code ECONNREFUSED, ECONNRESET, …); AbortError when `signal` aborts.
 * @example
 * await query(target, "DescribeAddresses", { "AllocationId.1": "eipalloc-…" }, { timeoutMs: 5000, signal })
 */
export async function query(
  target: QueryTarget,
  action: string,
  params: Readonly<Record<string, string>>,
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal; readonly now?: () => Date },
): Promise<string> {
  const keys = await target.keys();
  const body = Object.entries({ Action: action, Version: EC2_API_VERSION, ...params })
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join("&");
  const url = new URL("/", target.endpoint);
  const headers = sign(
    { url, body, headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } },
    keys,
    target.region,
    "ec2",
    (options.now ?? (() => new Date()))(),
  );
  delete headers.host; // exchange() writes Host itself
  const answer = await exchange(url, "POST", headers, options.timeoutMs, {
    body,
    ...(options.signal ? { signal: options.signal } : {}),
  }).catch((error: unknown) => {
    if (error instanceof ExchangeTimeout)
      throw Object.assign(new Error(error.message), { name: "TimeoutError" });
    throw error;
  });
  if (answer.status < 200 || answer.status >= 300) throw ec2Error(answer.status, answer.body);
  return answer.body;
}
