// Covered by test/unit/agent/ocf/meta-data.test.ts.
import { ACTIONS, NETWORK_ACTIONS, type ParameterSpec } from "./parameters.ts";

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** One `<parameter>` element; descriptions are escaped, so they may hold `&`, `<` and `>`. */
export const parameterXml = (p: {
  name: string;
  unique: boolean;
  longdesc: string;
  shortdesc: string;
  type?: string;
  default?: string;
}) =>
  `  <parameter name="${p.name}" unique="${p.unique ? 1 : 0}" required="0">
   <longdesc lang="en">${escapeXml(p.longdesc)}</longdesc>
   <shortdesc lang="en">${escapeXml(p.shortdesc)}</shortdesc>
   <content type="${p.type ?? "string"}" default="${p.default ?? ""}" />
  </parameter>`;

/**
 * One agent, declared: its name (also its program's), its descriptions, its parameter table, and the peer's
 * parameters it accepts and ignores or refuses. The meta-data ({@link resourceAgentXml}), the usage
 * ({@link usage}) and the OCF_RESKEY_* parsing (config.ts's `readTable`) are all written from it.
 */
export interface AgentDescription<P extends ParameterSpec = ParameterSpec> {
  readonly name: string;
  readonly longdesc: string;
  readonly shortdesc: string;
  readonly parameters: readonly P[];
  /** A peer's parameter names accepted and ignored, and why, so a resource switched from it is accepted as it is. */
  readonly ignored: {
    readonly names: readonly string[];
    readonly longdesc: string;
    readonly shortdesc: string;
  };
  /** A peer's parameters refused, each with why; undefined: none. */
  readonly unsupported?: Readonly<Record<string, string>>;
}

/** An OCF meta-data document, valid against ra-api-1.dtd, with the actions of {@link ACTIONS}. Pure. */
export function resourceAgentXml(agent: AgentDescription, version: string): string {
  const params = agent.parameters.map(parameterXml).join("\n");
  const { longdesc, shortdesc } = agent.ignored;
  const ignored = agent.ignored.names
    .map((name) => parameterXml({ name, unique: false, longdesc, shortdesc }))
    .join("\n");
  const actions = ACTIONS.map((a) => {
    const extra = "interval" in a ? ` depth="${a.depth}" interval="${a.interval}s"` : "";
    return `  <action name="${a.name}" timeout="${a.timeout}s"${extra} />`;
  }).join("\n");
  return `<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="${agent.name}" version="${version}">
 <version>1.0</version>
 <longdesc lang="en">
${agent.longdesc}
 </longdesc>
 <shortdesc lang="en">${agent.shortdesc}</shortdesc>
 <parameters>
${params}
${ignored}
 </parameters>
 <actions>
${actions}
 </actions>
</resource-agent>
`;
}

/**
 * Usage text for `usage` / `help` and for an unknown action.
 *
 * @example
 * usage(EIP_AGENT) // "usage: eip {start|stop|…}\nparameters (as OCF_RESKEY_<name>): allocation_id, …"
 */
export function usage(agent: Pick<AgentDescription, "name" | "parameters">): string {
  const actions = [...NETWORK_ACTIONS, "meta-data", "usage", "help", "--version"].join("|");
  return `usage: ${agent.name} {${actions}}
parameters (as OCF_RESKEY_<name>): ${agent.parameters.map((p) => p.name).join(", ")}`;
}
