// A small EC2 for unit tests whose reads lag its writes, as AWS documents the EC2 API: after a change, Describe
// answers show the resource as it was until the change's lag has passed; writes are answered from the truth
// (DisassociateAddress of a gone association fails, AssociateAddress without reassociation of a held address
// fails). Time is a fake clock that moves only by sleeps and by each call's round trip. It holds one Elastic IP,
// a few instances and one overlay destination in some route tables: what the controller's tests need.
import { ec2Error, fakeEc2 } from "./fake-ec2.ts";

export const T0 = Date.parse("2026-11-30T01:00:00Z");

/** An instance of the world: its id, interface and Availability Zone. */
export interface WorldNode {
  readonly instanceId: string;
  readonly networkInterfaceId: string;
  readonly az: string;
}

interface Association {
  readonly associationId: string;
  readonly instanceId: string;
  readonly networkInterfaceId: string;
}
interface InstanceState {
  readonly name: string;
  /** When it entered the state (epoch ms), as DescribeInstances' StateTransitionReason dates it. */
  readonly since: number;
}

/** Per resource key, the truth and the pictures of it that reads still show (oldest open window first). */
class Lagged<T> {
  private readonly truth = new Map<string, T>();
  private readonly windows = new Map<string, { until: number; before: T }[]>();
  private readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }
  set(key: string, value: T, lagMs: number): void {
    if (lagMs > 0) {
      const open = this.windows.get(key) ?? [];
      open.push({ until: this.now() + lagMs, before: this.truth.get(key) as T });
      this.windows.set(key, open);
    }
    this.truth.set(key, value);
  }
  true(key: string): T | undefined {
    return this.truth.get(key);
  }
  /** What a read shows now: the oldest open window's picture, or the truth. */
  shown(key: string): T | undefined {
    const open = (this.windows.get(key) ?? []).filter((w) => w.until > this.now());
    this.windows.set(key, open);
    return open.length > 0 ? open[0]?.before : this.truth.get(key);
  }
}

const MUTATING = new Set([
  "DisassociateAddress",
  "AssociateAddress",
  "StopInstances",
  "ReplaceRoute",
  "CreateRoute",
]);

/**
 * The lagging world. `lagMs` is every change's lag (the same for all: the worst case inside a bound);
 * `callMs` is each call's round trip on the fake clock.
 */
