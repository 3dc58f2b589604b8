import { StopInstancesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { deadlineIn, locate } from "../../../core/index.ts";
import { instanceStateChange } from "../../../sim/events.ts";
import type { FaultRule } from "../../../sim/proxy.ts";
import { classicCluster, lambdaContext, putCluster, useBuiltHandler } from "../../support/controller.ts";

// The same faults for the built Lambda handler: no move or a correct move, never a wrong one.
const rule = (fault: FaultRule["fault"], calls?: number[]): FaultRule[] => [
  { action: "*", client: "lambda", fault, ...(calls ? { calls } : {}) },
];
const FAULTS: { name: string; rules: FaultRule[]; moves: boolean; throws: boolean }[] = [
  {
    name: "throttling burst (clears)",
    rules: rule({ kind: "http", status: 503, code: "RequestLimitExceeded" }, [1, 2, 3]),
    moves: true,
    throws: false,
  },
  {
    name: "throttling (persistent)",
    rules: rule({ kind: "http", status: 503, code: "RequestLimitExceeded" }),
    moves: false,
    throws: true,
  },
  {
    name: "HTTP 500",
    rules: rule({ kind: "http", status: 500, code: "InternalError" }),
    moves: false,
    throws: true,
  },
  {
    name: "HTTP 503",
    rules: rule({ kind: "http", status: 503, code: "Unavailable" }),
    moves: false,
    throws: true,
  },
  { name: "connection reset", rules: rule({ kind: "reset" }), moves: false, throws: true },
  {
    name: "slower than the deadline",
    rules: rule({ kind: "delay", ms: 10_000 }),
    moves: false,
    throws: true,
  },
  {
    name: "UnauthorizedOperation on EC2",
    rules: [
      {
        action: "DescribeAddresses",
        client: "lambda",
        fault: { kind: "error", status: 403, code: "UnauthorizedOperation" },
      },
    ],
    moves: false,
    throws: false,
  },
  {
    name: "AuthFailure on EC2",
    rules: [
      {
        action: "DescribeAddresses",
        client: "lambda",
        fault: { kind: "error", status: 401, code: "AuthFailure" },
      },
    ],
    moves: false,
    throws: false,
  },
  {
    name: "AssociateAddress fails once after the disassociate",
    rules: [
      {
        action: "AssociateAddress",
        client: "lambda",
        calls: [1],
        fault: { kind: "http", status: 500, code: "InternalError" },
      },
    ],
    moves: true,
    throws: false,
  },
];

describe("fault matrix: the Lambda handler × fault", () => {
  const { sim, handler } = useBuiltHandler();

  it.each(FAULTS)(
    "$name → no move or the correct move, never a wrong one",
    async ({ rules, moves, throws }) => {
      // Prepare
      const region = sim.region;
      const { A, B } = region.topology.nodes;
      await putCluster(region, "web", classicCluster(region));
      await region.ec2("console").send(new StopInstancesCommand({ InstanceIds: [A.instanceId] }));
      region.proxy.setFaults(rules);
      // Act
      const outcome = await handler(
        instanceStateChange({ instanceId: A.instanceId, state: "stopped" }),
        // Rows that must end in a move get a Lambda's usual time, so a busy machine cannot make them run out;
        // rows that must fail get 4 s, so their retries end at the handler's own deadline.
        lambdaContext(throws ? 4_000 : 60_000),
      ).then(
        (report) => ({ threw: false, report }),
        (error: Error) => ({ threw: true, error }),
      );
      region.proxy.setFaults([]);
      // Assess
      expect(
        outcome.threw,
        String(
          "error" in outcome
            ? (outcome.error as Error).stack +
                JSON.stringify((outcome.error as AggregateError).errors?.map(String))
            : "",
        ),
      ).toBe(throws);
      const eip = await locate(
        region.truth,
        { allocationId: region.topology.eip.allocationId },
        { deadline: deadlineIn(5_000) },
      );
      expect(eip.association?.instanceId).toBe(moves ? B.instanceId : A.instanceId);
    },
  );
});
