import { describe, expect, it } from "vitest";
import { type ImdsAssociation, laggedAssociations } from "../../../sim/imds-associations.ts";

const ON = [{ publicIp: "203.0.113.10", privateIp: "10.0.0.20" }];

/** A source the test changes by hand, and a clock it moves by hand. */
function world(initial: readonly ImdsAssociation[] = []) {
  let current = initial;
  let now = 1_000;
  return {
    source: async (eni: string) => (eni === "eni-a" ? current : []),
    set: (next: readonly ImdsAssociation[]) => {
      current = next;
    },
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("laggedAssociations: IMDS's view of an interface's Elastic IPs", () => {
  it("without lag, shows moto's current associations", async () => {
    const w = world();
    const view = laggedAssociations(w.source, () => "eni-a", w.clock);
    expect(await view.read()).toEqual([]);
    w.set(ON);
    expect(await view.read()).toEqual(ON);
  });

  it("an association made shows only once the lag has passed since IMDS first noticed it", async () => {
    // Prepare
    const w = world();
    const view = laggedAssociations(w.source, () => "eni-a", w.clock, 5_000);
    expect(await view.read()).toEqual([]); // the first look is current
    // Act / Assess
    w.set(ON);
    expect(await view.read()).toEqual([]);
    w.advance(4_999);
    expect(await view.read()).toEqual([]);
    w.advance(1);
    expect(await view.read()).toEqual(ON);
  });

  it("a change noticed between asks (the watch) lags from when it was noticed, not from the next ask", async () => {
    // Prepare
    const w = world(ON);
    const view = laggedAssociations(w.source, () => "eni-a", w.clock, 5_000);
    expect(await view.read()).toEqual(ON);
    // Act: removed, noticed by a look between asks, then nobody asks for longer than the lag
    w.set([]);
    await view.notice();
    w.advance(5_000);
    // Assess: the first ask after the lag shows the change (unwatched, it would lag another 5 s)
    expect(await view.read()).toEqual([]);
  });

  it("notice before any ask or without lag times nothing: the first ask is current", async () => {
    const w = world(ON);
    const view = laggedAssociations(w.source, () => "eni-a", w.clock, 5_000);
    await view.notice();
    w.set([]);
    expect(await view.read()).toEqual([]);
    const exact = laggedAssociations(w.source, () => "eni-a", w.clock);
    expect(await exact.read()).toEqual([]);
    w.set(ON);
    await exact.notice();
    expect(await exact.read()).toEqual(ON);
  });

  it("without a look between asks, a change lags from the first ask that sees it", async () => {
    const w = world(ON);
    const view = laggedAssociations(w.source, () => "eni-a", w.clock, 5_000);
    expect(await view.read()).toEqual(ON);
    w.set([]);
    w.advance(60_000);
    expect(await view.read()).toEqual(ON);
    w.advance(5_000);
    expect(await view.read()).toEqual([]);
  });

  it("an association removed still shows until the lag has passed", async () => {
    const w = world(ON);
    const view = laggedAssociations(w.source, () => "eni-a", w.clock, 5_000);
    expect(await view.read()).toEqual(ON);
    w.set([]);
    expect(await view.read()).toEqual(ON);
    w.advance(5_000);
    expect(await view.read()).toEqual([]);
  });

  it("catchUp shows the truth at once; forget makes the next look current", async () => {
    const w = world();
    const view = laggedAssociations(w.source, () => "eni-a", w.clock, 60_000);
    expect(await view.read()).toEqual([]);
    w.set(ON);
    expect(await view.read()).toEqual([]);
    await view.catchUp();
    expect(await view.read()).toEqual(ON);
    w.set([]);
    view.forget();
    expect(await view.read()).toEqual([]);
  });

  it("setLag(0) ends the lag for what is pending", async () => {
    const w = world();
    const view = laggedAssociations(w.source, () => "eni-a", w.clock, 60_000);
    await view.read();
    w.set(ON);
    expect(await view.read()).toEqual([]);
    view.setLag(0);
    expect(await view.read()).toEqual(ON);
  });

  it("draws each change's lag from a range when it first notices the change", async () => {
    // Prepare: draws 0 then 0.99999 over 1–3 s: the association lags 1 s, its removal 3 s
    const w = world();
    const draws = [0, 0.99999];
    const view = laggedAssociations(
      w.source,
      () => "eni-a",
      w.clock,
      { minMs: 1_000, maxMs: 3_000 },
      () => draws.shift() ?? Number.NaN,
    );
    await view.read();
    // Act / Assess
    w.set(ON);
    expect(await view.read()).toEqual([]);
    w.advance(1_000);
    expect(await view.read()).toEqual(ON);
    w.set([]);
    expect(await view.read()).toEqual(ON);
    w.advance(2_999);
    expect(await view.read()).toEqual(ON);
    w.advance(1);
    expect(await view.read()).toEqual([]);
  });

  it("rejects a bad lag with one line naming it", () => {
    const w = world();
    expect(() => laggedAssociations(w.source, () => "eni-a", w.clock, -5)).toThrow(
      "lag minMs out of range: -5 (expected whole milliseconds, 0 or more)",
    );
  });
});
