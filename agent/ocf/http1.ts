// Covered by test/unit/agent/ocf/http1.test.ts (the parser) and test/integration/agent/identity.test.ts (against sim/).
import { connect, isIP, type Socket } from "node:net";

// One HTTP/1.1 exchange written by hand over node:net (node:tls for https, loaded only then), for IMDSv2
// (imds.ts) and the probe's one EC2 read (ec2-query.ts): node:http and its parser cost a recurring monitor more
// than the two requests it makes, and the SDK's handler loads node:https even for an http endpoint
// (bench/RESULTS.md, issue 26).

/** An answer: the status code and the body as text. */
export interface Answer {
  readonly status: number;
  readonly body: string;
}

const HEADER_END = Buffer.from("\r\n\r\n");

/** The connection stayed idle for the whole timeout. */
export class ExchangeTimeout extends Error {
  override readonly name: string = "ExchangeTimeout";
}

/** The chunked body in `data` from `start`, or undefined while a chunk or the last one is still missing. */
function unchunk(data: Buffer, start: number): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const eol = data.indexOf("\r\n", at);
    if (eol < 0) return undefined;
    const size = Number.parseInt(data.toString("latin1", at, eol), 16);
    if (!Number.isInteger(size) || size < 0) throw new Error("malformed chunked answer");
    if (size === 0) return data.indexOf("\r\n\r\n", eol) < 0 ? undefined : Buffer.concat(parts);
    if (data.length < eol + 2 + size + 2) return undefined;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/**
 * Parses the answer held so far: undefined while it is incomplete. `closed`: the server has closed, so a body
 * with neither Content-Length nor chunked framing ends here.
 *
 * @throws Error for a status line or framing that is not HTTP/1.x.
 * @example
 * parseAnswer(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), false) // { status: 200, body: "ok" }
 */
export function parseAnswer(data: Buffer, closed: boolean): Answer | undefined {
  const end = data.indexOf(HEADER_END);
  if (end < 0) return undefined;
  const [statusLine = "", ...lines] = data.toString("latin1", 0, end).split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine)?.[1];
  if (!status) throw new Error(`not an HTTP/1.x answer: '${statusLine.slice(0, 40)}'`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const start = end + HEADER_END.length;
  let body: Buffer | undefined;
  if (/\bchunked\b/i.test(headers.get("transfer-encoding") ?? "")) body = unchunk(data, start);
  else if (headers.has("content-length")) {
    const length = Number(headers.get("content-length"));
    if (!Number.isInteger(length) || length < 0) throw new Error("malformed Content-Length");
    body = data.length >= start + length ? data.subarray(start, start + length) : undefined;
  } else body = closed ? data.subarray(start) : undefined;
  return body && { status: Number(status), body: body.toString("utf8") };
}

/** What a request carries besides its method and headers. */
export interface ExchangeOptions {
  /** The request's body (Content-Length is set from it); undefined: none. */
  readonly body?: string;
  /** Aborts the exchange: the socket is closed and the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/** The socket's constructor for `url`'s protocol; node:tls is loaded only for https. */
async function connector(url: URL): Promise<(host: string, port: number) => Socket> {
  if (url.protocol === "http:") return (host, port) => connect({ host, port });
  if (url.protocol !== "https:")
    throw new Error(`protocol ${url.protocol} not supported (expected http: or https:)`);
  const tls = await import("node:tls");
  // SNI names a host, never an address (RFC 6066; Node warns on one).
  return (host, port) =>
    tls.connect({ host, port, ...(isIP(host) ? {} : { servername: host }), ALPNProtocols: ["http/1.1"] });
}

/** The error node:http gives when a connection closes before a whole answer (same message and code). */
function hangUp(): Error {
  return Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
}

/**
 * Sends one request on a fresh connection (`Connection: close`: no pooled socket from an earlier answer can hang
 * up) and resolves with the answer. The connection is idle for at most `timeoutMs`, as node:http's `timeout`.
 *
 * @throws ExchangeTimeout "timed out after N ms"; Error "socket hang up" (code ECONNRESET: closed before a whole
 *   answer); an AbortError when `options.signal` aborts; or the socket's error.
 * @example
 * await exchange(new URL("http://169.254.169.254/latest/api/token"), "PUT", { "x-aws-ec2-metadata-token-ttl-seconds": "60" }, 1000)
 */
export async function exchange(
  url: URL,
  method: "PUT" | "GET" | "POST",
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  options: ExchangeOptions = {},
): Promise<Answer> {
  const open = await connector(url);
  const { body = "", signal } = options;
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const socket = open(host, Number(url.port || (url.protocol === "https:" ? 443 : 80)));
    const received: Buffer[] = [];
    let settled = false;
    const onAbort = () => settle(signal?.reason ?? new DOMException("aborted", "AbortError"));
    const settle = (error: unknown, answer?: Answer) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const check = (closed: boolean) => {
      try {
        const answer = parseAnswer(Buffer.concat(received), closed);
        if (answer) settle(undefined, answer);
        else if (closed) settle(hangUp());
      } catch (error) {
        settle(error as Error);
      }
    };
    socket.setTimeout(timeoutMs, () => settle(new ExchangeTimeout(`timed out after ${timeoutMs} ms`)));
    socket.on("data", (chunk: Buffer) => {
      received.push(chunk);
      check(false);
    });
    socket.on("end", () => check(true));
    socket.on("close", () => check(true));
    socket.on("error", (error) => settle(error));
    const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`, "Connection: close", "", body);
    socket.write(lines.join("\r\n"));
  });
}
