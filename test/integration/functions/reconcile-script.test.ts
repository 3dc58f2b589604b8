import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { RECONCILE_MEMBER_TRIES, RECONCILE_TRIES, scriptOf } from "../../../functions/plan/plan-set.ts";

// The reconcile step's script as Run Command runs it (sh, line by line), against stand-ins for crm_mon (it prints
// the next of the given cluster states, each in crm_mon 2.1.5's XML, the last one for good), crmadmin (the DC's
// controller state in that try: S_IDLE, or S_TRANSITION_ENGINE while a transition runs; it fails for no DC, and
// never answers about a DC that died: the script's 5 s bound ends it),
// crm_resource (it notes the try it ran in) and sleep (it returns at once, so 24 tries take no time).

/** One cluster state: the DC (or none), whether a transition runs (default not), each node's flags. */
interface State {
  readonly dc?: string;
  readonly busy?: boolean;
  /** The DC crm_mon names has died: crmadmin's question to it never returns. */
  readonly deadDc?: boolean;
  readonly nodes: Record<string, "online" | "offline" | "unclean">;
}

/** crm_mon's XML for a state: the DC (or none) and each node's online and unclean flags. */
function crmMon(state: State): string {
  const dc = state.dc
    ? `<current_dc present="true" version="2.1.5-a3f44794f94" name="${state.dc}" id="1" with_quorum="true" mixed_version="false"/>`
    : `<current_dc present="false"/>`;
  const nodes = Object.entries(state.nodes).map(
    ([name, s]) =>
      `<node name="${name}" id="1" online="${s === "online"}" standby="false" pending="false" unclean="${s === "unclean"}" shutdown="false" expected_up="true" is_dc="${name === state.dc}" resources_running="1" type="member"/>`,
  );
  return `<pacemaker-result api-version="2.25" request="crm_mon -1 --output-as=xml">\n  <summary>\n    ${dc}\n  </summary>\n  <nodes>\n    ${nodes.join("\n    ")}\n  </nodes>\n</pacemaker-result>`;
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the script with `states` as crm_mon's answers, one per try; returns its exit code and the tries it refreshed in. */
async function run(states: State[]) {
  dir = mkdtempSync(join(tmpdir(), "reconcile-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const tool = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  states.forEach((s, i) => {
    writeFileSync(join(dir as string, `state-${i + 1}.xml`), crmMon(s));
  });
  writeFileSync(join(dir, "tries"), "0");
  tool(
    "crm_mon",
    `n=$(( $(cat ${dir}/tries) + 1 )); echo $n > ${dir}/tries; f=${dir}/state-$n.xml; [ -f $f ] || f=${dir}/state-${states.length}.xml; cat $f`,
  );
  states.forEach((s, i) => {
    writeFileSync(
      join(dir as string, `dc-${i + 1}`),
      s.dc ? `${s.dc} ${s.deadDc ? "DEAD" : s.busy ? "S_TRANSITION_ENGINE" : "S_IDLE"}` : "",
    );
  });
  // crmadmin -q -S NODE: the state on stdout when NODE is the DC, else a failure
  tool(
    "crmadmin",
    `n=$(cat ${dir}/tries); f=${dir}/dc-$n; [ -f $f ] || f=${dir}/dc-${states.length}; set -- $(cat $f) "$@"; [ "$1" = "$5" ] && [ -n "$5" ] || exit 1; [ "$2" = DEAD ] && exec /bin/sleep 60; echo "$2"`,
  );
  tool("crm_resource", `echo "$(cat ${dir}/tries) $*" >> ${dir}/refreshed; exit 0`);
  tool("sleep", "exit 0");
  const lines = scriptOf({
    step: "reconcile",
    instanceId: "i-b",
    command: "crm_resource --refresh -r vip",
    afterSeconds: 3,
  });
  let code = 0;
  for (const line of lines) {
    code = await promisify(execFile)("sh", ["-c", line], { env: { PATH: `${bin}:/usr/bin:/bin` } }).then(
      () => 0,
      (e: { code?: number }) => e.code ?? -1,
    );
    if (code !== 0) break;
  }
  let refreshed: string[] = [];
  try {
    refreshed = readFileSync(join(dir, "refreshed"), "utf8").trim().split("\n");
  } catch {}
  return { code, refreshed, tries: Number(readFileSync(join(dir, "tries"), "utf8")) };
}

describe("the reconcile script refreshes only once the failed member is out and the cluster settled", () => {
  it("the old holder was the DC (and a third node is offline for maintenance): no refresh while the survivors elect a DC, nor while its fence is pending; one once it is offline", async () => {
    const r = await run([
      // corosync declared B lost; no DC yet, so the CIB still shows B online (C's offline does not count)
      { nodes: { nodeA: "online", nodeB: "online", nodeC: "offline" } },
      { dc: "nodeA", nodes: { nodeA: "online", nodeB: "unclean", nodeC: "offline" } }, // the new DC: B's fence pending
      { dc: "nodeA", nodes: { nodeA: "online", nodeB: "offline", nodeC: "offline" } }, // fenced
    ]);
    expect(r).toEqual({ code: 0, refreshed: ["3 --refresh -r vip"], tries: 3 });
  });

  it("the failed member is offline but a transition runs (the new holder's own start after the loss): waits until the DC is idle", async () => {
    const r = await run([
      { dc: "nodeB", busy: true, nodes: { nodeA: "offline", nodeB: "online" } },
      { dc: "nodeB", busy: true, nodes: { nodeA: "offline", nodeB: "online" } },
      { dc: "nodeB", nodes: { nodeA: "offline", nodeB: "online" } },
    ]);
    expect(r).toEqual({ code: 0, refreshed: ["3 --refresh -r vip"], tries: 3 });
  });

  it("the DC died and crm_mon still names it: the question to it is cut off after 5 s, and the next try asks the new DC", async () => {
    const r = await run([
      { dc: "nodeA", deadDc: true, nodes: { nodeA: "online", nodeB: "online" } },
      { dc: "nodeB", nodes: { nodeA: "offline", nodeB: "online" } },
    ]);
    expect(r).toEqual({ code: 0, refreshed: ["2 --refresh -r vip"], tries: 2 });
  });

  it("a dead member corosync has not declared lost yet (every node online, a DC): waits until it is offline", async () => {
    const r = await run([
      { dc: "nodeA", nodes: { nodeA: "online", nodeB: "online" } },
      { dc: "nodeA", nodes: { nodeA: "online", nodeB: "online" } },
      { dc: "nodeA", nodes: { nodeA: "online", nodeB: "offline" } },
    ]);
    expect(r.refreshed).toEqual(["3 --refresh -r vip"]);
  });

  it(`a failed member that never leaves (alive, fencing "none"): refreshes after ${RECONCILE_MEMBER_TRIES} tries`, async () => {
    const r = await run([{ dc: "nodeA", nodes: { nodeA: "online", nodeB: "online" } }]);
    expect(r).toEqual({
      code: 0,
      refreshed: [`${RECONCILE_MEMBER_TRIES + 1} --refresh -r vip`],
      tries: RECONCILE_MEMBER_TRIES + 1,
    });
  });

  it(`a fence that never completes: never refreshes, and fails after ${RECONCILE_TRIES} tries`, async () => {
    const r = await run([{ dc: "nodeA", nodes: { nodeA: "online", nodeB: "unclean" } }]);
    expect(r).toEqual({ code: 1, refreshed: [], tries: RECONCILE_TRIES });
  });

  it("no DC for the whole time (crm_mon answers nothing): never refreshes", async () => {
    const r = await run([{ nodes: {} }]);
    expect(r).toEqual({ code: 1, refreshed: [], tries: RECONCILE_TRIES });
  });
});
