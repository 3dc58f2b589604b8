import { beforeAll, describe, expect, it } from "vitest";
import type { IamCall } from "../../../core/iam-calls.ts";
import { ALL_IAM_CALLS, FENCE_AWS_CALLS } from "../../support/iam/calls.ts";
import { CONTROLLER, picksIn, type Scenario, scenarios, WEB_NODE } from "../../support/iam/scenarios.ts";
import { decide, mismatches } from "../../support/iam/simulate.ts";
import { type PolicyDocument, roles, type Statement } from "../../support/iam/template.ts";
import { type ClusterThings, WORLD } from "../../support/iam/world.ts";
import { packageStack } from "../../support/sls-package.ts";

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation is free-form JSON.
type Template = any;

const call = (action: string, shape?: string) => {
  const found = ALL_IAM_CALLS.find((c) => c.action === action && c.shape === shape);
  if (!found) throw new Error(`no table entry for ${action} ${shape ?? ""}`);
  return found;
};

/** The template with one statement (by Sid) of one resource's policy changed by `edit`. */
function mutate(template: Template, logicalId: string, sid: string, edit: (s: Statement) => void): Template {
  const copy = structuredClone(template);
  const props = copy.Resources[logicalId].Properties;
  const docs: PolicyDocument[] = props.PolicyDocument
    ? [props.PolicyDocument]
    : props.Policies.map((p: { PolicyDocument: PolicyDocument }) => p.PolicyDocument);
  const statement = docs.flatMap((d) => d.Statement).find((s) => s.Sid === sid);
  if (!statement) throw new Error(`${logicalId} has no statement ${sid}`);
  edit(statement);
  return copy;
}

