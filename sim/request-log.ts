/** One request as the proxy saw it. */
export interface LogEntry {
  readonly time: number;
  readonly service: "ec2" | "ssm" | "events" | "cloudwatch" | "other";
  readonly action: string;
  /** The SigV4 access key id of the caller ("anonymous" without one). */
  readonly client: string;
  readonly status: number;
  readonly mutating: boolean;
  /** The request carried EC2's DryRun=true (it asked whether it may, and changed nothing); undefined: false. */
  readonly dryRun?: boolean;
  readonly throttled: boolean;
  readonly faulted: boolean;
  /** The answer showed a change late (EC2's read-after-write lag rewrote it); undefined: false. */
  readonly stale?: boolean;
}

export interface LogFilter {
  readonly action?: string;
  readonly client?: string;
  readonly service?: string;
}

/** Counts per action and per client, readable by tests, benchmarks and the drill. */
export interface RequestLog {
  entries(): readonly LogEntry[];
  count(filter?: LogFilter): number;
  byAction(): Record<string, number>;
  byClient(): Record<string, number>;
  /** Mutating EC2 calls that took effect: reached moto and succeeded (not throttled, faulted or refused). */
  mutatingCount(): number;
  clear(): void;
}

function tally(entries: readonly LogEntry[], key: (e: LogEntry) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[key(e)] = (out[key(e)] ?? 0) + 1;
  return out;
}

/** An in-memory request log; `add` is the proxy's, the rest is everyone's. */
export function createRequestLog(): RequestLog & { add(entry: LogEntry): void } {
  let list: LogEntry[] = [];
  const matches = (e: LogEntry, f: LogFilter) =>
    (f.action === undefined || e.action === f.action) &&
    (f.client === undefined || e.client === f.client) &&
    (f.service === undefined || e.service === f.service);
  return {
    add: (entry) => void list.push(entry),
    entries: () => list,
    count: (filter = {}) => list.filter((e) => matches(e, filter)).length,
    byAction: () => tally(list, (e) => e.action),
    byClient: () => tally(list, (e) => e.client),
    mutatingCount: () =>
      list.filter(
        (e) =>
          e.mutating &&
          !e.throttled &&
          !e.faulted &&
          e.status >= 200 &&
          e.status < 300 &&
          e.service === "ec2",
      ).length,
    clear: () => {
      list = [];
    },
  };
}
