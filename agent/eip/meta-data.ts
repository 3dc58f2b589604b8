import { ACTIONS, IGNORED_PARAMETERS, NETWORK_ACTIONS, PARAMETERS } from "./parameters.ts";

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

/** What sets one agent's meta-data apart; {@link resourceAgentXml} writes the document around it. */
export interface AgentDescription {
  readonly name: string;
  readonly longdesc: string;
  readonly shortdesc: string;
  readonly parameters: readonly Parameters<typeof parameterXml>[0][];
  /** A peer's parameter names accepted and ignored, and why, so a resource switched from it is accepted as it is. */
  readonly ignored: {
    readonly names: readonly string[];
    readonly longdesc: string;
    readonly shortdesc: string;
  };
  readonly program?: string;
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

/** The OCF meta-data document, valid against ra-api-1.dtd. Pure: runs before anything can fail. */
export function metaData(version: string): string {
  return resourceAgentXml(
    {
      name: "eip",
      longdesc: `Keeps an AWS Elastic IP on the node where this resource runs. start moves the address here in one atomic
AssociateAddress call (AllowReassociation=true); stop disassociates it only if this node still holds it.
A probe is one DescribeAddresses call; a recurring monitor reads IMDSv2 and asks EC2 only on doubt (see
monapi). Identity (instance, network interface, Region) comes from IMDSv2 and
is cached under HA_RSCTMP; credentials come from the instance role. Transient AWS errors are retried with
backoff inside the operation's timeout, less a safety margin. Never gives the allocation back to AWS.
validate-all checks the parameters' syntax only (no call); at OCF_CHECK_LEVEL 10 or more
(crm_resource --validate=10 ...) it also asks EC2 whether the address exists, and proves the instance role's
permissions before any failover needs them: a DryRun AssociateAddress of the address to this node, and a DryRun
DisassociateAddress where this node holds it. EC2 changes nothing; a denied DryRun exits 4 (OCF_ERR_PERM)
naming the action and the resources.`,
      shortdesc: "Moves an AWS Elastic IP to this node (IMDSv2, instance role)",
      parameters: PARAMETERS,
      // Listed so that `pcs resource create` accepts a resource switched from ocf:heartbeat:awseip as it is.
      ignored: {
        names: IGNORED_PARAMETERS,
        longdesc:
          "Accepted for compatibility with ocf:heartbeat:awseip and ignored: this agent needs no CLI, no sleep between calls, and takes credentials from the instance role (AWS_PROFILE is honoured).",
        shortdesc: "Ignored (awseip compatibility)",
      },
    },
    version,
  );
}

/** Usage text for `usage` / `help` and for an unknown action; `parameters` default: the eip agent's. */
export function usage(
  program: string,
  parameters: readonly { readonly name: string }[] = PARAMETERS,
): string {
  const actions = [...NETWORK_ACTIONS, "meta-data", "usage", "help", "--version"].join("|");
  return `usage: ${program} {${actions}}
parameters (as OCF_RESKEY_<name>): ${parameters.map((p) => p.name).join(", ")}`;
}
