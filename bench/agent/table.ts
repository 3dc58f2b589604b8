import { median, quantile, type Sample } from "./measure.ts";

/** Every run of one agent action: timings, exit codes, and calls seen per run. */
export interface Series {
  readonly samples: readonly Sample[];
  /** EC2 calls (proxy log, this agent's client id) per run. */
  readonly ec2Calls: readonly number[];
  /** Requests to the 169.254.169.254 IMDS per run. */
  readonly imdsCalls: readonly number[];
}

/** One table row: the same action by both agents (awseip undefined when it cannot do it). */
export interface Row {
  readonly action: string;
  readonly ours: Series;
  readonly awseip?: Series;
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const spread = (s: Series) => {
  const t = s.samples.map((x) => x.ms);
  return `${ms(median(t))} (p90 ${ms(quantile(t, 0.9))})`;
};
/** "1" when every run agrees, else "min–max". */
const range = (values: readonly number[]) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
};
const codes = (s: Series) => range(s.samples.map((x) => x.code));

/** A markdown table with padded columns, as the repo's formatter (Biome) writes them. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const lines = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  return `${lines.join("\n")}\n`;
}

/** The side-by-side markdown table. */
export function agentTable(rows: readonly Row[]): string {
  const header = [
    "action",
    "eip-failover median",
    "awseip median",
    "speed-up",
    "EC2 calls (ours / awseip)",
    "IMDS calls (ours / awseip)",
    "exit codes (ours / awseip)",
  ];
  return markdownTable(
    header,
    rows.map((r) => {
      const a = r.awseip;
      const t = (s: Series) => median(s.samples.map((x) => x.ms));
      return [
        r.action,
        spread(r.ours),
        a ? spread(a) : "n/a",
        a ? `${(t(a) / t(r.ours)).toFixed(1)}×` : "–",
        `${range(r.ours.ec2Calls)} / ${a ? range(a.ec2Calls) : "–"}`,
        `${range(r.ours.imdsCalls)} / ${a ? range(a.imdsCalls) : "–"}`,
        `${codes(r.ours)} / ${a ? codes(a) : "–"}`,
      ];
    }),
  );
}
