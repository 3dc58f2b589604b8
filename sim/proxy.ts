import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { setTimeout as wait } from "node:timers/promises";
import { addressInstances } from "./address-instances.ts";
import { type Bus, createBus, putEventsEntries } from "./bus.ts";
import { type LagRange, NO_LAG } from "./consistency.ts";
import { answersDryRun, isMutating } from "./ec2-actions.ts";
import { ec2ErrorXml, type Fault, type FaultRule, FaultSchedule, jsonError } from "./faults.ts";
import { listen } from "./listen.ts";
import { readLag } from "./read-lag.ts";
import { createRequestLog, type LogEntry, type RequestLog } from "./request-log.ts";
import { impairStatuses } from "./status-checks.ts";
import { type ThrottleMode, throttleFor } from "./throttle.ts";

export type { Bus, BusEntry } from "./bus.ts";
export type { LagRange } from "./consistency.ts";
export type { Fault, FaultRule } from "./faults.ts";
export type { LogEntry, RequestLog } from "./request-log.ts";
export type { ThrottleMode } from "./throttle.ts";

/** The endpoint clients use instead of moto's: throttling, faults and a request log in front of it. */
export interface SimProxy {
  readonly endpoint: string;
  readonly port: number;
  readonly log: RequestLog;
  /** The entries PutEvents put on EventBridge through this proxy (and moto took). */
  readonly bus: Bus;
  setThrottling(mode: ThrottleMode): void;
  setFaults(rules: readonly FaultRule[]): void;
  /**
   * Instances whose instance status check fails from now on (they keep running), as EC2 would report, dated
   * (`ImpairedSince`) when each was first marked; an instance left out is healthy again.
   */
  setImpaired(instanceIds: readonly string[]): void;
  /**
   * EC2's read-after-write lag from now on: after each successful AssociateAddress, DisassociateAddress,
   * CreateRoute, ReplaceRoute, Stop/Start/TerminateInstances, Describe answers show what it changed as it was
   * before, for a lag drawn per change from `range` (0–0: exact reads). Writes stay exact, as EC2's are.
   * Windows already open stay open; {@link SimProxy.settle} closes them.
   */
  setConsistency(range: LagRange): void;
  /** Closes every open lag window: Describe shows the truth from now on (the next change lags again). */
  settle(): void;
  /**
   * Resets the connection of every request a delay or interleave fault still holds: none of them reaches moto or
   * the log when its wait ends. A request held across a region's reset would otherwise land in the next test's
   * world (and its log) seconds later.
   */
  dropHeld(): void;
  stop(): Promise<void>;
}

export interface ProxyOptions {
  /** moto's endpoint, e.g. http://127.0.0.1:5000 */
  readonly target: string;
  readonly host?: string;
  readonly port?: number;
  readonly throttling?: ThrottleMode;
  readonly faults?: readonly FaultRule[];
  /** Draws for probabilistic fault rules, 0 ≤ x < 1 (default Math.random). */
  readonly random?: () => number;
  /** Epoch milliseconds, for the token buckets and the log (default Date.now): tests pass a fake one. */
  readonly clock?: () => number;
  /**
   * EC2's read-after-write lag (see {@link SimProxy.setConsistency}); default none. Lags are drawn with `random`
   * and timed on `clock`.
   */
  readonly consistency?: LagRange;
  /** Waits out a "delay" fault (default: a real timer): tests pass one they release themselves. */
  readonly sleep?: (ms: number) => Promise<unknown>;
}

interface Parsed {
  readonly service: LogEntry["service"];
  readonly action: string;
  readonly client: string;
  readonly params: URLSearchParams;
  /** An EC2 request with DryRun=true. */
  readonly dryRun: boolean;
}

