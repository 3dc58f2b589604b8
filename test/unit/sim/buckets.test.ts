import { describe, expect, it } from "vitest";
import { DOCUMENTED_TABLES, scaledTables, sharedTables } from "../../../sim/buckets.ts";

describe("the documented buckets", () => {
  it.each([
    // table, bucket, capacity, refill per second: AWS's "Request throttling for the Amazon EC2 API"
    ["request", "nonMutating", 100, 20],
    ["request", "unfilteredDescribe", 50, 10],
    ["request", "mutating", 50, 5],
    ["request", "resourceIntensive", 50, 5],
    ["request", "RunInstances", 5, 2],
    ["request", "StartInstances", 5, 2],
    ["request", "TerminateInstances", 100, 5],
    ["request", "CreateTags", 100, 10],
    ["resource", "RunInstances", 1000, 2],
    ["resource", "TerminateInstances", 1000, 20],
    ["resource", "StartInstances", 1000, 2],
    ["resource", "StopInstances", 1000, 20],
  ] as const)("%s bucket %s: %i burst, %i per second", (table, name, capacity, refill) => {
    expect(DOCUMENTED_TABLES[table][name]).toEqual({ capacity, refillPerSecond: refill });
  });

  it("StopInstances has no request bucket of its own (it draws from the mutating one)", () => {
    expect(DOCUMENTED_TABLES.request.StopInstances).toBeUndefined();
  });
});

describe("scaledTables", () => {
  it("scales capacity and refill together, in both tables, a capacity staying at least 1", () => {
    const scaled = scaledTables(0.1);
    expect(scaled.request.mutating).toEqual({ capacity: 5, refillPerSecond: 0.5 });
    expect(scaled.resource.StopInstances).toEqual({ capacity: 100, refillPerSecond: 2 });
    expect(scaledTables(0.01).request.RunInstances).toEqual({ capacity: 1, refillPerSecond: 0.02 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("a factor of %s is refused, naming it", (factor) => {
    expect(() => scaledTables(factor)).toThrow(`throttle factor must be a number above 0, got ${factor}`);
  });
});

describe("sharedTables", () => {
  it("leaves (1 − share) of every bucket, capacity and refill, a capacity staying at least 1", () => {
    const left = sharedTables(DOCUMENTED_TABLES, 0.5);
    expect(left.request.mutating).toEqual({ capacity: 25, refillPerSecond: 2.5 });
    expect(left.request.nonMutating).toEqual({ capacity: 50, refillPerSecond: 10 });
    expect(left.resource.StopInstances).toEqual({ capacity: 500, refillPerSecond: 10 });
    expect(sharedTables(scaledTables(0.01), 0.5).request.RunInstances).toEqual({
      capacity: 1,
      refillPerSecond: 0.01,
    });
  });

  it("a share of 0 leaves every bucket as it was", () => {
    expect(sharedTables(DOCUMENTED_TABLES, 0)).toEqual(DOCUMENTED_TABLES);
  });

  it.each([-0.1, 1, 1.5, Number.NaN])("a share of %s is refused, naming it", (share) => {
    expect(() => sharedTables(DOCUMENTED_TABLES, share)).toThrow(
      `othersShare must be at least 0 and below 1, got ${share}`,
    );
  });
});
