/** One AWS resource of the simulated account: its id, and its eip-failover:cluster tag (undefined: none). */
export interface Thing {
  readonly id: string;
  readonly cluster?: string;
}

/** One cluster's tagged resources: an address, two nodes, each node's interface, a route table. */
export interface ClusterThings {
  readonly address: Thing;
  readonly routeTable: Thing;
  readonly nodes: readonly [Thing, Thing];
  readonly interfaces: readonly [Thing, Thing];
}

/** A cluster's things, tagged `name`, or untagged when `name` is undefined; `n` keeps their ids apart. */
function cluster(name: string | undefined, n: number): ClusterThings {
  const tag = name === undefined ? {} : { cluster: name };
  const id = (prefix: string, kind: number, i: number) => `${prefix}-${`${n}${kind}${i}`.padStart(17, "0")}`;
  return {
    address: { id: id("eipalloc", 1, 0), ...tag },
    routeTable: { id: id("rtb", 4, 0), ...tag },
    nodes: [
      { id: id("i", 2, 0), ...tag },
      { id: id("i", 2, 1), ...tag },
    ],
    interfaces: [
      { id: id("eni", 3, 0), ...tag },
      { id: id("eni", 3, 1), ...tag },
    ],
  };
}

/**
 * The account the IAM simulation runs in: clusters `web` and `db` (the names the package tests deploy node
 * roles for), resources tagged with no cluster, the one document, the cluster documents' path, the event buses
 * and alarms.
 */
export const WORLD = {
  partition: "aws",
  region: "ap-northeast-1",
  account: "123456789012",
  web: cluster("web", 1),
  db: cluster("db", 2),
  untagged: cluster(undefined, 9),
  document: { id: "AWS-RunShellScript" } as Thing,
  // parameter paths as their ARNs hold them: without the leading slash
  configPath: { id: "eip-failover/clusters/" } as Thing,
  otherPath: { id: "other-application/secrets/" } as Thing,
  // event buses by name, as their ARNs end
  defaultBus: { id: "default" } as Thing,
  otherBus: { id: "other-application-bus" } as Thing,
  // a member's status alarm under the packaged stack's prefix (stage dev), and somebody else's alarm
  alarm: { id: "eip-failover-dev-status-i-01200000000000000" } as Thing,
  otherAlarm: { id: "billing-over-budget" } as Thing,
  // the stack's decisions queue as `sls package` names it (custom.decisionsQueueName), and another queue
  decisionsQueue: { id: "eip-failover-dev-decisions" } as Thing,
  otherQueue: { id: "other-application-jobs" } as Thing,
} as const;

/** Fills an ARN or context template of core/iam-calls.ts with the world and, for its id, one thing's. */
export function fill(template: string, thing?: Thing): string {
  return template
    .replaceAll("{partition}", WORLD.partition)
    .replaceAll("{region}", WORLD.region)
    .replaceAll("{account}", WORLD.account)
    .replace(/\{\w+\}/g, (slot) => {
      if (!thing) throw new Error(`${template}: nothing to fill ${slot} with`);
      return thing.id;
    });
}
