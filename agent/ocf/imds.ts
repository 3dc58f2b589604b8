// Covered by test/integration/sim/imds.test.ts and test/integration/agent/identity.test.ts (IMDSv2 only, never v1).
import { request } from "node:http";
import { ImdsError } from "./errors.ts";

/** The instance metadata service's fixed address; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides it. */
export const IMDS_DEFAULT_ENDPOINT = "http://169.254.169.254";

/** One request; resolves with the body on 200, with undefined on 404 when `absentOk`, else rejects. */
function call(
  url: URL,
  method: "PUT" | "GET",
  headers: Record<string, string>,
  timeoutMs: number,
  absentOk = false,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    // agent: false: a fresh connection per request, so no pooled socket from an earlier answer can hang up.
    const req = request(url, { method, headers, timeout: timeoutMs, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        if (res.statusCode === 200) resolve(body.trim());
        else if (res.statusCode === 404 && absentOk) resolve(undefined);
        else reject(new ImdsError(`${method} ${url.pathname} answered HTTP ${res.statusCode}`));
      });
    });
    req.on("timeout", () =>
      req.destroy(new ImdsError(`${method} ${url.pathname} timed out after ${timeoutMs} ms`)),
    );
    req.on("error", (error) =>
      reject(
        error instanceof ImdsError ? error : new ImdsError(`${method} ${url.pathname}: ${error.message}`),
      ),
    );
    req.end();
  });
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
