import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../../sim/request-log.ts";
import { movesIn } from "../../e2e/measure.ts";

// The e2e figures (moves, milliseconds with no address) are rebuilt from the proxy log by movesIn.
const call = (time: number, client: string, action: string, status = 200): LogEntry => ({
  time,
  service: "ec2",
  action,
  client,
  status,
  mutating: action !== "DescribeAddresses",
  throttled: false,
  faulted: false,
});

describe("movesIn: moves and unassociated time from the proxy log", () => {
  it.each([
    ["an atomic move", [call(100, "nodeB", "AssociateAddress")], { moves: 1, unassociatedMs: 0 }],
    [
      "a start where it already is",
      [call(100, "nodeA", "AssociateAddress")],
      { moves: 0, unassociatedMs: 0 },
    ],
    [
      "stop then start elsewhere",
      [call(100, "nodeA", "DisassociateAddress"), call(350, "nodeB", "AssociateAddress")],
      { moves: 1, unassociatedMs: 250 },
    ],
    [
      "stop and start on the same node: nobody → A counts as a move",
      [call(100, "nodeA", "DisassociateAddress"), call(400, "nodeA", "AssociateAddress")],
      { moves: 1, unassociatedMs: 300 },
    ],
    [
      "released and never taken: counted to the end",
      [call(900, "nodeA", "DisassociateAddress")],
      { moves: 0, unassociatedMs: 100 },
    ],
    [
      "refused calls, reads and calls outside the window change nothing",
      [
        call(-5, "nodeB", "AssociateAddress"),
        call(100, "nodeA", "DisassociateAddress", 400),
        call(200, "nodeA", "DescribeAddresses"),
        call(1_001, "nodeB", "AssociateAddress"),
      ],
      { moves: 0, unassociatedMs: 0 },
    ],
  ])("%s", (_name, log, expected) => {
    expect(movesIn(log, 0, 1_000, "nodeA")).toMatchObject(expected);
  });
});