/** Service, action and caller of a signed AWS request (SigV4 scope: AKID/date/region/service/aws4_request). */
export function parseRequest(req: IncomingMessage, body: Buffer): Parsed {
  const auth = String(req.headers.authorization ?? "");
  const scope = /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth);
  const client = scope?.[1] ?? "anonymous";
  const target = String(req.headers["x-amz-target"] ?? "");
  if (target) {
    const action = target.split(".").pop() ?? target;
    return {
      service:
        scope?.[2] === "ssm" || target.startsWith("AmazonSSM")
          ? "ssm"
          : scope?.[2] === "events" || target.startsWith("AWSEvents")
            ? "events"
            : scope?.[2] === "monitoring" || target.startsWith("GraniteServiceVersion")
              ? "cloudwatch"
              : "other",
      action,
      client,
      params: new URLSearchParams(),
      dryRun: false,
    };
  }
  const query = new URL(req.url ?? "/", "http://proxy").searchParams;
  const params = req.method === "GET" ? query : new URLSearchParams(body.toString("utf8"));
  const action = params.get("Action") ?? "";
  const service = scope?.[2] === "ec2" || (action && !scope) ? "ec2" : "other";
  const dryRun = params.get("DryRun") === "true";
  return { service, action: action || (scope?.[2] ?? "unknown"), client, params, dryRun };
}

function sendError(
  res: ServerResponse,
  service: Parsed["service"],
  status: number,
  code: string,
  message: string,
) {
  const json = service === "ssm" || service === "events" || service === "cloudwatch";
  res.writeHead(status, { "content-type": json ? "application/x-amz-json-1.1" : "text/xml;charset=UTF-8" });
  res.end(json ? jsonError(code, message) : ec2ErrorXml(code, message, randomUUID()));
}

const FAULT_MESSAGES: Record<string, string> = {
  UnauthorizedOperation: "You are not authorized to perform this operation.",
  AuthFailure: "AWS was not able to validate the provided access credentials",
  InternalError: "An internal error has occurred",
  Unavailable: "The server is overloaded and can't handle the request.",
  DryRunOperation: "Request would have succeeded, but DryRun flag is set.",
};

/**
 * Starts the sim's EC2/SSM front door on loopback. Every request is parsed, logged, throttled per the
 * documented EC2 buckets (when on), given any scheduled fault, and otherwise forwarded to moto untouched.
 *
 * @example
 * const proxy = await startProxy({ target: moto.endpoint, throttling: { kind: "documented" } });
 * proxy.setFaults([{ action: "AssociateAddress", calls: [1], fault: { kind: "http", status: 503, code: "Unavailable" } }]);
 * // IAM denying DisassociateAddress, seen by its DryRun only:
 * proxy.setFaults([{ action: "DisassociateAddress", dryRun: true, fault: { kind: "error", status: 403, code: "UnauthorizedOperation" } }]);
 */
