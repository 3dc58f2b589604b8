import { median, quantile, type Sample } from "./measure.ts";

/** Every run of one agent action: timings, exit codes, and calls seen per run. */
export interface Series {
  readonly samples: readonly Sample[];
  /** EC2 calls (proxy log, this agent's client id) per run. */
  readonly ec2Calls: readonly number[];
  /** Requests to the 169.254.169.254 IMDS per run. */
  readonly imdsCalls: readonly number[];
}

/** One table row: the same action by our agent (bundle, package) and awseip (undefined when it cannot do it). */
export interface Row {
  readonly action: string;
  readonly ours: Series;
  readonly packaged?: Series;
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

/** The side-by-side markdown table: the bundle on this machine's Node, the packaged executable, awseip. */
export function agentTable(rows: readonly Row[]): string {
  const header = [
    "action",
    "bundle on system Node",
    "packaged executable",
    "awseip",
    "speed-up (bundle / package)",
    "EC2 calls (bundle / package / awseip)",
    "IMDS calls",
    "exit codes",
  ];
  const t = (s: Series) => median(s.samples.map((x) => x.ms));
  const each = (r: Row, f: (s: Series) => string) =>
    [r.ours, r.packaged, r.awseip].map((s) => (s ? f(s) : "–")).join(" / ");
  return markdownTable(
    header,
    rows.map((r) => {
      const a = r.awseip;
      const up = (s: Series | undefined) => (a && s ? `${(t(a) / t(s)).toFixed(1)}×` : "–");
      return [
        r.action,
        spread(r.ours),
        r.packaged ? spread(r.packaged) : "n/a",
        a ? spread(a) : "n/a",
        `${up(r.ours)} / ${up(r.packaged)}`,
        each(r, (s) => range(s.ec2Calls)),
        each(r, (s) => range(s.imdsCalls)),
        each(r, codes),
      ];
    }),
  );
}
