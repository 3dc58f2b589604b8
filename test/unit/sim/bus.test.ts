import { describe, expect, it } from "vitest";
import { type BusEntry, createBus, putEventsEntries } from "../../../sim/bus.ts";

const body = JSON.stringify({
  Entries: [
    {
      Source: "eip-failover",
      DetailType: "EIP Failover Moved",
      Detail: '{"cluster":"web"}',
      EventBusName: "default",
    },
    { Source: "other", DetailType: "Thing", Detail: "not json" },
  ],
});

describe("the sim's bus (EventBridge routing of PutEvents)", () => {
  it("reads each PutEvents entry: bus (default when unnamed), source, detail-type, parsed detail, caller, time", () => {
    expect(putEventsEntries(body, "lambda", 42)).toEqual([
      {
        bus: "default",
        source: "eip-failover",
        detailType: "EIP Failover Moved",
        detail: { cluster: "web" },
        client: "lambda",
        time: 42,
      },
      {
        bus: "default",
        source: "other",
        detailType: "Thing",
        detail: "not json",
        client: "lambda",
        time: 42,
      },
    ]);
    expect(putEventsEntries("{oops", "lambda", 42)).toEqual([]);
  });

  it("keeps entries in order, filters by source, tells subscribers until they stop, and clears", () => {
    // Prepare
    const bus = createBus();
    const heard: BusEntry[] = [];
    const stop = bus.subscribe((e) => heard.push(e));
    const [notice, other] = putEventsEntries(body, "lambda", 1);
    // Act
    bus.put([notice!, other!]);
    stop();
    bus.put([notice!]);
    // Assess
    expect(bus.entries().map((e) => e.source)).toEqual(["eip-failover", "other", "eip-failover"]);
    expect(bus.entries("eip-failover")).toHaveLength(2);
    expect(heard).toEqual([notice, other]);
    bus.clear();
    expect(bus.entries()).toEqual([]);
  });
});
