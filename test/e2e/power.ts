import type { Node } from "./cluster.ts";

/** What the power watcher needs of a cluster: its nodes' instances, the sim's truth, and a node's power switch. */
export interface Powered {
  readonly nodes: readonly Node[];
  readonly topology: { readonly nodes: Record<Node, { readonly instanceId: string }> };
  ctl(method: "GET", path: string): Promise<unknown>;
  isUp(node: Node): boolean;
  powerOff(node: Node): Promise<void>;
  powerOn(node: Node): Promise<void>;
}

/** One thing the watcher did to a node, and the instance state that made it. */
export interface PowerEvent {
  readonly node: Node;
  readonly state: string;
  readonly did: "off" | "on";
  readonly t: number;
}

/** EC2 instance states of a machine that is not running (EC2's instance lifecycle). */
const OFF = new Set(["stopping", "stopped", "shutting-down", "terminated"]);
/** States of a machine that is booting or running. */
const ON = new Set(["pending", "running"]);

/**
 * Milliseconds from an instance's start to its cluster stack running: EC2's pending plus an OS boot, tens of
 * seconds on AWS; moto's start is instant and a namespace boots in one. With less, a fenced node (fence_aws's
 * reboot waits only until EC2 says running) rejoins before its peer's fence completes, and Pacemaker may place the
 * address back on it: a race no real instance wins.
 */
export const BOOT_MS = 20_000;

/**
 * The sim's instances drive their nodes: polls the sim's lag-free instance states (the AWS namespace's
 * `GET /instances`, read from moto) every `everyMs`; a node whose instance is stopping, stopped or terminated
 * (through any path: fence_aws, the controller, a drill) is powered off (everything in its pid namespace killed),
 * and a node whose instance went from such a state back to pending or running boots its cluster stack again,
 * `bootMs` ({@link BOOT_MS}) later, as an instance's OS does. A
 * node that crashed while its instance runs (a test's Cluster.powerOff) stays down: EC2 did not restart it.
 */
export function watchPower(cluster: Powered, options: { everyMs?: number; bootMs?: number } = {}) {
  const everyMs = options.everyMs ?? 250;
  const bootMs = options.bootMs ?? BOOT_MS;
  const events: PowerEvent[] = [];
  const last = new Map<Node, string>();
  const booting = new Map<Node, ReturnType<typeof setTimeout>>();
  let running = true;
  const boot = (node: Node, state: string) => {
    booting.delete(node);
    if (!running || cluster.isUp(node)) return;
    events.push({ node, state, did: "on", t: Date.now() });
    cluster.powerOn(node).catch(() => {});
  };
  const loop = (async () => {
    while (running) {
      const states = (await cluster.ctl("GET", "/instances").catch(() => ({}))) as Record<string, string>;
      for (const node of cluster.nodes) {
        const state = states[cluster.topology.nodes[node].instanceId];
        if (state === undefined || !running) continue;
        const before = last.get(node);
        last.set(node, state);
        if (OFF.has(state)) {
          clearTimeout(booting.get(node));
          booting.delete(node);
          if (cluster.isUp(node)) {
            await cluster.powerOff(node);
            events.push({ node, state, did: "off", t: Date.now() });
          }
        } else if (ON.has(state) && before !== undefined && OFF.has(before) && !cluster.isUp(node))
          booting.set(
            node,
            setTimeout(() => boot(node, state), bootMs),
          );
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    events,
    /** Stops watching (after the current poll). */
    async stop(): Promise<void> {
      running = false;
      await loop;
      for (const timer of booting.values()) clearTimeout(timer);
    },
  };
}
