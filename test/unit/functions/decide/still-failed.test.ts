import { describe, expect, it } from "vitest";
import type { MemberHealth } from "../../../../core/types.ts";
import { stillFailed } from "../../../../functions/decide/still-failed.ts";
import type { Failure } from "../../../../functions/types.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const failure = (cause: Failure["cause"], detail: string): Failure => ({
  instanceId: A,
  cause,
  detail,
  at: 0,
});
const health = (state: MemberHealth["state"], statusOk: boolean): MemberHealth => ({
  instanceId: A,
  state,
  availabilityZone: "ap-northeast-1a",
  statusOk,
});

describe("stillFailed: a late or replayed event about a node that has recovered", () => {
  it.each([
    // state-change: started again (pending or running) is recovered, whatever the checks say yet
    ["state-change", "pending", false, false],
    ["state-change", "running", false, false],
    ["state-change", "stopped", true, true],
    ["state-change", "stopping", false, true],
    // alarm: recovered only when running with both checks ok
    ["alarm", "running", true, false],
    ["alarm", "running", false, true],
    ["alarm", "pending", true, true],
  ] as const)("%s, now %s (checks ok: %s) → failed %s", (cause, state, ok, failed) => {
    expect(stillFailed(failure(cause, "x"), health(state, ok)).failed).toBe(failed);
  });

  it("EC2 no longer reporting the instance means it is gone: still failed", () => {
    expect(stillFailed(failure("alarm", "x"), undefined)).toEqual({ failed: true });
  });

  it("says what it is now, and whether the checks pass", () => {
    expect(stillFailed(failure("alarm", "web-A-status"), health("running", true))).toEqual({
      failed: false,
      reason: `${A} has recovered since the event (web-A-status): now running, status checks ok`,
    });
    expect(stillFailed(failure("state-change", "stopped"), health("pending", false))).toEqual({
      failed: false,
      reason: `${A} has recovered since the event (stopped): now pending`,
    });
  });
});
