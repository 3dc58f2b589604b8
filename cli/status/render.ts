import type { AddressStatus, ClusterStatus, MemberStatus, RouteStatus, StatusReport } from "./types.ts";

/** ANSI colours, or none: colour only when stdout is a terminal. */
export function palette(colour: boolean) {
  const wrap = (code: number) => (text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { green: wrap(32), yellow: wrap(33), red: wrap(31), bold: wrap(1), dim: wrap(2) };
}
type Palette = ReturnType<typeof palette>;

const dash = (value: string | undefined) => value ?? "-";

/** Left-aligned columns, two spaces apart; `paint` colours a cell after padding so widths stay right. */
function table(
  rows: readonly (readonly string[])[],
  paint: (row: number, col: number, cell: string) => string,
) {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r, row) =>
    `  ${r.map((cell, col) => paint(row, col, col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join("  ")}`.trimEnd(),
  );
}

function addressLines(a: AddressStatus, p: Palette): string[] {
  const head = `  ${p.bold(dash(a.publicIp))}  ${a.allocationId}`;
  if (a.heldBy === "missing") return [head, `    ${p.red("does not exist in this Region")}`];
  const where =
    a.heldBy === "nobody"
      ? p.red("nobody")
      : `${a.instanceId}${a.heldBy === "non-member" ? p.red(" (not a member)") : ""}  ${dash(a.networkInterfaceId)}  ${dash(a.privateIpAddress)}  ${dash(a.availabilityZone)}`;
  const standby = a.standby ?? p.red("none healthy");
  return [
    head,
    `    on       ${where}`,
    `    standby  ${standby}  (the controller's choice if the holder failed now)`,
  ];
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** The overlay route, then one line per listed table: where it sends the route now. */
function routeLines(r: RouteStatus, p: Palette): string[] {
  const where = (t: RouteStatus["tables"][number]) => {
    switch (t.pointsAt) {
      case "member":
        return `${t.instanceId}  ${dash(t.networkInterfaceId)}`;
      case "non-member":
        return p.red(`${t.target} (not a member's)`);
      case "blackhole":
        return p.red(`blackhole: ${t.target}`);
      case "nowhere":
        return p.red("nowhere (no route)");
      default:
        return p.red("does not exist in this Region");
    }
  };
  return [
    `  ${p.bold(r.destination)}  overlay route in ${plural(r.tables.length, "table")}`,
    ...r.tables.map((t) => `    ${t.routeTableId}  → ${where(t)}`),
    `    standby  ${r.standby ?? p.red("none healthy")}  (the controller's choice if the holder failed now)`,
  ];
}

function memberTable(members: readonly MemberStatus[], p: Palette): string[] {
  const alarms = members.some((m) => m.alarm !== undefined);
  const rows = [
    ["member", "state", "checks", "AZ", ...(alarms ? ["alarm"] : []), "holds"],
    ...members.map((m) => [
      m.instanceId,
      m.state,
      m.checks,
      dash(m.availabilityZone),
      ...(alarms ? [m.alarm ? "yes" : "no"] : []),
      m.holds.length ? m.holds.join(", ") : "-",
    ]),
  ];
  return table(rows, (row, col, cell) => {
    if (row === 0) return p.dim(cell);
    const m = members[row - 1]!;
    if (col === 1 && m.state !== "running") return p.red(cell);
    if (col === 2 && m.checks === "ok") return p.green(cell);
    if (col === 2 && m.checks === "impaired") return p.red(cell);
    return cell;
  });
}

/** One cluster's block: header, addresses, routes, member table, drift. */
export function renderCluster(c: ClusterStatus, p: Palette = palette(false)): string[] {
  return [
    `${p.bold(`cluster ${c.name}`)}: ${plural(c.addresses.length, "address", "addresses")}, ${c.routes.length ? `${plural(c.routes.length, "route")}, ` : ""}${c.members.length} members (fencing ${c.fencing}, grace ${c.graceSeconds} s)`,
    "",
    ...c.addresses.flatMap((a) => addressLines(a, p)),
    ...c.routes.flatMap((r) => routeLines(r, p)),
    "",
    ...memberTable(c.members, p),
    "",
    ...(c.warnings.length
      ? c.warnings.map((w) => `  ${p.yellow("!")} ${w}`)
      : [
          `  ${p.green("✓")} no drift: every ${c.routes.length ? "address and route" : "address"} on a healthy member, a healthy standby for each`,
        ]),
  ];
}

/**
 * The human status: one block per cluster, then the documents that did not validate. Pure.
 *
 * @example
 * io.stdout(renderStatus(report, io.isTty));
 */
export function renderStatus(report: StatusReport, colour = false): string {
  const p = palette(colour);
  const blocks = report.clusters.map((c) => renderCluster(c, p).join("\n"));
  const invalid = report.invalid.map((i) => `${p.red("✗")} ${i.parameter}: ${i.field}: ${i.why}`);
  if (!blocks.length && !invalid.length) return "no cluster documents found\n";
  return `${[...blocks, ...(invalid.length ? [invalid.join("\n")] : [])].join("\n\n")}\n`;
}
