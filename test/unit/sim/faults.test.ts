import { describe, expect, it } from "vitest";
import { ec2ErrorXml, FaultSchedule } from "../../../sim/faults.ts";

const fault503 = { kind: "http", status: 503, code: "Unavailable" } as const;

describe("FaultSchedule", () => {
  it("faults only the listed call numbers of an action", () => {
    const schedule = new FaultSchedule([{ action: "AssociateAddress", calls: [2], fault: fault503 }]);
    const picks = [1, 2, 3].map(() => schedule.pick("AssociateAddress", "nodeA"));
    expect(picks).toEqual([undefined, fault503, undefined]);
  });

  it("matches any action with * and only the named client", () => {
    const schedule = new FaultSchedule([{ action: "*", client: "lambda", fault: { kind: "reset" } }]);
    expect(schedule.pick("DescribeAddresses", "nodeA")).toBeUndefined();
    expect(schedule.pick("DescribeAddresses", "lambda")).toEqual({ kind: "reset" });
  });

  it("applies a probability with the injected randomness", () => {
    const draws = [0.1, 0.9];
    const schedule = new FaultSchedule(
      [{ action: "*", probability: 0.5, fault: fault503 }],
      () => draws.shift()!,
    );
    expect(schedule.pick("X", "c")).toEqual(fault503);
    expect(schedule.pick("X", "c")).toBeUndefined();
  });

  it.each([
    // the rule's dryRun, then whether a DryRun request and a real one are faulted
    [true, true, false],
    [false, false, true],
    [undefined, true, true],
  ] as const)("a rule with dryRun %s faults a DryRun request: %s, a real one: %s", (dryRun, dry, real) => {
    // Prepare
    const denied = { kind: "error", status: 403, code: "UnauthorizedOperation" } as const;
    const schedule = new FaultSchedule([{ action: "AssociateAddress", dryRun, fault: denied }]);
    // Act
    const picks = [schedule.pick("AssociateAddress", "c", true), schedule.pick("AssociateAddress", "c")];
    // Assess
    expect(picks).toEqual([dry ? denied : undefined, real ? denied : undefined]);
  });

  it("a request the dryRun test leaves out is not counted in the rule's call numbers", () => {
    const schedule = new FaultSchedule([{ action: "X", dryRun: true, calls: [1], fault: fault503 }]);
    expect([schedule.pick("X", "c"), schedule.pick("X", "c", true)]).toEqual([undefined, fault503]);
  });

  it("the first matching rule wins", () => {
    const schedule = new FaultSchedule([
      { action: "X", fault: { kind: "delay", ms: 5 } },
      { action: "*", fault: fault503 },
    ]);
    expect(schedule.pick("X", "c")).toEqual({ kind: "delay", ms: 5 });
    expect(schedule.pick("Y", "c")).toEqual(fault503);
  });
});

describe("ec2ErrorXml", () => {
  it("is EC2's error document", () => {
    expect(ec2ErrorXml("RequestLimitExceeded", "Request limit exceeded.", "r-1")).toContain(
      "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r-1</RequestID></Response>",
    );
  });
});
