// Serverless variable source: one node role + instance profile per cluster, from
// `sls deploy --param="clusters=web,db"`. Every role carries the tag eip-failover:cluster=<name> and the one
// NodePolicy of serverless.yml, whose conditions compare that tag with the resource's (ABAC): a node of cluster
// web can move only web's addresses. Add a cluster by adding its name and redeploying.
const { listParam } = require("./param-list.cjs");
const { refusal } = require("./params.cjs");
const TAG_KEY = "eip-failover:cluster";
// A cluster name is a tag value, a logical id's part and the last segment of its document's SSM name (so no "/"),
// and what `eip-failover status --cluster` accepts.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** The logical-id part for a cluster name: its letters and digits, first one upper-cased. */
const idOf = (name) => {
  const alnum = name.replace(/[^A-Za-z0-9]/g, "");
  return alnum.charAt(0).toUpperCase() + alnum.slice(1);
};

const source = async ({ resolveVariable }) => {
  const names = await listParam(resolveVariable, "clusters");
  const bad = names.filter((n) => !NAME.test(n));
  if (bad.length)
    throw refusal(
      `clusters: not valid cluster names: ${bad.join(", ")} (expected a letter or digit, then letters, digits and _.-, at most 128, comma-separated; e.g. web,db)`,
    );
  const byId = new Map();
  for (const name of names) {
    const other = byId.get(idOf(name));
    if (other !== undefined)
      throw refusal(
        `clusters: '${other}' and '${name}' would share the role NodeRole${idOf(name)} (expected distinct names once _.- are dropped; rename one)`,
      );
    byId.set(idOf(name), name);
  }
  const resources = {};
  const outputs = {};
  for (const [id, name] of byId) {
    resources[`NodeRole${id}`] = {
      Type: "AWS::IAM::Role",
      Properties: {
        Description: `Instance role of the nodes of cluster ${name} running ocf:eip-failover:eip (no stored keys)`,
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        },
        ManagedPolicyArns: [{ Ref: "NodePolicy" }],
        Tags: [{ Key: TAG_KEY, Value: name }],
      },
    };
    resources[source.profileKeyOf(name)] = {
      Type: "AWS::IAM::InstanceProfile",
      Properties: { Roles: [{ Ref: `NodeRole${id}` }] },
    };
    outputs[source.profileKeyOf(name)] = {
      Description: `Attach to every node of cluster ${name} (its resources are tagged ${TAG_KEY}=${name})`,
      Value: { Ref: `NodeInstanceProfile${id}` },
    };
  }
  return { Resources: resources, Outputs: outputs };
};

/** The logical id (and output key) of cluster `name`'s instance profile: the operator's command reads it too. */
source.profileKeyOf = (name) => `NodeInstanceProfile${idOf(name)}`;
module.exports = source;
