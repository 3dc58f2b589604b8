// Covered by test/unit/agent/ocf/sigv4.test.ts (the same signature as the SDK's own signer, @smithy/signature-v4).
import { hex, hmacSha256, sha256 } from "./sha256.ts";

/** Keys to sign with: static, from a profile, or the instance role's (then with a session token). */
export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** One request to sign: a POST of `body` to `url`'s path, with `headers` (lower-case names) besides host. */
export interface Unsigned {
  readonly url: URL;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** 20261207T051500Z: SigV4's date, UTC to the second. */
const amzDate = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/**
 * The headers that sign `request` for `service` in `region` with Signature Version 4 (AWS's "Create a signed AWS
 * API request"): host, x-amz-date, x-amz-security-token when the keys have one, and authorization, every header
 * of the request signed, hashed by ./sha256.ts (not node:crypto, whose loading cost more than the hashing).
 *
 * @example
 * sign({ url, body, headers: { "content-type": "…" } }, keys, "ap-northeast-1", "ec2", new Date())
 */
export function sign(
  request: Unsigned,
  keys: Keys,
  region: string,
  service: string,
  at: Date,
): Record<string, string> {
  const date = amzDate(at);
  const day = date.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
    host: request.url.host,
    "x-amz-date": date,
    ...(keys.sessionToken ? { "x-amz-security-token": keys.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    "POST",
    request.url.pathname || "/",
    request.url.search.slice(1),
    ...names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, " ")}`),
    "",
    names.join(";"),
    hex(sha256(request.body)),
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, scope, hex(sha256(canonical))].join("\n");
  let key = hmacSha256(`AWS4${keys.secretAccessKey}`, day);
  for (const part of [region, service, "aws4_request"]) key = hmacSha256(key, part);
  const signature = hex(hmacSha256(key, toSign));
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}
