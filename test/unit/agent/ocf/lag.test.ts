import { describe, expect, it } from "vitest";
import { confirm, doubt, insideBound, READ_ROOM_MS, type Reading } from "../../../../agent/ocf/lag.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import { ConfigurationError, ErrorReasons, TransientError } from "../../../../core/errors.ts";
import { fakeTime } from "../eip/fixtures.ts";

// The lag bound's rule (lag.ts), pure: which reads stand, which are read again after the bound, and when.

const BOUND = 5_000;
const READ_AT = 100_000;
const base: Reading = { here: true, readAt: READ_AT, probe: false, boundMs: BOUND };
const young = (shown: boolean) => ({ at: READ_AT - 100, here: true, shown });
const old = (shown: boolean) => ({ at: READ_AT - 60_000, here: true, shown });
const released = (shown: boolean) => ({ at: READ_AT - 100, here: false, shown });
const OWN_END = READ_AT - 100 + BOUND;
const READ_END = READ_AT + BOUND;

describe("doubt: which read stands and which is confirmed after the lag bound", () => {
  it.each([
    // [what, reading, until (undefined: the read stands), the answer without a second read]
    ["a recurring monitor's 'here'", {}, undefined, undefined],
    ["a recurring 'here' showing a young own start", { own: young(true) }, undefined, undefined],
    ["a recurring 'here' that is not the young own start", { own: young(false) }, OWN_END, true],
    ["a probe's 'here' showing a young own start", { probe: true, own: young(true) }, undefined, undefined],
    ["a probe's 'here' with no own change", { probe: true }, READ_END, true],
    ["a probe's 'here' showing an old own start", { probe: true, own: old(true) }, READ_END, true],
    ["a probe's 'here' that is not the young own start", { probe: true, own: young(false) }, OWN_END, true],
    ["'not here' with nothing against it", { here: false }, undefined, undefined],
    ["'not here' beside an old own start", { here: false, own: old(false) }, undefined, undefined],
    ["'not here' beside a young own start", { here: false, own: young(false) }, OWN_END, true],
    [
      "a probe's 'not here' beside a young own start",
      { here: false, probe: true, own: young(false) },
      OWN_END,
      true,
    ],
    ["'not here' while a local witness says here", { here: false, localHere: "IMDSv2" }, READ_END, true],
    [
      "'not here' beside a young own start and a witness",
      { here: false, own: young(false), localHere: "w" },
      OWN_END,
      true,
    ],
    ["'here' beside a young own release", { own: released(false) }, OWN_END, false],
    ["a probe's 'here' beside a young own release", { probe: true, own: released(false) }, OWN_END, false],
    ["'not here' beside a young own release", { here: false, own: released(true) }, undefined, undefined],
    [
      "'not here' beside a young own release, a stale witness saying here",
      { here: false, own: released(true), localHere: "w" },
      undefined,
      undefined,
    ],
    ["a probe's 'here' with api_lag 0", { probe: true, boundMs: 0 }, undefined, undefined],
    [
      "'not here' beside a young own start with api_lag 0",
      { here: false, own: young(false), boundMs: 0 },
      undefined,
      undefined,
    ],
  ] as const)("%s: until %s, else here %s", (_, change, until, here) => {
    const d = doubt({ ...base, ...change });
    expect(d?.until).toBe(until);
    expect(d?.here).toBe(here);
  });

  it("says why, in words the log line carries", () => {
    expect(doubt({ ...base, here: false, own: young(false) })?.why).toBe(
      "this node's own change 100 ms before the read is inside api_lag 5 s",
    );
    expect(doubt({ ...base, own: released(false) })?.why).toBe(
      "this node's own release 100 ms before the read is inside api_lag 5 s",
    );
    expect(doubt({ ...base, here: false, localHere: "the IP is on eth0" })?.why).toBe("the IP is on eth0");
    expect(doubt({ ...base, probe: true })?.why).toBe(
      "a probe found it here and this node changed nothing inside api_lag 5 s",
    );
  });

  it.each([
    [0, 5_000, 4_999, true],
    [0, 5_000, 5_000, false],
    [0, 0, 0, false],
  ])("a change at %i with bound %i is inside it for a read at %i: %s", (at, bound, readAt, inside) => {
    expect(insideBound(at, bound, readAt)).toBe(inside);
  });
});

describe("confirm: one wait, one more read, inside the deadline", () => {
  const read = (value: string) => async () => value;

  it("waits until the doubt's end, then the second read is the answer", async () => {
    const time = fakeTime();
    const outcome = await confirm(
      { until: time.now() + 4_900, why: "", here: true },
      deadlineIn(18_000, time.now),
      time,
      read("B"),
    );
    expect(outcome).toEqual({ read: "B" });
    expect(time.slept).toEqual([4_900]);
  });

  it("a doubt already over: no wait, one more read", async () => {
    const time = fakeTime();
    expect(
      await confirm(
        { until: time.now() - 1, why: "", here: true },
        deadlineIn(18_000, time.now),
        time,
        read("B"),
      ),
    ).toEqual({
      read: "B",
    });
    expect(time.slept).toEqual([]);
  });

  it.each([
    [4_900 + READ_ROOM_MS, true],
    [4_900 + READ_ROOM_MS - 1, false],
  ])("with %i ms left for a 4900 ms wait it reads again: %s", async (left, reads) => {
    const time = fakeTime();
    const outcome = await confirm(
      { until: time.now() + 4_900, why: "", here: true },
      deadlineIn(left, time.now),
      time,
      read("B"),
    );
    expect("read" in outcome).toBe(reads);
    expect(time.slept).toEqual(reads ? [4_900] : []);
  });

  it("a second read that fails transiently leaves it unconfirmed, naming the failure", async () => {
    const time = fakeTime();
    const failing = async () => {
      throw new TransientError("gave up: Unavailable", {}, { reason: ErrorReasons.unavailable });
    };
    expect(
      await confirm({ until: time.now(), why: "", here: true }, deadlineIn(18_000, time.now), time, failing),
    ).toEqual({
      unconfirmed: "the confirming read failed: gave up: Unavailable",
    });
  });

  it("any other failure of the second read propagates", async () => {
    const time = fakeTime();
    const denied = new ConfigurationError("allocation id not found", {}, { reason: ErrorReasons.notFound });
    const failing = async () => {
      throw denied;
    };
    await expect(
      confirm({ until: time.now(), why: "", here: true }, deadlineIn(18_000, time.now), time, failing),
    ).rejects.toBe(denied);
  });
});
