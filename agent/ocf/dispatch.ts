// Covered by test/integration/agent/exit-codes.test.ts and validate.test.ts (the built agents, spawned).
// The one dispatch of both agents' executables (agent/eip/main.ts, agent/route/main.ts): argv,
// environment, stdout/stderr and the exit code. Each executable names its parts; this decides the order: meta-data
// and usage answer before anything can fail, every other action validates first, and only then is the network
// half loaded (lazily: the build keeps it out of the light bundle).

import { type AgentEnvironment, type Env, readEnvironment } from "./environment.ts";
import { fail, OcfExit, type Outcome } from "./exit.ts";
import { exitReasonLine, finish } from "./finish.ts";
import { type AgentDescription, resourceAgentXml, usage } from "./meta-data.ts";
import { outcomeOf } from "./outcome.ts";
import { NETWORK_ACTIONS, type NetworkAction } from "./parameters.ts";
import { sinceStart } from "./uptime.ts";
import { NODE_MAJOR, VERSION } from "./version.ts";

/** What a parsed configuration must tell the dispatch. */
interface ParsedConfig {
  readonly checkLevel: number;
  /** Parameters given and ignored, for the log line. */
  readonly ignored?: readonly string[];
}

/** One agent executable's parts. */
export interface AgentEdge<C extends ParsedConfig> {
  /** The agent, declared: its name (the program's, the default resource name), meta-data and usage come from it. */
  readonly agent: AgentDescription;
  /** Parses OCF_RESKEY_*; `lenient` (for stop) accepts unknown parameters. Throws a ParameterError. */
  readonly parse: (env: Env, options: { readonly lenient?: boolean }) => C;
  /** The network half, imported only when an action needs it. `timings` joins the log line when given. */
  readonly network: () => Promise<
    (action: NetworkAction, config: C) => Promise<Outcome & { readonly timings?: string }>
  >;
}

async function main<C extends ParsedConfig>(edge: AgentEdge<C>, env: AgentEnvironment): Promise<void> {
  const t0 = sinceStart();
  const action = process.argv[2] ?? "";
  if (action === "--version") {
    process.stdout.write(`${VERSION}\n`);
    process.exit(OcfExit.SUCCESS);
  }
  if (action === "meta-data") {
    process.stdout.write(resourceAgentXml(edge.agent, VERSION));
    process.exit(OcfExit.SUCCESS);
  }
  if (action === "usage" || action === "help") {
    process.stdout.write(`${usage(edge.agent)}\n`);
    process.exit(OcfExit.SUCCESS);
  }
  if (!(NETWORK_ACTIONS as readonly string[]).includes(action)) {
    process.stderr.write(`${usage(edge.agent)}\n`);
    const valid = [...NETWORK_ACTIONS, "meta-data", "usage", "help", "--version"].join(", ");
    const why = `action not implemented: '${action}' (valid: ${valid})`;
    finish(action, env, fail(OcfExit.ERR_UNIMPLEMENTED, why), t0);
  }
  if (Number(process.versions.node.split(".")[0]) < NODE_MAJOR) {
    const why = `Node.js ${process.versions.node} is too old (need >= ${NODE_MAJOR})`;
    finish(action, env, fail(OcfExit.ERR_INSTALLED, why), t0);
  }
  let config: C;
  try {
    // An unknown parameter fails every action but stop, which still releases what this node holds and logs
    // the name: a failed stop would make Pacemaker fence the node over a typo.
    config = edge.parse(process.env, { lenient: action === "stop" });
  } catch (error) {
    finish(action, env, outcomeOf(error), t0);
  }
  const ignored = config.ignored ? `ignored parameter(s) ${config.ignored.join(", ")}` : "";
  if (action === "validate-all" && config.checkLevel < 10) {
    const note = "parameters valid (OCF_CHECK_LEVEL 0: syntax only)";
    finish(action, env, { code: OcfExit.SUCCESS, note }, t0, ignored);
  }
  const ran = await (await edge.network())(action as NetworkAction, config);
  finish(action, env, ran, t0, [ran.timings, ignored].filter(Boolean).join("; "));
}

/**
 * Runs one action of `edge` as pacemaker-execd asks (`<agent> <action>`, OCF_RESKEY_* in the environment) and
 * exits with its OCF code; anything unexpected exits 1 with one exit-reason line.
 *
 * @example
 * dispatch({ agent: EIP_AGENT, parse: parseConfig, network: async () => (await import("./run.ts")).run });
 */
export function dispatch<C extends ParsedConfig>(edge: AgentEdge<C>): void {
  // IMDSv2 only, also where the SDK fetches the instance role's credentials: without this its provider falls
  // back to tokenless IMDSv1 when the token request fails or times out.
  process.env.AWS_EC2_METADATA_V1_DISABLED = "true";
  const environment = {
    ...readEnvironment(process.env),
    resource: process.env.OCF_RESOURCE_INSTANCE || edge.agent.name,
  };
  main(edge, environment).catch((error: unknown) => {
    const why = `unexpected: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(exitReasonLine(environment, why));
    process.exit(OcfExit.ERR_GENERIC);
  });
}
