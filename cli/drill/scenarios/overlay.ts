import { DETAIL_TYPES, NOTICE_SOURCE, type NoticeDetail } from "../../../functions/index.ts";
import { putCluster } from "../../harness/index.ts";
import { type ClusterDoc, checkRoutes, instanceStates } from "../world.ts";
import {
  CLASSIC_CLUSTER,
  checkClassic,
  classicDoc,
  classicNames,
  errorsOf,
  impairNodeA,
  mutatingBy,
  outcomesOf,
  type ScenarioContext,
  type ScenarioFn,
  singleAddressRun,
  timelineController,
  verdictOf,
} from "./common.ts";

/** The classic cluster with the topology's overlay route beside its EIP; members name their interfaces. */
export function overlayDoc(ctx: ScenarioContext): ClusterDoc {
  const { nodes, overlay } = ctx.region.topology;
  return classicDoc(ctx.region, {
    routes: [{ destination: overlay.destination, routeTableIds: overlay.routeTableIds }],
    members: [nodes.A, nodes.B].map((n) => ({
      instanceId: n.instanceId,
      networkInterfaceId: n.networkInterfaceId,
    })),
    fencing: "stop",
  });
}

/** The overlay route's entries as moto has them now, each also as a timeline line. */
async function checkOverlay(ctx: ScenarioContext) {
  const { nodes, overlay } = ctx.region.topology;
  const owners = new Map([nodes.A, nodes.B].map((n) => [n.networkInterfaceId, n.instanceId]));
  const eniOf = new Map([nodes.A, nodes.B].map((n) => [n.instanceId, n.networkInterfaceId]));
  const names = classicNames(ctx.region);
  const routes = await checkRoutes(
    ctx.world,
    [{ cluster: CLASSIC_CLUSTER, ...overlay, before: nodes.A.instanceId }],
    owners,
  );
  for (const r of routes) {
    const where = r.after ? `${names[r.after] ?? r.after} (${eniOf.get(r.after) ?? r.after})` : "nowhere";
    ctx.recorder.add("drill", `moto says: ${r.destination} in ${r.routeTableId} → ${where}`);
  }
  return routes;
}

/**
 * The overlay IP beside the EIP: the classic cluster keeps its Elastic IP and 192.168.100.10/32, routed in both
 * subnets' route tables to nodeA's interface. nodeA keeps running but fails its status checks; the controller
 * decides the cluster's set once: one fence (StopInstances nodeA), one standby (nodeB), then the EIP by
 * compare-and-swap and each route table by ReplaceRoute to nodeB's interface.
 */
export const overlay: ScenarioFn = async (ctx) => {
  const { nodes, eip, overlay: route } = ctx.region.topology;
  const { dryRun } = ctx.options;
  const controller = timelineController(ctx);
  await putCluster(ctx.world.ssm, CLASSIC_CLUSTER, overlayDoc(ctx));
  ctx.recorder.add(
    "drill",
    `EIP ${eip.publicIp} on nodeA ${nodes.A.instanceId}; overlay ${route.destination} → nodeA (${nodes.A.networkInterfaceId}) in ${route.routeTableIds.join(", ")}; cluster "web" = nodeA + nodeB, fencing stop, grace 0 s`,
  );

  const { failureAt, event } = impairNodeA(ctx);
  const invocation = await controller.invoke(event);
  const doneAt = Date.now();

  const check = await checkClassic(ctx);
  const routes = await checkOverlay(ctx);
  const stateOfA = (await instanceStates(ctx.world)).get(nodes.A.instanceId);
  const outcomes = outcomesOf(invocation);
  const fences = ctx.region.proxy.log
    .entries()
    .filter((e) => e.client === "lambda" && e.action === "StopInstances" && !e.throttled).length;
  const moved = ctx.region.proxy.bus
    .entries(NOTICE_SOURCE)
    .filter((e) => e.detailType === DETAIL_TYPES.moved)
    .map((e) => e.detail as NoticeDetail);
  const sets = new Set(moved.map((d) => `${d.from} → ${d.to}`));
  const onB = routes.filter((r) => r.after === nodes.B.instanceId).length;
  const verdict = dryRun
    ? verdictOf("dry run: the controller planned the fence and the set's move, and changed nothing", [
        [
          outcomes.every((o) => o === "planned"),
          `expected every outcome "planned", got ${outcomes.join(", ")}`,
        ],
        [check.after === nodes.A.instanceId, `the address moved during a dry run (now on ${check.after})`],
        [routes.every((r) => r.after === nodes.A.instanceId), "a route moved during a dry run"],
        [mutatingBy(ctx, "lambda") === 0, "the controller made mutating calls during a dry run"],
      ])
    : verdictOf(
        `failed over as one set: nodeA fenced (${stateOfA}), the EIP and ${onB} route entries on nodeB in ${doneAt - failureAt} ms`,
        [
          [
            outcomes.length === 2 && outcomes.every((o) => o === "moved"),
            `expected the address and the route "moved", got ${outcomes.join(", ")}`,
          ],
          [check.after === nodes.B.instanceId, `moto has the EIP on ${check.after ?? "nobody"}, not nodeB`],
          [onB === routes.length, `${routes.length - onB} of ${routes.length} route entries not on nodeB`],
          [fences === 1, `expected one fence (StopInstances), the controller made ${fences}`],
          [
            moved.length === 2 &&
              sets.size === 1 &&
              sets.has(`${nodes.A.instanceId} → ${nodes.B.instanceId}`),
            `expected one Moved notice per item, all nodeA → nodeB; got ${moved.length} (${[...sets].join("; ")})`,
          ],
        ],
      );
  return {
    ...singleAddressRun(
      ctx,
      {
        expectation: dryRun
          ? "the controller plans StopInstances nodeA and the set's move, makes no mutating call; the EIP and the routes stay on nodeA"
          : "nodeA is fenced once, then the EIP (DisassociateAddress + AssociateAddress) and the overlay route (ReplaceRoute in each table) land on nodeB as one set",
        failureAt,
        doneAt,
        check,
        verdict,
      },
      { outcomes, handlerErrors: errorsOf(invocation) },
    ),
    routes,
  };
};
