import type { DescribeRouteTablesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { ConfigurationError, deadlineIn, ErrorReasons, observeRoutes } from "../../../core/index.ts";

// observeRoutes over a hand-made client (the call's options are visible): what it asks, what it answers when
// EC2's answer lacks a table or a table's routes, and the context its errors carry.
const D = "192.168.100.10/32";
const RTB = ["rtb-0000000000000000a", "rtb-0000000000000000b"];
const options = () => ({ deadline: deadlineIn(5_000), sleep: async () => {} });

/** A client answering `answer` (or rejecting with it), recording each call and its options. */
function client(answer: unknown, rejects = false) {
  const calls: { input: unknown; abortSignal?: AbortSignal }[] = [];
  const ec2 = {
    send: async (command: DescribeRouteTablesCommand, o?: { abortSignal?: AbortSignal }) => {
      calls.push({ input: command.input, ...(o?.abortSignal ? { abortSignal: o.abortSignal } : {}) });
      if (rejects) throw answer;
      return answer;
    },
  } as unknown as EC2Client;
  return { ec2, calls };
}

describe("observeRoutes", () => {
  it("asks once for every table, with the deadline's abort signal", async () => {
    // Prepare
    const fake = client({ RouteTables: RTB.map((RouteTableId) => ({ RouteTableId })) });
    // Act
    const seen = await observeRoutes(
      fake.ec2,
      { destination: "192.168.100.10", routeTableIds: RTB },
      options(),
    );
    // Assess
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.input).toEqual({ RouteTableIds: RTB });
    expect(fake.calls[0]?.abortSignal).toBeInstanceOf(AbortSignal);
    expect(seen).toStrictEqual({ destination: D, tables: RTB.map((routeTableId) => ({ routeTableId })) });
  });

  it.each([
    ["no table at all", {}, RTB[0]],
    ["only the first table", { RouteTables: [{ RouteTableId: RTB[0], Routes: [] }] }, RTB[1]],
  ])("an answer with %s: not-found naming the missing table", async (_, answer, missing) => {
    // Act
    const error = await observeRoutes(
      client(answer).ec2,
      { destination: D, routeTableIds: RTB },
      options(),
    ).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({
      reason: ErrorReasons.notFound,
      message: `route table not found: ${missing} (DescribeRouteTables did not return it; is it in this account and Region?)`,
      context: { action: "DescribeRouteTables", destination: D, routeTableId: missing },
    });
  });

  it("a refusal carries the action, the destination and every table in its context", async () => {
    // Prepare
    const denied = Object.assign(new Error("not authorized"), {
      name: "UnauthorizedOperation",
      $metadata: { httpStatusCode: 403 },
    });
    // Act
    const error = await observeRoutes(
      client(denied, true).ec2,
      { destination: D, routeTableIds: RTB },
      options(),
    ).catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({
      reason: ErrorReasons.permission,
      context: { action: "DescribeRouteTables", destination: D, routeTableId: RTB.join(", ") },
    });
  });

  it("a malformed reference is refused before any call", async () => {
    const fake = client({});
    await expect(
      observeRoutes(fake.ec2, { destination: "10.0.0.0/8", routeTableIds: RTB }, options()),
    ).rejects.toMatchObject({ reason: ErrorReasons.malformed });
    expect(fake.calls).toHaveLength(0);
  });
});
