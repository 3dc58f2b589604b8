import { WORLD } from "./world.ts";

/** One IAM policy statement as IAM receives it (intrinsics resolved). */
export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

/** A role of the packaged template: whose it is, the cluster it is tagged with, and every policy it has. */
export interface TemplateRole {
  readonly logicalId: string;
  readonly caller: "agent" | "controller";
  /** The value of its eip-failover:cluster tag; undefined when it has none. */
  readonly cluster?: string;
  readonly policies: readonly PolicyDocument[];
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation is free-form JSON; roles() gives it shape.
type Json = any;

const CLUSTER_TAG = "eip-failover:cluster";
const PSEUDO: Readonly<Record<string, string>> = {
  "AWS::Partition": WORLD.partition,
  "AWS::Region": WORLD.region,
  "AWS::AccountId": WORLD.account,
};

/**
 * Resolves the intrinsics a policy may hold as CloudFormation would in {@link WORLD}'s account: `Fn::Sub`
 * (pseudo parameters, and `${!x}` → `${x}`, which IAM then sees as a policy variable), `Fn::GetAtt` and
 * `Ref` (an ARN naming the logical id), `Fn::Join`.
 */
export function resolve(value: Json): Json {
  if (Array.isArray(value)) return value.map(resolve);
  if (value === null || typeof value !== "object") return value;
  if ("Fn::Sub" in value)
    return String(value["Fn::Sub"]).replace(/\$\{(!?)([^}]+)\}/g, (_, escaped: string, name: string) => {
      if (escaped) return `\${${name}}`;
      const pseudo = PSEUDO[name];
      if (pseudo === undefined) throw new Error(`Fn::Sub: no value for \${${name}}`);
      return pseudo;
    });
  if ("Fn::GetAtt" in value) return `arn:${WORLD.partition}:cfn:::${value["Fn::GetAtt"].join(".")}`;
  if ("Ref" in value) return `arn:${WORLD.partition}:cfn:::${value.Ref}`;
  if ("Fn::Join" in value) return resolve(value["Fn::Join"][1]).join(value["Fn::Join"][0]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
}

/**
 * Every IAM role in the template with its inline and managed (same-template) policies: the Lambda's role
 * as the controller, each role EC2 may assume as a node (agent) role.
 */
export function roles(template: Json): TemplateRole[] {
  const resources: Record<string, Json> = template.Resources;
  return Object.entries(resources)
    .filter(([, r]) => r.Type === "AWS::IAM::Role")
    .map(([logicalId, r]) => {
      const trust = JSON.stringify(r.Properties.AssumeRolePolicyDocument);
      const managed = (r.Properties.ManagedPolicyArns ?? []).map((arn: Json) => {
        const policy = resources[arn.Ref];
        if (!policy)
          throw new Error(`${logicalId}: managed policy ${JSON.stringify(arn)} is not in the template`);
        return policy.Properties.PolicyDocument;
      });
      const inline = (r.Properties.Policies ?? []).map((p: Json) => p.PolicyDocument);
      const tag = (r.Properties.Tags ?? []).find((t: Json) => t.Key === CLUSTER_TAG)?.Value;
      return {
        logicalId,
        caller: trust.includes("ec2.amazonaws.com") ? ("agent" as const) : ("controller" as const),
        ...(tag ? { cluster: tag } : {}),
        policies: resolve([...inline, ...managed]),
      };
    });
}

/** Every action any role of the template is granted, sorted, once each. */
export function grantedActions(template: Json): string[] {
  const actions = roles(template).flatMap((role) =>
    role.policies.flatMap((p) => p.Statement.flatMap((s) => [s.Action].flat())),
  );
  return [...new Set(actions)].sort();
}
