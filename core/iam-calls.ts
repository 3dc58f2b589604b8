/**
 * Who makes an AWS call: the OCF agent with its node's instance role, or the Lambda controller with its own.
 */
export type IamCaller = "agent" | "controller";

/**
 * One resource that the service authorises a call against, as AWS's service authorization reference names
 * it. `arn` is a template over `{partition}`, `{region}`, `{account}` and the request's ids (`{allocationId}`,
 * `{instanceId}`, `{networkInterfaceId}`, `{routeTableId}`, `{path}`, `{document}`).
 */
export interface IamResource {
  readonly type: string;
  readonly arn: string;
  /**
   * The condition-key prefix under which the service hands IAM this resource's tags (`aws:ResourceTag` for
   * EC2, `ssm:resourceTag` for SSM's SendCommand); undefined when it hands none (an AWS-owned document).
   */
  readonly tagKey?: "aws:ResourceTag" | "ssm:resourceTag";
  /** Condition keys the service sets from this resource (e.g. `ec2:InstanceID`), as templates like `arn`. */
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * The request context IAM evaluates for one SDK command sent in one shape: its action, every resource the
 * service authorises it against (none: it needs `Resource: "*"`), and the request's own context keys.
 */
export interface IamCall {
  /** The SDK command class, as it appears in `new …Command(`. */
  readonly command: string;
  /** When one command is sent in several shapes that authorise different resources. */
  readonly shape?: string;
  readonly action: string;
  readonly callers: readonly IamCaller[];
  readonly resources: readonly IamResource[];
  readonly context?: Readonly<Record<string, string>>;
}

const EC2 = "arn:{partition}:ec2:{region}:{account}";
/** EC2 resources: an Elastic IP, an instance, a network interface, a route table, each with its tags. */
export const EC2_RESOURCE = {
  address: {
    type: "elastic-ip",
    arn: `${EC2}:elastic-ip/{allocationId}`,
    tagKey: "aws:ResourceTag",
    context: { "ec2:AllocationId": "{allocationId}" },
  },
  instance: {
    type: "instance",
    arn: `${EC2}:instance/{instanceId}`,
    tagKey: "aws:ResourceTag",
    context: { "ec2:InstanceID": "{instanceId}" },
  },
  networkInterface: {
    type: "network-interface",
    arn: `${EC2}:network-interface/{networkInterfaceId}`,
    tagKey: "aws:ResourceTag",
    context: { "ec2:NetworkInterfaceID": "{networkInterfaceId}" },
  },
  routeTable: {
    type: "route-table",
    arn: `${EC2}:route-table/{routeTableId}`,
    tagKey: "aws:ResourceTag",
    context: { "ec2:RouteTableID": "{routeTableId}" },
  },
} as const satisfies Record<string, IamResource>;

/** EC2 names the region of every request. */
export const EC2_CONTEXT = { "ec2:Region": "{region}" } as const;

/** A call both the agent and the controller make, on an address and where it goes (or comes from). */
function addressMove(name: string, where: IamResource, shape?: string): IamCall {
  return {
    command: `${name}Command`,
    ...(shape ? { shape } : {}),
    action: `ec2:${name}`,
    callers: ["agent", "controller"],
    resources: [EC2_RESOURCE.address, where],
    context: EC2_CONTEXT,
  };
}

/**
 * A route call of the route agent and of the controller (which moves a cluster's routes with its addresses):
 * EC2 authorises it against the route table only, not the interface.
 */
function routeMove(name: string): IamCall {
  return {
    command: `${name}Command`,
    action: `ec2:${name}`,
    callers: ["agent", "controller"],
    resources: [EC2_RESOURCE.routeTable],
    context: EC2_CONTEXT,
  };
}

/**
 * Every EC2 call core/ makes (locate, members, associate, dry-run, routes), with what IAM is asked for each. A test
 * fails when a `new …Command(` in the source has no entry here or in functions/iam-calls.ts. A DryRun call
 * (validate-all's and the self-check's permission proofs) is authorised exactly like the real one, so it shares
 * the real call's entry.
 */
export const CORE_IAM_CALLS: readonly IamCall[] = [
  {
    command: "DescribeAddressesCommand",
    action: "ec2:DescribeAddresses",
    callers: ["agent", "controller"],
    resources: [],
    context: EC2_CONTEXT,
  },
  {
    command: "DescribeInstanceStatusCommand",
    action: "ec2:DescribeInstanceStatus",
    callers: ["controller"],
    resources: [],
    context: EC2_CONTEXT,
  },
  addressMove("AssociateAddress", EC2_RESOURCE.instance, "to an instance"),
  addressMove("AssociateAddress", EC2_RESOURCE.networkInterface, "to a network interface"),
  // EC2 authorises the interface the address sits on, also when it was associated to an instance
  addressMove("DisassociateAddress", EC2_RESOURCE.networkInterface),
  {
    command: "DescribeRouteTablesCommand",
    action: "ec2:DescribeRouteTables",
    callers: ["agent", "controller"],
    resources: [],
    context: EC2_CONTEXT,
  },
  // ReplaceRoute to a network interface, or CreateRoute where the route is missing; no route is ever deleted
  routeMove("ReplaceRoute"),
  routeMove("CreateRoute"),
];
