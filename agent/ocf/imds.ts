// Covered by test/integration/sim/imds.test.ts and test/integration/agent/identity.test.ts (IMDSv2 only, never v1).
import { ImdsError } from "./errors.ts";
import { ExchangeTimeout, exchange } from "./http1.ts";

/** The instance metadata service's fixed address; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides it. */
export const IMDS_DEFAULT_ENDPOINT = "http://169.254.169.254";

/** One request; resolves with the body on 200, with undefined on 404 when `absentOk`, else rejects. */
async function call(
  url: URL,
  method: "PUT" | "GET",
  headers: Record<string, string>,
  timeoutMs: number,
  absentOk = false,
): Promise<string | undefined> {
  // http1.ts, not node:http: loading node:http cost a recurring monitor more than its two requests.
  const answer = await exchange(url, method, headers, timeoutMs).catch((error: Error) => {
    const how = error instanceof ExchangeTimeout ? " " : ": ";
    throw new ImdsError(`${method} ${url.pathname}${how}${error.message}`, { cause: error });
  });
  if (answer.status === 200) return answer.body.trim();
  if (answer.status === 404 && absentOk) return undefined;
  throw new ImdsError(`${method} ${url.pathname} answered HTTP ${answer.status}`);
}

/** A session with IMDSv2: one token PUT, then GETs that carry the token. Never falls back to IMDSv1. */
export interface ImdsSession {
  get(path: string): Promise<string>;
  /** Like `get`, but a key IMDS does not have (404, e.g. `public-ipv4s` with no Elastic IP) is undefined. */
  find(path: string): Promise<string | undefined>;
}

/**
 * Opens an IMDSv2 session. A refused or missing token is an error, never a reason to try tokenless GETs.
 * The token lives only in this process's memory.
 *
 * @param endpoint undefined: {@link IMDS_DEFAULT_ENDPOINT}.
 * @example
 * const imds = await openImds(process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT, 1000);
 * await imds.get("instance-id") // "i-0123456789abcdef0"
 */
export async function openImds(endpoint: string | undefined, timeoutMs: number): Promise<ImdsSession> {
  const base = (endpoint || IMDS_DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const url = (path: string) => new URL(`${base}${path}`);
  const token = await call(
    url("/latest/api/token"),
    "PUT",
    { "x-aws-ec2-metadata-token-ttl-seconds": "60" },
    timeoutMs,
  );
  if (!token) throw new ImdsError("PUT /latest/api/token answered an empty token");
  const read = (path: string, absentOk: boolean) =>
    call(url(`/latest/meta-data/${path}`), "GET", { "x-aws-ec2-metadata-token": token }, timeoutMs, absentOk);
  return {
    get: async (path) => (await read(path, false)) ?? "",
    find: (path) => read(path, true),
  };
}
