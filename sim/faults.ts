/**
 * What the proxy does instead of (or before) forwarding a request. `interleave` runs other calls (another
 * client's move, say) while this request waits, then forwards it: a race set at one exact point, with no
 * timer (should `run` reject, the waiting request's connection is reset). It holds a function, so it is for
 * tests in the proxy's process, not for rules sent as JSON.
 */
export type Fault =
  | { readonly kind: "http"; readonly status: 500 | 503; readonly code: string }
  | { readonly kind: "reset" }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "interleave"; readonly run: () => Promise<unknown> }
  | { readonly kind: "error"; readonly status: number; readonly code: string };

/**
 * When a fault applies: an action ("*" for any), optionally a client, whether the request is an EC2 DryRun, and
 * call numbers or a probability.
 *
 * @example
 * // IAM denies AssociateAddress: its DryRun answers UnauthorizedOperation (instead of DryRunOperation)
 * { action: "AssociateAddress", dryRun: true, fault: { kind: "error", status: 403, code: "UnauthorizedOperation" } }
 */
export interface FaultRule {
  readonly action: string;
  /** true: only requests with DryRun=true; false: only those without; undefined: both. */
  readonly dryRun?: boolean;
  /** 1-based numbers of the matching calls (counted per rule); undefined: every matching call. */
  readonly calls?: readonly number[];
  /** 0..1; undefined: always (subject to `calls`). */
  readonly probability?: number;
  /** The caller's access key id; undefined: any client. */
  readonly client?: string;
  readonly fault: Fault;
}

/** Picks the fault for one request, counting matches per rule. Pure apart from the counters it owns. */
export class FaultSchedule {
  private readonly rules: readonly FaultRule[];
  private readonly random: () => number;
  private readonly seen: number[];

  constructor(rules: readonly FaultRule[], random: () => number = Math.random) {
    this.rules = rules;
    this.random = random;
    this.seen = rules.map(() => 0);
  }

  /** The first rule's fault that applies to this request (`dryRun`: it carried DryRun=true), or undefined. */
  pick(action: string, client: string, dryRun = false): Fault | undefined {
    let chosen: Fault | undefined;
    this.rules.forEach((rule, i) => {
      if (rule.action !== "*" && rule.action !== action) return;
      if (rule.client !== undefined && rule.client !== client) return;
      if (rule.dryRun !== undefined && rule.dryRun !== dryRun) return;
      const n = ++this.seen[i]!;
      if (chosen) return;
      if (rule.calls && !rule.calls.includes(n)) return;
      if (rule.probability !== undefined && this.random() >= rule.probability) return;
      chosen = rule.fault;
    });
    return chosen;
  }
}

/** The XML error body EC2 sends, which the SDK and the aws CLI parse. */
export function ec2ErrorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

/** The JSON error body of JSON-protocol services (SSM). */
export function jsonError(code: string, message: string): string {
  return JSON.stringify({ __type: code, message });
}
