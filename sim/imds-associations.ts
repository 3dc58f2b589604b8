import { assertLagRange, drawLag, type LagRange } from "./consistency.ts";

/** One Elastic IP on a network interface, as IMDS lists it: the public IP and the private IP it maps to. */
export interface ImdsAssociation {
  readonly publicIp: string;
  readonly privateIp: string;
}

/**
 * Where a node's IMDS learns the current associations of one of its interfaces. The region asks moto directly
 * (not through the proxy), so IMDS, like the real one, costs no EC2 call in the proxy's log.
 */
export type AssociationSource = (networkInterfaceId: string) => Promise<readonly ImdsAssociation[]>;

const same = (a: readonly ImdsAssociation[], b: readonly ImdsAssociation[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * What IMDS shows of an interface's associations, behind EC2 as real IMDS can be: a change shows a lag after
 * IMDS first notices it, drawn per change from a range. IMDS looks each time it is asked and, with
 * {@link watchAssociations}, every second between asks, so a change is noticed about when it is made and its lag
 * is counted from there, as AWS's is (an IMDS left unasked for a minute must not then lag a minute-old change).
 * The first look, and {@link LaggedAssociations.catchUp}, show the current state at once.
 */
export interface LaggedAssociations {
  /** The associations to answer with now. */
  read(): Promise<readonly ImdsAssociation[]>;
  /** Looks without answering anyone: a change made since the last look starts its lag now. */
  notice(): Promise<void>;
  /** Shows the current state from now on, as if the lag had passed; the next change lags again. */
  catchUp(): Promise<void>;
  /** The lag for changes from now on: fixed milliseconds, or a range drawn from per change. */
  setLag(lag: number | LagRange): void;
  /** Forgets what was shown (the region was rebuilt). */
  forget(): void;
}

const asRange = (lag: number | LagRange): LagRange =>
  assertLagRange(typeof lag === "number" ? { minMs: lag, maxMs: lag } : lag);

/** A lagged view of `source` for one interface, on `clock`, lags drawn with `random`. */
export function laggedAssociations(
  source: AssociationSource,
  networkInterfaceId: () => string,
  clock: () => number,
  initialLag: number | LagRange = 0,
  random: () => number = Math.random,
): LaggedAssociations {
  let shown: readonly ImdsAssociation[] | undefined;
  let pending:
    | { readonly since: number; readonly lag: number; readonly value: readonly ImdsAssociation[] }
    | undefined;
  let lag = asRange(initialLag);
  const current = async () =>
    [...(await source(networkInterfaceId()))].sort((a, b) => a.publicIp.localeCompare(b.publicIp));
  async function look(): Promise<readonly ImdsAssociation[]> {
    const now = await current();
    if (shown === undefined || lag.maxMs <= 0 || same(now, shown)) {
      shown = now;
      pending = undefined;
      return shown;
    }
    if (!pending || !same(pending.value, now))
      pending = { since: clock(), lag: drawLag(lag, random), value: now };
    if (clock() - pending.since >= pending.lag) {
      shown = now;
      pending = undefined;
    }
    return shown;
  }
  return {
    read: look,
    async notice() {
      // Nothing shown yet: the first ask is current anyway; no lag: nothing to time.
      if (shown !== undefined && lag.maxMs > 0) await look();
    },
    async catchUp() {
      shown = await current();
      pending = undefined;
    },
    setLag(next) {
      lag = asRange(next);
    },
    forget() {
      shown = undefined;
      pending = undefined;
    },
  };
}

/** How often {@link watchAssociations} looks: well inside the sim's smallest lag range (1–3 s by default). */
export const WATCH_EVERY_MS = 1_000;

/**
 * Looks at `view` every `everyMs` until the returned function is called (the timer never keeps the process
 * alive), so its changes are timed from about when they were made. A failed look is skipped: the next ask retries.
 */
export function watchAssociations(view: LaggedAssociations, everyMs = WATCH_EVERY_MS): () => void {
  const timer = setInterval(() => {
    view.notice().catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Associations read over HTTP: `GET url?eni=ID` answers `[{ "publicIp": …, "privateIp": … }]`. For an IMDS that
 * runs where moto is out of reach (another network namespace), served by whoever can reach moto directly.
 */
export function httpAssociations(url: string): AssociationSource {
  return async (networkInterfaceId) => {
    const res = await fetch(`${url}?eni=${encodeURIComponent(networkInterfaceId)}`);
    if (!res.ok) throw new Error(`associations from ${url}: HTTP ${res.status}`);
    return (await res.json()) as ImdsAssociation[];
  };
}
