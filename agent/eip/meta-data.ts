// Covered by test/unit/agent/eip/parameters.test.ts (the reviewed meta-data snapshot).
import { type AgentDescription, resourceAgentXml } from "../ocf/meta-data.ts";
import { IGNORED_PARAMETERS, PARAMETERS } from "./parameters.ts";

/** ocf:eip-failover:eip, declared: meta-data, usage and parsing are written from this. */
export const EIP_AGENT = {
  name: "eip",
  longdesc: `Keeps an AWS Elastic IP on the node where this resource runs. start moves the address here in one atomic
AssociateAddress call (AllowReassociation=true). stop disassociates it (only if this node still holds it) when
the resource is being stopped everywhere (target-role Stopped: disabled) or release_on_stop=true; any other stop
makes no call and leaves the address for the next start, on any node, to take over in that one call, and this
node's probes and monitors answer not running until a start here (see release_on_stop).
With allow-migrate=true, Pacemaker moves it by migrate_to on the old node, migrate_from on the new node, then
stop on the old node: migrate_from is that one AssociateAddress, and migrate_to and the stop after it make no
call that could detach the address, so it never points nowhere during a planned move.
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
} as const satisfies AgentDescription<(typeof PARAMETERS)[number]>;

/** The OCF meta-data document, valid against ra-api-1.dtd. Pure: runs before anything can fail. */
export const metaData = (version: string): string => resourceAgentXml(EIP_AGENT, version);