describe("IAM simulation (iam-simulate + AWS's authorization data) of every call against the packaged template", () => {
  let template: Template;
  beforeAll(async () => {
    template = await packageStack(".tmp/iam-package");
  }, 240_000);

  it("allows each call to its callers in their own cluster, and denies other clusters, untagged resources and non-callers", async () => {
    // Prepare
    const all = scenarios(ALL_IAM_CALLS);
    // Act
    const wrong = await mismatches(roles(template), all);
    // Assess
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((s) => s.expect === "Allow").length).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  it("denies cluster web's node role moving cluster db's address, even to a web node", async () => {
    const move: Scenario = {
      name: "web node moves db's address",
      call: call("ec2:AssociateAddress", "to an instance"),
      principal: WEB_NODE,
      picks: { ...picksIn(WORLD.web, WEB_NODE), "elastic-ip": WORLD.db.address },
      expect: "Deny",
    };
    expect(await decide(roles(template), { ...move, picks: picksIn(WORLD.web, WEB_NODE) })).toBe("Allow");
    expect(await decide(roles(template), move)).toBe("Deny");
    const detach = { ...move, call: call("ec2:DisassociateAddress"), picks: picksIn(WORLD.db, WEB_NODE) };
    expect(await decide(roles(template), detach)).toBe("Deny");
    // db's own node role may: the roles differ only by their tag
    const dbNode = { caller: "agent" as const, node: WORLD.db.nodes[0], cluster: "db" };
    expect(await decide(roles(template), { ...detach, principal: dbNode })).toBe("Allow");
  });

  it("lets a node's fence_aws power its own cluster's peer off and on, never itself, db's instance or an untagged one", async () => {
    // Prepare: what Pacemaker's STONITH on AWS sends with the node role of cluster web
    const describe = FENCE_AWS_CALLS.filter((c) => c.resources.length === 0);
    const power = FENCE_AWS_CALLS.filter((c) => c.resources.length > 0);
    const on = (call: IamCall, instance: Scenario["picks"][string]): Scenario => ({
      name: `web's fence_aws ${call.action} ${instance.id}`,
      call,
      principal: WEB_NODE,
      picks: { ...picksIn(WORLD.web, WEB_NODE), instance },
      expect: "Deny",
    });
    // Act + Assess
    expect(describe.map((c) => c.action)).toEqual(["ec2:DescribeInstances"]);
    for (const call of describe)
      expect(await decide(roles(template), { ...on(call, WORLD.web.nodes[1]), picks: {} })).toBe("Allow");
    expect(power.map((c) => c.action)).toEqual(["ec2:StopInstances", "ec2:StartInstances"]);
    for (const call of power) {
      expect(await decide(roles(template), on(call, WORLD.web.nodes[1]))).toBe("Allow");
      expect(await decide(roles(template), on(call, WORLD.web.nodes[0]))).toBe("Deny");
      expect(await decide(roles(template), on(call, WORLD.db.nodes[0]))).toBe("Deny");
      expect(await decide(roles(template), on(call, WORLD.untagged.nodes[0]))).toBe("Deny");
      // db's node role may fence db's peer: the roles differ only by their tag
      const dbNode = { caller: "agent" as const, node: WORLD.db.nodes[0], cluster: "db" };
      expect(await decide(roles(template), { ...on(call, WORLD.db.nodes[1]), principal: dbNode })).toBe(
        "Allow",
      );
    }
  });

  it("lets the controller route its clusters' tagged route tables, never an untagged one, and nobody delete a route", async () => {
    // Prepare: DeleteRoute is in no call table (no code sends it), so it is asked about by hand
    const replace = call("ec2:ReplaceRoute");
    const remove: IamCall = {
      ...replace,
      command: "DeleteRouteCommand",
      action: "ec2:DeleteRoute",
      callers: [],
    };
    const controller = (c: IamCall, cluster: ClusterThings): Scenario => ({
      name: `controller ${c.action} in ${cluster.routeTable.id}`,
      call: c,
      principal: CONTROLLER,
      picks: picksIn(cluster, CONTROLLER),
      expect: "Deny",
    });
    // Act
    const decisions = await Promise.all([
      decide(roles(template), controller(replace, WORLD.web)),
      decide(roles(template), controller(replace, WORLD.db)),
      decide(roles(template), controller(replace, WORLD.untagged)),
      decide(roles(template), controller(call("ec2:CreateRoute"), WORLD.web)),
      decide(roles(template), controller(remove, WORLD.web)),
      decide(roles(template), { ...controller(remove, WORLD.web), principal: WEB_NODE }),
    ]);
    // Assess
    expect(decisions).toEqual(["Allow", "Allow", "Deny", "Allow", "Deny", "Deny"]);
  });

  describe("the check fails when the template loses a resource or a condition", () => {
    it("without the controller's tag condition on routes, it may route an untagged route table", async () => {
      const broken = mutate(template, "IamRoleLambdaExecution", "RouteTaggedTablesOnly", (s) => {
        delete s.Condition;
      });
      const wrong = await mismatches(roles(broken), scenarios([call("ec2:ReplaceRoute")]));
      expect(wrong).toEqual([
        "controller ec2:ReplaceRoute: untagged route-table: expected Deny, IAM says Allow",
      ]);
    });

    it("without the interface ARN, a node may not associate to its own interface", async () => {
      const broken = mutate(template, "NodePolicy", "MoveOwnClustersAddressesOnly", (s) => {
        s.Resource = [s.Resource].flat().filter((r) => !JSON.stringify(r).includes(":network-interface/"));
      });
      const wrong = await mismatches(roles(broken), scenarios(ALL_IAM_CALLS));
      expect(wrong).toContain(
        "agent(web) ec2:AssociateAddress to a network interface: its own cluster: expected Allow, IAM says Deny",
      );
    });

    it("without the cluster condition, web's node may move db's address", async () => {
      const broken = mutate(template, "NodePolicy", "MoveOwnClustersAddressesOnly", (s) => {
        delete s.Condition;
      });
      const wrong = await mismatches(roles(broken), scenarios(ALL_IAM_CALLS));
      expect(wrong).toContain(
        "agent(web) ec2:AssociateAddress to an instance: elastic-ip of cluster db: expected Deny, IAM says Allow",
      );
      expect(wrong).toContain(
        "agent(web) ec2:DisassociateAddress: untagged network-interface: expected Deny, IAM says Allow",
      );
    });

    it("without the ec2:SourceInstanceARN condition, a node may associate to its peer", async () => {
      const broken = mutate(template, "NodePolicy", "AssociateOnlyToItself", (s) => {
        delete s.Condition?.ArnEquals;
      });
      const wrong = await mismatches(roles(broken), scenarios(ALL_IAM_CALLS));
      expect(wrong).toEqual([
        "agent(web) ec2:AssociateAddress to an instance: the other node of its cluster: expected Deny, IAM says Allow",
      ]);
    });

    it("with aws:ResourceTag in place of ssm:resourceTag, the controller may not reconcile", async () => {
      const broken = mutate(template, "IamRoleLambdaExecution", "ReconcileOnTaggedInstancesOnly", (s) => {
        s.Condition = { StringLike: { "aws:ResourceTag/eip-failover:cluster": "?*" } };
      });
      const wrong = await mismatches(roles(broken), scenarios(ALL_IAM_CALLS));
      expect(wrong).toContain("controller ssm:SendCommand: its own cluster: expected Allow, IAM says Deny");
    });

    it("without the controller's tag condition on StopInstances and StartInstances, it may fence (and start) an untagged instance", async () => {
      const broken = mutate(template, "IamRoleLambdaExecution", "FenceTaggedInstancesOnly", (s) => {
        delete s.Condition;
      });
      const power = scenarios([call("ec2:StopInstances"), call("ec2:StartInstances")]);
      const wrong = await mismatches(roles(broken), power);
      expect(wrong).toEqual([
        "controller ec2:StopInstances: untagged instance: expected Deny, IAM says Allow",
        "controller ec2:StartInstances: untagged instance: expected Deny, IAM says Allow",
      ]);
    });

    it("with the alarm writes granted on every alarm, the controller may delete somebody else's", async () => {
      const broken = mutate(
        template,
        "IamRoleLambdaExecution",
        "ManageStatusAlarmsUnderThePrefixOnly",
        (s) => {
          s.Resource = "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:*";
        },
      );
      const wrong = await mismatches(roles(broken), scenarios([call("cloudwatch:DeleteAlarms")]));
      expect(wrong).toEqual([
        "controller cloudwatch:DeleteAlarms: an alarm outside the stack's prefix: expected Deny, IAM says Allow",
      ]);
    });

    it("with every bus in place of the default one, the controller may put notices on another bus", async () => {
      const broken = mutate(template, "IamRoleLambdaExecution", "PutFailoverNoticesOnDefaultBus", (s) => {
        s.Resource = `arn:aws:events:${WORLD.region}:${WORLD.account}:event-bus/*`;
      });
      const wrong = await mismatches(roles(broken), scenarios([call("events:PutEvents")]));
      expect(wrong).toEqual([
        "controller events:PutEvents: another event bus: expected Deny, IAM says Allow",
      ]);
    });

    it("with a mistyped principal tag in the policy variable, a node may do nothing in its cluster", async () => {
      const broken = mutate(template, "NodePolicy", "MoveOwnClustersAddressesOnly", (s) => {
        s.Condition = {
          StringEquals: { "aws:ResourceTag/eip-failover:cluster": `\${aws:PrincipalTag/cluster}` },
        };
      });
      const wrong = await mismatches(roles(broken), scenarios([call("ec2:DisassociateAddress")]));
      expect(wrong).toEqual([
        "agent(web) ec2:DisassociateAddress: its own cluster: expected Allow, IAM says Deny",
      ]);
    });
  });
});
