import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { IamCall } from "../../../core/iam-calls.ts";
import type { Principal, Scenario } from "./scenarios.ts";
import type { TemplateRole } from "./template.ts";
import { fill, type Thing, WORLD } from "./world.ts";

const CLUSTER_TAG = "eip-failover:cluster";
const AWS_OWNED = /^arn:[^:]+:[^:]+:[^:]*::/;

/** The role a principal has in the template: the controller's, or the node role tagged with its cluster. */
export function roleOf(roles: readonly TemplateRole[], principal: Principal): TemplateRole | undefined {
  return roles.find((r) => r.caller === principal.caller && r.cluster === principal.cluster);
}

/** The context keys the request carries because of who sends it. */
function principalContext(role: TemplateRole, principal: Principal): Record<string, string> {
  return {
    ...(role.cluster !== undefined ? { [`aws:PrincipalTag/${CLUSTER_TAG}`]: role.cluster } : {}),
    ...(principal.node
      ? {
          "ec2:SourceInstanceARN": fill(
            "arn:{partition}:ec2:{region}:{account}:instance/{id}",
            principal.node,
          ),
        }
      : {}),
  };
}

const fillAll = (templates: Readonly<Record<string, string>> | undefined, thing?: Thing) =>
  Object.fromEntries(Object.entries(templates ?? {}).map(([k, v]) => [k, fill(v, thing)]));

/** IAM's answer for one resource of a call (or `*` for a call that authorises none). */
async function simulateOne(
  role: TemplateRole,
  principal: Principal,
  call: IamCall,
  resource: string,
  context: Record<string, string>,
): Promise<string> {
  const simulation: Simulation = {
    request: {
      principal: `arn:${WORLD.partition}:sts::${WORLD.account}:assumed-role/${role.logicalId}/session`,
      action: call.action,
      resource: { resource, accountId: WORLD.account },
      contextVariables: { ...fillAll(call.context), ...principalContext(role, principal), ...context },
    },
    identityPolicies: role.policies.map((policy, i) => ({ name: `${role.logicalId}-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  // An AWS-owned document's ARN has no account (arn:aws:ssm:r::document/AWS-RunShellScript), which the
  // validating run cannot match to a resource type; calls.test.ts checks that type against iam-data instead.
  if (AWS_OWNED.test(resource)) return runUnsafeSimulation(simulation, {});
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error")
    throw new Error(`simulation of ${call.action} on ${resource} failed: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

/**
 * IAM's decision for a scenario against the template's roles: Allow only when every resource the service
 * authorises the call against is allowed (as EC2 does for a call naming an address and an instance).
 */
export async function decide(roles: readonly TemplateRole[], scenario: Scenario): Promise<"Allow" | "Deny"> {
  const { call, principal, picks } = scenario;
  const role = roleOf(roles, principal);
  if (!role) return "Deny";
  if (call.resources.length === 0)
    return (await simulateOne(role, principal, call, "*", {})) === "Allowed" ? "Allow" : "Deny";
  for (const r of call.resources) {
    const thing = picks[r.type];
    if (!thing) throw new Error(`scenario '${scenario.name}' names no ${r.type}`);
    const tags =
      r.tagKey && thing.cluster !== undefined ? { [`${r.tagKey}/${CLUSTER_TAG}`]: thing.cluster } : {};
    const answer = await simulateOne(role, principal, call, fill(r.arn, thing), {
      ...fillAll(r.context, thing),
      ...tags,
    });
    if (answer !== "Allowed") return "Deny";
  }
  return "Allow";
}

/** The scenarios whose decision differs from the expected one, each with the decision IAM made. */
export async function mismatches(
  roles: readonly TemplateRole[],
  all: readonly Scenario[],
): Promise<string[]> {
  const out: string[] = [];
  for (const s of all) {
    const got = await decide(roles, s);
    if (got !== s.expect) out.push(`${s.name}: expected ${s.expect}, IAM says ${got}`);
  }
  return out;
}
