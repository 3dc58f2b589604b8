import { describe, expect, it } from "vitest";
import { throttleFor } from "../../../sim/throttle.ts";

/** A clock that moves only when the test says so. */
function fakeClock() {
  const clock = { now: 1_700_000_000_000 };
  return { clock, now: () => clock.now };
}

const params = (query: string) => new URLSearchParams(query);
const DISASSOCIATE = ["DisassociateAddress", params("AssociationId=eipassoc-1")] as const;

/** How many of `n` requests the throttle admits. */
function admitted(
  throttle: ReturnType<typeof throttleFor>,
  n: number,
  action: string,
  query: URLSearchParams,
) {
  return Array.from({ length: n }, () => throttle?.admit(action, query)).filter(Boolean).length;
}

describe("throttleFor", () => {
  it("off is no throttle", () => {
    expect(throttleFor({ kind: "off" }, Date.now)).toBeUndefined();
  });

  it("documented: the mutating burst is 50, then 5 per second", () => {
    const { clock, now } = fakeClock();
    const throttle = throttleFor({ kind: "documented" }, now);
    expect(admitted(throttle, 60, ...DISASSOCIATE)).toBe(50);
    clock.now += 1_000;
    expect(admitted(throttle, 60, ...DISASSOCIATE)).toBe(5);
  });

  it("StopInstances draws from the mutating bucket too: an empty mutating bucket refuses it", () => {
    const { now } = fakeClock();
    const throttle = throttleFor({ kind: "documented" }, now);
    admitted(throttle, 50, ...DISASSOCIATE);
    expect(throttle?.admit("StopInstances", params("InstanceId.1=i-1"))).toBe(false);
  });

  it("StopInstances of many instances empties its resource bucket before the mutating one; a refusal takes nothing", () => {
    // Prepare: 1,000 resource tokens, 20 per second; 40 instances a call costs 40 of them and one mutating token
    const { clock, now } = fakeClock();
    const throttle = throttleFor({ kind: "documented" }, now);
    const forty = params(Array.from({ length: 40 }, (_, i) => `InstanceId.${i + 1}=i-${i}`).join("&"));
    // Act: 25 calls take all 1,000 resource tokens (and 25 of the 50 mutating ones); the 26th is refused
    const first = admitted(throttle, 26, "StopInstances", forty);
    // Assess: the refused call took no mutating token, so 25 mutating calls still pass
    expect(first).toBe(25);
    expect(admitted(throttle, 30, ...DISASSOCIATE)).toBe(25);
    clock.now += 2_000; // 40 resource tokens and 10 mutating ones
    expect(admitted(throttle, 2, "StopInstances", forty)).toBe(1);
  });

  it("scaled: every bucket multiplied by the factor", () => {
    const { clock, now } = fakeClock();
    const throttle = throttleFor({ kind: "scaled", factor: 0.1 }, now);
    expect(admitted(throttle, 10, ...DISASSOCIATE)).toBe(5);
    clock.now += 2_000;
    expect(admitted(throttle, 10, ...DISASSOCIATE)).toBe(1);
  });

  it("documented with other tenants taking half: 25 of the mutating burst left, then 2.5 per second", () => {
    const { clock, now } = fakeClock();
    const throttle = throttleFor({ kind: "documented", othersShare: 0.5 }, now);
    expect(admitted(throttle, 60, ...DISASSOCIATE)).toBe(25);
    clock.now += 399;
    expect(admitted(throttle, 60, ...DISASSOCIATE)).toBe(0);
    clock.now += 1;
    expect(admitted(throttle, 60, ...DISASSOCIATE)).toBe(1);
    clock.now += 10_000;
    expect(admitted(throttle, 60, ...DISASSOCIATE)).toBe(25);
  });

  it("the others take their share of every bucket: 30 % of the non-mutating burst and refill is theirs", () => {
    const { clock, now } = fakeClock();
    const throttle = throttleFor({ kind: "scaled", factor: 1, othersShare: 0.3 }, now);
    const describe = ["DescribeAddresses", params("AllocationId.1=eipalloc-1")] as const;
    expect(admitted(throttle, 200, ...describe)).toBe(70);
    clock.now += 1_000;
    expect(admitted(throttle, 200, ...describe)).toBe(14);
  });

  it.each([
    [{ kind: "documented", othersShare: 1 }, "othersShare must be at least 0 and below 1, got 1"],
    [{ kind: "scaled", factor: 0 }, "throttle factor must be a number above 0, got 0"],
  ] as const)("%j is refused: %s", (mode, message) => {
    expect(() => throttleFor(mode, Date.now)).toThrow(message);
  });
});