export function laggingEc2(options: {
  readonly nodes: readonly WorldNode[];
  readonly allocationId: string;
  readonly holder?: string;
  readonly destination?: string;
  readonly routeTableIds?: readonly string[];
  readonly lagMs: number;
  readonly callMs?: number;
}) {
  let now = T0;
  const callMs = options.callMs ?? 20;
  /** Each resource's lag for changes from now on. */
  const lag = { address: options.lagMs, state: options.lagMs, route: options.lagMs };
  let nextAssociation = 1;
  const address = new Lagged<Association | undefined>(() => now);
  const states = new Lagged<InstanceState>(() => now);
  const routes = new Lagged<string | undefined>(() => now);
  /** Instances whose status check fails, and since when (status checks are reported without lag here). */
  const impaired = new Map<string, number>();
  const nodeOf = (instanceId: string) => {
    const node = options.nodes.find((n) => n.instanceId === instanceId);
    if (!node) throw ec2Error("InvalidInstanceID.NotFound");
    return node;
  };
  const associationOn = (instanceId: string): Association => ({
    associationId: `eipassoc-${String(nextAssociation++).padStart(17, "0")}`,
    instanceId,
    networkInterfaceId: nodeOf(instanceId).networkInterfaceId,
  });
  for (const n of options.nodes) states.set(n.instanceId, { name: "running", since: now - 3_600_000 }, 0);
  if (options.holder) address.set("eip", associationOn(options.holder), 0);
  const nodeA = options.nodes[0];
  for (const rtb of options.routeTableIds ?? []) routes.set(rtb, nodeA?.networkInterfaceId, 0);

  /** The changes anyone makes (the controller's calls, or a test acting as Pacemaker, an operator, a failure). */
  const change = {
    associate(instanceId: string, allowReassociation = true): string {
      if (address.true("eip") && !allowReassociation) throw ec2Error("Resource.AlreadyAssociated");
      const association = associationOn(instanceId);
      address.set("eip", association, lag.address);
      return association.associationId;
    },
    disassociate(associationId: string): void {
      if (address.true("eip")?.associationId !== associationId)
        throw ec2Error("InvalidAssociationID.NotFound");
      address.set("eip", undefined, lag.address);
    },
    stop(instanceId: string): { previous: string; current: string } {
      const previous = states.true(instanceId)?.name ?? "running";
      const current = previous === "stopped" ? "stopped" : "stopping";
      if (current !== previous) states.set(instanceId, { name: current, since: now }, lag.state);
      return { previous, current };
    },
    route(routeTableId: string, networkInterfaceId: string, create: boolean): void {
      const existing = routes.true(routeTableId);
      if (create && existing) throw ec2Error("RouteAlreadyExists");
      if (!create && !existing) throw ec2Error("InvalidParameterValue");
      routes.set(routeTableId, networkInterfaceId, lag.route);
    },
  };

  const shownAddress = () => {
    const a = address.shown("eip");
    return {
      AllocationId: options.allocationId,
      PublicIp: "203.0.113.10",
      Domain: "vpc",
      ...(a
        ? {
            AssociationId: a.associationId,
            InstanceId: a.instanceId,
            NetworkInterfaceId: a.networkInterfaceId,
          }
        : {}),
    };
  };
  const shownState = (id: string) => states.shown(id) ?? { name: "running", since: now };
  const ids = (input: Record<string, unknown>, key: string, filter: string) =>
    (input[key] as string[] | undefined) ??
    ((input.Filters as { Name: string; Values: string[] }[] | undefined) ?? []).find((f) => f.Name === filter)
      ?.Values ??
    [];
  const gmt = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

  const fake = fakeEc2({
    DescribeAddresses: () => ({ Addresses: [shownAddress()] }),
    DisassociateAddress: (input) => {
      change.disassociate(String(input.AssociationId));
      return {};
    },
    AssociateAddress: (input) => {
      const byEni = options.nodes.find((n) => n.networkInterfaceId === input.NetworkInterfaceId);
      const instanceId = input.InstanceId === undefined ? byEni?.instanceId : String(input.InstanceId);
      if (!instanceId) throw ec2Error("InvalidNetworkInterfaceID.NotFound");
      return { AssociationId: change.associate(instanceId, input.AllowReassociation === true) };
    },
    DescribeInstanceStatus: (input) => ({
      InstanceStatuses: ids(input, "InstanceIds", "instance-id").map((id) => {
        const state = shownState(id).name;
        const checked = state === "running" ? "ok" : "not-applicable";
        const since = impaired.get(id);
        return {
          InstanceId: id,
          AvailabilityZone: nodeOf(id).az,
          InstanceState: { Name: state },
          InstanceStatus:
            since === undefined
              ? { Status: checked }
              : {
                  Status: "impaired",
                  Details: [{ Name: "reachability", Status: "failed", ImpairedSince: new Date(since) }],
                },
          SystemStatus: { Status: checked },
        };
      }),
    }),
    DescribeInstances: (input) => ({
      Reservations: [
        {
          Instances: ids(input, "InstanceIds", "instance-id").map((id) => ({
            InstanceId: id,
            State: { Name: shownState(id).name },
            StateTransitionReason: `User initiated (${gmt(shownState(id).since)} GMT)`,
          })),
        },
      ],
    }),
    StopInstances: (input) => ({
      StoppingInstances: (input.InstanceIds as string[]).map((id) => {
        const { previous, current } = change.stop(id);
        return { InstanceId: id, CurrentState: { Name: current }, PreviousState: { Name: previous } };
      }),
    }),
    DescribeRouteTables: (input) => ({
      RouteTables: ids(input, "RouteTableIds", "route-table-id").map((id) => {
        const eni = routes.shown(id);
        return {
          RouteTableId: id,
          Routes: [
            { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
            ...(eni
              ? [{ DestinationCidrBlock: options.destination, NetworkInterfaceId: eni, State: "active" }]
              : []),
          ],
        };
      }),
    }),
    ReplaceRoute: (input) => {
      change.route(String(input.RouteTableId), String(input.NetworkInterfaceId), false);
      return {};
    },
    CreateRoute: (input) => {
      change.route(String(input.RouteTableId), String(input.NetworkInterfaceId), true);
      return {};
    },
  });
  // every call takes its round trip on the fake clock, before it is answered
  const send = fake.ec2.send.bind(fake.ec2);
  const answeredAt: number[] = [];
  Object.assign(fake.ec2, {
    send: async (...args: Parameters<typeof send>) => {
      now += callMs;
      const index = fake.calls.length;
      try {
        return await send(...args);
      } finally {
        answeredAt[index] = now;
      }
    },
  });

  return {
    ec2: fake.ec2,
    calls: fake.calls,
    /** When each call of `calls` was answered, on the fake clock, by action. */
    answered: (action: string) =>
      fake.calls.flatMap((c, i) => (c.action === action ? [answeredAt[i] ?? NaN] : [])),
    /** The mutating calls made through `ec2`, in order. */
    mutating: () => fake.calls.filter((c) => MUTATING.has(c.action)).map((c) => c.action),
    clock: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    /** From now on every change (or only `resource`'s) lags `ms`; windows already open stay as they were. */
    setLag: (ms: number, resource?: keyof typeof lag) => {
      for (const key of resource ? [resource] : (Object.keys(lag) as (keyof typeof lag)[])) lag[key] = ms;
    },
    /** Changes made by someone other than the code under test (they lag like any change). */
    change,
    impair: (instanceId: string) => impaired.set(instanceId, now),
    /** The truth, as a reader after every lag would see it. */
    truth: {
      holder: () => address.true("eip")?.instanceId,
      associationId: () => address.true("eip")?.associationId,
      state: (instanceId: string) => states.true(instanceId)?.name,
      route: (routeTableId: string) => routes.true(routeTableId),
    },
  };
}
