/**
 * EventBridge routing of PutEvents, which moto accepts but delivers nowhere a sim user can read: every entry
 * the proxy forwarded and moto took is kept here, in order, for tests and harnesses to read or follow.
 */

/** One entry put on a bus, as PutEvents received it. */
export interface BusEntry {
  /** The bus named (the default bus when the entry named none). */
  readonly bus: string;
  readonly source: string;
  readonly detailType: string;
  /** The entry's Detail, parsed; the raw text when it was not JSON. */
  readonly detail: unknown;
  /** The caller's access key id. */
  readonly client: string;
  /** When the proxy received it (epoch ms). */
  readonly time: number;
}

export interface Bus {
  /** Every entry so far, oldest first; with `source`, only that source's. */
  entries(source?: string): readonly BusEntry[];
  /** Calls `listener` with each entry from now on; returns the way to stop. */
  subscribe(listener: (entry: BusEntry) => void): () => void;
  clear(): void;
}

interface RawEntry {
  readonly EventBusName?: string;
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
}

const parseDetail = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The entries of a PutEvents request body (JSON 1.1); none when the body is not one. */
export function putEventsEntries(body: string, client: string, time: number): BusEntry[] {
  let parsed: { Entries?: RawEntry[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  return (parsed.Entries ?? []).map((e) => ({
    bus: e.EventBusName || "default",
    source: e.Source ?? "",
    detailType: e.DetailType ?? "",
    detail: parseDetail(e.Detail ?? ""),
    client,
    time,
  }));
}

/** An in-memory bus; `put` is the proxy's, the rest is everyone's. */
export function createBus(): Bus & { put(entries: readonly BusEntry[]): void } {
  let list: BusEntry[] = [];
  const listeners = new Set<(entry: BusEntry) => void>();
  return {
    put: (entries) => {
      for (const entry of entries) {
        list.push(entry);
        for (const listener of listeners) listener(entry);
      }
    },
    entries: (source) => (source === undefined ? list : list.filter((e) => e.source === source)),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => {
      list = [];
    },
  };
}