export async function startProxy(options: ProxyOptions): Promise<SimProxy> {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? wait;
  const log = createRequestLog();
  const bus = createBus();
  const target = new URL(options.target);
  let throttle = throttleFor(options.throttling ?? { kind: "off" }, clock);
  let faults = new FaultSchedule(options.faults ?? [], random);
  let impaired = new Map<string, number>();
  const lag = readLag(target, options.consistency ?? NO_LAG, random, clock);
  // Requests a fault holds, and which drop (dropHeld) each belongs to: one that waits past a drop is dropped.
  const held = new Set<IncomingMessage>();
  let drops = 0;

  /**
   * How an answer from moto is changed before the caller sees it, where moto and EC2 differ: changes not yet
   * shown (EC2's read-after-write lag), impaired status checks, and the instance behind an address associated by
   * interface. Undefined: passed through untouched. The answer says whether the lag changed it.
   */
  function rewriteFor(parsed: Parsed, status: number | undefined, headers: IncomingMessage["headers"]) {
    const { action } = parsed;
    if (status !== 200 || parsed.service !== "ec2") return undefined;
    const lagging = lag.shows(action);
    const impair = action === "DescribeInstanceStatus" && impaired.size > 0;
    if (!lagging && !impair && action !== "DescribeAddresses") return undefined;
    return async (truth: string) => {
      const shown = lagging ? lag.show({ ...parsed, headers }, truth) : truth;
      let text = impair ? impairStatuses(shown, impaired) : shown;
      if (action === "DescribeAddresses") text = await addressInstances(text, target, headers);
      return { text, stale: shown !== truth };
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const parsed = parseRequest(req, body);
    const { params, ...who } = parsed;
    const mutating = parsed.service === "ec2" && isMutating(parsed.action);
    const entry = (status: number, extra: Partial<LogEntry> = {}) =>
      log.add({ time: clock(), ...who, status, mutating, throttled: false, faulted: false, ...extra });

    if (parsed.service === "ec2" && throttle && !throttle.admit(parsed.action, params)) {
      entry(503, { throttled: true });
      return sendError(res, "ec2", 503, "RequestLimitExceeded", "Request limit exceeded.");
    }
    const fault: Fault | undefined = faults.pick(parsed.action, parsed.client, parsed.dryRun);
    if (fault?.kind === "reset") {
      entry(0, { faulted: true });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "http" || fault?.kind === "error") {
      entry(fault.status, { faulted: true });
      return sendError(
        res,
        parsed.service,
        fault.status,
        fault.code,
        FAULT_MESSAGES[fault.code] ?? fault.code,
      );
    }
    if (fault?.kind === "delay" || fault?.kind === "interleave") {
      const era = drops;
      held.add(req);
      try {
        await (fault.kind === "delay" ? sleep(fault.ms) : fault.run());
      } finally {
        held.delete(req);
      }
      if (era !== drops) return;
    }
    if (parsed.service === "ec2" && answersDryRun(parsed.action, parsed.dryRun)) {
      entry(412, { faulted: fault !== undefined });
      return sendError(res, "ec2", 412, "DryRunOperation", FAULT_MESSAGES.DryRunOperation ?? "");
    }
    const changed =
      parsed.service === "ec2" ? await lag.changing({ ...parsed, headers: req.headers }) : () => {};
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        if (up.statusCode === 200) changed();
        if (parsed.service === "events" && parsed.action === "PutEvents" && up.statusCode === 200)
          bus.put(putEventsEntries(body.toString("utf8"), parsed.client, clock()));
        const rewrite = rewriteFor(parsed, up.statusCode, req.headers);
        if (!rewrite) {
          entry(up.statusCode ?? 0, { faulted: fault !== undefined });
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", async () => {
          const out = await rewrite(Buffer.concat(chunks).toString("utf8")).catch(() => undefined);
          entry(up.statusCode ?? 0, { faulted: fault !== undefined, ...(out?.stale ? { stale: true } : {}) });
          if (out === undefined) return res.destroy();
          const { "content-length": _length, ...headers } = up.headers;
          res.writeHead(up.statusCode ?? 502, { ...headers, "content-length": Buffer.byteLength(out.text) });
          res.end(out.text);
        });
      },
    );
    upstream.on("error", (error) => {
      entry(502);
      if (!res.headersSent) sendError(res, parsed.service, 502, "ProxyUpstreamError", error.message);
      else res.destroy();
    });
    upstream.end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks)).catch(() => res.destroy());
    });
  });
  const listening = await listen(server, options.host, options.port);
  return {
    endpoint: listening.endpoint,
    port: listening.port,
    log,
    bus,
    setThrottling: (mode) => {
      throttle = throttleFor(mode, clock);
    },
    setFaults: (rules) => {
      faults = new FaultSchedule(rules, random);
    },
    setImpaired: (instanceIds) => {
      impaired = new Map(instanceIds.map((id) => [id, impaired.get(id) ?? clock()]));
    },
    setConsistency: (range) => lag.setRange(range),
    settle: () => lag.settle(),
    dropHeld: () => {
      drops++;
      for (const req of held) req.socket.destroy();
      held.clear();
    },
    stop: () => listening.stop(),
  };
}
