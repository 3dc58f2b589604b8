import type { Command, Runs } from "./types.ts";

/**
 * A subcommand whose module is imported only when it runs: each one pulls in SDK clients (and the embedded
 * region's sim) that cost about a second of CPU to load, which `--help`, `--version`, a usage error and every
 * other subcommand need not pay.
 */
const command = (name: string, summary: string, load: () => Promise<Runs>): Command => ({
  name,
  summary,
  run: async (argv, io) => (await load()).run(argv, io),
});

/** Every subcommand of `eip-failover`, in the order the usage lists them. */
export const COMMANDS: readonly Command[] = [
  command(
    "status",
    "where each address sits and each route points, each member's health, the standby now, drift",
    async () => (await import("./status/command.ts")).status,
  ),
  command(
    "doctor",
    "one line per setup check (✓ or ✗ with its fix): documents, tags, ENI tags, IMDSv2, routes",
    async () => (await import("./doctor/command.ts")).doctor,
  ),
  command(
    "drill",
    "fail a node on the embedded region and watch the real controller and agent recover",
    async () => (await import("./drill/command.ts")).drill,
  ),
  command(
    "history",
    "each failover as a timeline (trigger, grace, fence, move, reconcile, outcome), paused ones too",
    async () => (await import("./history/command.ts")).history,
  ),
  command(
    "pause",
    "stop the controller acting for one cluster (it still plans and records what it would do)",
    async () => (await import("./pause/command.ts")).pause,
  ),
  command(
    "resume",
    "let the controller act for a paused cluster again",
    async () => (await import("./pause/command.ts")).resume,
  ),
  command(
    "dlq",
    "list the dead-lettered decisions with their reason; --redrive sends them back after confirmation",
    async () => (await import("./dlq/command.ts")).dlq,
  ),
  command(
    "move",
    "on a node: a planned switchover to --to NODE through Pacemaker, watched from EC2 (--dry-run: the plan)",
    async () => (await import("./move/command.ts")).moveCommand,
  ),
];
