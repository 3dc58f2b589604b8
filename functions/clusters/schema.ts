import { en } from "zod/locales";
import * as z from "zod/mini";
import { destinationProblem, hostRoute, type IdKind, idProblem, placementProblem } from "../../core/index.ts";

/**
 * What reconciliation may run on the new holder, as root, through Run Command: Pacemaker re-probing the
 * resource, nothing else. Whoever can write a cluster document must not thereby get a root shell on nodes.
 */
const NAME = "[\\w.:@-]+";
const RECONCILE = new RegExp(
  `^(crm_resource (--refresh|-R|--cleanup|-C)( (-r|--resource)[ =]${NAME})?( (-N|--node)[ =]${NAME})?|pcs resource (refresh|cleanup)( ${NAME})?)$`,
);

// zod/mini keeps the Lambda bundle small (the classic API is ~450 KB); English messages are opted into.
z.config(en());

/** An EC2 id of `kind`, checked by core's one definition and worded as core words it. */
const id = (kind: IdKind) =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const problem = idProblem(kind, value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    }),
  );

/** A member's address target must be one core can make (a private IP needs its interface). */
const Member = z
  .strictObject({
    instanceId: id("instanceId"),
    networkInterfaceId: z.optional(id("networkInterfaceId")),
    privateIpAddress: z.optional(z.ipv4()),
  })
  .check(
    z.superRefine((member, ctx) => {
      const problem = placementProblem(member);
      if (problem)
        ctx.addIssue({ code: "custom", message: problem, input: member, path: ["privateIpAddress"] });
    }),
  );

/**
 * An overlay IP (outside the VPC's CIDRs) routed to the active member's interface in every listed table. The
 * destination is stored canonical (`hostRoute`), so `192.168.100.10` and `192.168.100.10/32` are one route.
 */
const Route = z.pipe(
  z.strictObject({
    destination: z.string().check(
      z.superRefine((value, ctx) => {
        const problem = destinationProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
      }),
    ),
    routeTableIds: z.array(id("routeTableId")).check(
      z.minLength(1, "a route needs at least one route table to point at the active member"),
      z.maxLength(50),
      z.refine((ids) => new Set(ids).size === ids.length, "a route table is listed twice"),
    ),
  }),
  z.transform((route) => ({ ...route, destination: hostRoute(route.destination) as string })),
);

/**
 * The most route entries (destinations × their tables) one cluster may list. One decision moves them all in one
 * invocation (60 s) at its container's share of EC2's mutating refill (2.5 calls/s after a burst of 12, see
 * pace.ts): 100 take about 35 s, leaving room for the fence, the addresses and a retry.
 */
export const MAX_ROUTE_ENTRIES = 100;

/** The longest grace window a cluster may ask for (the decisions queue's 900 s delay holds it with room to spare). */
export const MAX_GRACE_SECONDS = 600;

/** One HA cluster as the operator describes it in Parameter Store (one JSON parameter per cluster). */
export const ClusterSchema = z
  .strictObject({
    name: z.string().check(z.minLength(1), z.maxLength(128)),
    // Either list may be empty (an overlay-only or an EIP-only cluster), not both: see the check below.
    addresses: z._default(
      z.array(z.strictObject({ allocationId: id("allocationId") })).check(z.maxLength(50)),
      [],
    ),
    routes: z._default(z.array(Route).check(z.maxLength(50)), []),
    members: z
      .array(Member)
      .check(z.minLength(2, "a cluster needs at least two members to fail over between"), z.maxLength(32)),
    // "reboot": stop, wait until stopped, move, start again (docs/controller.md)
    fencing: z.enum(["none", "stop", "reboot"]),
    graceSeconds: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_GRACE_SECONDS)),
    pacemaker: z.optional(
      z.strictObject({
        reconcileCommand: z
          .string()
          .check(
            z.regex(
              RECONCILE,
              "expected a Pacemaker refresh or cleanup: crm_resource --refresh|--cleanup [-r NAME] [-N NODE], or pcs resource refresh|cleanup [NAME] (it runs as root on the new holder, so nothing else is accepted)",
            ),
          ),
      }),
    ),
    dryRun: z.optional(z.boolean()),
    // Written by `eip-failover pause` (removed by `resume`): the controller plans as usual and executes nothing.
    paused: z.optional(
      z.strictObject({ since: z.iso.datetime(), reason: z.optional(z.string().check(z.maxLength(256))) }),
    ),
  })
  .check(
    z.refine((doc) => new Set(doc.members.map((m) => m.instanceId)).size === doc.members.length, {
      message: "an instance is listed twice",
      path: ["members"],
    }),
    z.refine((doc) => doc.addresses.length + doc.routes.length > 0, {
      message:
        "a cluster needs at least one address (allocationId) or route (destination, routeTableIds) to keep on a healthy member",
      path: ["addresses"],
    }),
    z.superRefine((doc, ctx) => {
      const entries = doc.routes.reduce((n, r) => n + r.routeTableIds.length, 0);
      if (entries > MAX_ROUTE_ENTRIES)
        ctx.addIssue({
          code: "custom",
          message: `${entries} route entries (destinations × route tables) is more than one decision moves inside the controller's 60 s at its share of EC2's rate: at most ${MAX_ROUTE_ENTRIES}; split the cluster or list fewer tables`,
          input: doc.routes,
          path: ["routes"],
        });
    }),
    z.refine((doc) => new Set(doc.routes.map((r) => r.destination)).size === doc.routes.length, {
      message: "a route destination is listed twice (list all its route tables under one entry)",
      path: ["routes"],
    }),
    // A route points at an interface; an instance id alone does not say which of its interfaces.
    z.superRefine((doc, ctx) => {
      if (doc.routes.length === 0) return;
      doc.members.forEach((member, index) => {
        if (!member.networkInterfaceId)
          ctx.addIssue({
            code: "custom",
            message: `${member.instanceId} has no networkInterfaceId: a cluster with routes needs each member's interface (e.g. eni-0123456789abcdef0), the routes' target`,
            input: member,
            path: ["members", index, "networkInterfaceId"],
          });
      });
    }),
  );
export type Cluster = z.infer<typeof ClusterSchema>;
export type FencingMode = Cluster["fencing"];

/** A cluster document that failed validation: which parameter, which field, why. */
export interface InvalidCluster {
  readonly parameter: string;
  readonly field: string;
  readonly why: string;
}

/** Validates one parameter's text. Pure: the tests and the bad-input corpus call it directly. */
export function parseCluster(
  parameter: string,
  text: string,
): { cluster: Cluster } | { invalid: InvalidCluster } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { invalid: { parameter, field: "(document)", why: `not JSON: ${(error as Error).message}` } };
  }
  const result = ClusterSchema.safeParse(json);
  if (result.success) {
    // The key is how status, doctor and the stack's roles find the cluster: a document that names another
    // cluster would be served under one name and looked up under the other.
    const key = parameter.split("/").pop() ?? parameter;
    if (result.data.name !== key)
      return {
        invalid: {
          parameter,
          field: "name",
          why: `'${result.data.name}' differs from its parameter's key '${key}' (store it under …/${result.data.name}, or set "name": "${key}")`,
        },
      };
    return { cluster: result.data };
  }
  // A failed parse has at least one issue; the first is the one named.
  const [issue] = result.error.issues as [(typeof result.error.issues)[number], ...unknown[]];
  const field = issue.path.length ? issue.path.join(".") : "(document)";
  return { invalid: { parameter, field, why: issue.message } };
}
