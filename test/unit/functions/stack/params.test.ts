import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

type Params = { configPath: string; dryRun: string; sweepSchedule: string };
type Source = (ctx: { resolveVariable: (name: string) => Promise<unknown> }) => Promise<Params>;
const params = createRequire(import.meta.url)("../../../../functions/stack/params.cjs") as Source;

/** serverless.yml's defaults, with `over` in place of some. */
const resolve = (over: Partial<Params>) => {
  const values: Params = {
    configPath: "/eip-failover/clusters",
    dryRun: "false",
    sweepSchedule: "rate(1 minute)",
    ...over,
  };
  return params({ resolveVariable: async (name) => values[name.slice("param:".length) as keyof Params] });
};

describe("params.cjs (Serverless variable source): the plain deploy parameters, checked", () => {
  it.each<Partial<Params>>([
    {},
    { dryRun: "true" },
    { configPath: "/a" },
    { configPath: "/team-1/eip_failover/clusters.v2" },
    { sweepSchedule: "rate(5 minutes)" },
    { sweepSchedule: "rate(1 hour)" },
    { sweepSchedule: "cron(0/5 * * * ? *)" },
  ])("accepts %j as it is", async (over) => {
    await expect(resolve(over)).resolves.toMatchObject(over);
  });

  it.each<[Partial<Params>, string]>([
    [{ dryRun: "maybe" }, "dryRun: 'maybe' is not valid (expected true or false)"],
    [{ dryRun: "" }, "dryRun: '' is not valid (expected true or false)"],
    [{ dryRun: "TRUE" }, "dryRun: 'TRUE' is not valid (expected true or false)"],
    [{ configPath: "/eip-failover/clusters/" }, "configPath: '/eip-failover/clusters/' is not valid"],
    [{ configPath: "/aws/clusters" }, "configPath: '/aws/clusters' is not valid"],
    [
      { sweepSchedule: "often" },
      "sweepSchedule: 'often' is not valid (expected an EventBridge schedule expression",
    ],
    [{ sweepSchedule: "rate(1 minutes)" }, "sweepSchedule: 'rate(1 minutes)' is not valid"],
    [{ configPath: "noslash" }, "configPath: 'noslash' is not valid (expected an SSM path"],
    [{ configPath: "/a//b" }, "configPath: '/a//b' is not valid"],
    [{ configPath: "/a b" }, "configPath: '/a b' is not valid"],
    [{ configPath: "/ssm/x" }, "configPath: '/ssm/x' is not valid"],
    [{ sweepSchedule: "rate(0 minutes)" }, "sweepSchedule: 'rate(0 minutes)' is not valid"],
    [{ sweepSchedule: "rate(2 minute)" }, "sweepSchedule: 'rate(2 minute)' is not valid"],
    [
      { sweepSchedule: "every minute" },
      "sweepSchedule: 'every minute' is not valid (expected an EventBridge",
    ],
  ])("refuses %j in one line, naming it and what it accepts, with no trace", async (over, message) => {
    const error = await resolve(over).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("\n");
    expect((error as Error).stack).toBe((error as Error).message);
  });
});
