// A planned move A → B, each agent the way Pacemaker runs it: ours is migratable (allow-migrate=true,
// docs/pacemaker.md), so migrate_to on A, migrate_from on B, then stop on A; awseip advertises no migration, so
// Pacemaker stops it on A, then starts it on B. Both against the same moto, in the same run, from the same state.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogEntry } from "../../sim/request-log.ts";
import { movesIn } from "../../test/e2e/measure.ts";
import { type Sample, timeSpawn } from "./measure.ts";
import { IMDS_ADDRESS } from "./netns.ts";
import type { Peer } from "./peers.ts";

/** Node A's IMDS port on the bench namespace's 169.254.169.254 (node B's has port 80). */
export const NODE_A_IMDS_PORT = 8080;

/** One run of a planned move: its wall time, EC2 calls, mutating calls that took effect, the gap. */
export interface MoveRun {
  readonly ms: number;
  readonly ec2Calls: number;
  readonly mutating: number;
  readonly unassociatedMs: number;
  /** Exit codes of the steps, in order. */
  readonly codes: readonly number[];
  /** The calls that took effect, in order ("awseip DisassociateAddress"). */
  readonly calls: readonly string[];
  /** Whether the address ended on node B, as a separate client reads it. */
  readonly onB: boolean;
}

/**
 * `peer` as node A: its IMDS on port NODE_A_IMDS_PORT. Ours is told by AWS_EC2_METADATA_SERVICE_ENDPOINT (and
 * keeps node A's own HA_RSCTMP); awseip hard-codes http://169.254.169.254/, so it gets a `curl` first on its PATH
 * that sends those requests to A's port and runs the real curl otherwise unchanged.
 */
export function asNodeA(peer: Peer, kind: "ours" | "awseip"): Peer {
  const dir = mkdtempSync(join(tmpdir(), "eip-bench-a-"));
  const endpoint = `http://${IMDS_ADDRESS}:${NODE_A_IMDS_PORT}`;
  if (kind === "awseip") {
    const curl = join(dir, "curl");
    writeFileSync(
      curl,
      `#!/bin/bash\nargs=()\nfor a in "$@"; do args+=("\${a/http:\\/\\/${IMDS_ADDRESS}\\//${endpoint}/}"); done\nexec /usr/bin/curl "\${args[@]}"\n`,
    );
    chmodSync(curl, 0o755);
  }
  return {
    ...peer,
    label: `${peer.label} as node A`,
    env: (fresh) => {
      const env = peer.env(fresh);
      return kind === "ours"
        ? { ...env, AWS_EC2_METADATA_SERVICE_ENDPOINT: endpoint, HA_RSCTMP: dir }
        : { ...env, PATH: `${dir}:${env.PATH}` };
    },
  };
}

/** The steps of one planned move: [peer, action, extra env]. */
export type Step = readonly [Peer, string, Record<string, string>];

/** Ours: Pacemaker's migration (what it sets in the environment of migrate_to and migrate_from). */
export function migrationSteps(a: Peer, b: Peer): Step[] {
  const meta = { OCF_RESKEY_CRM_meta_migrate_source: "nodeA", OCF_RESKEY_CRM_meta_migrate_target: "nodeB" };
  return [
    [a, "migrate_to", meta],
    [b, "migrate_from", meta],
    [a, "stop", {}],
  ];
}

/** awseip: Pacemaker's stop on the old node, then start on the new. */
export const stopStartSteps = (a: Peer, b: Peer): Step[] => [
  [a, "stop", {}],
  [b, "start", {}],
];

/**
 * Runs `steps` once from the address on node A (`place` puts it there) and reads the proxy's log of the run.
 */
export async function plannedMoveRun(
  steps: readonly Step[],
  place: () => Promise<void>,
  onB: () => Promise<boolean>,
  log: { clear(): void; entries(): readonly LogEntry[] },
): Promise<MoveRun> {
  await place();
  log.clear();
  const t0 = Date.now();
  const samples: Sample[] = [];
  for (const [peer, action, extra] of steps)
    samples.push(await timeSpawn(peer.file, [action], { ...peer.env(), ...extra }));
  const t1 = Date.now();
  const entries = log.entries().filter((e) => e.service === "ec2");
  const moves = movesIn(entries, t0, t1, "nodeA");
  return {
    ms: samples.reduce((sum, s) => sum + s.ms, 0),
    ec2Calls: entries.length,
    mutating: entries.filter((e) => e.mutating && e.status >= 200 && e.status < 300).length,
    unassociatedMs: moves.unassociatedMs,
    codes: samples.map((s) => s.code),
    calls: moves.calls,
    onB: await onB(),
    ...(process.env.BENCH_DEBUG ? { stderr: samples.map((s) => s.stderr.slice(-600)) } : {}),
  };
}
