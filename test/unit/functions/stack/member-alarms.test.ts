import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

type Source = (ctx: { resolveVariable: (name: string) => Promise<unknown> }) => Promise<{
  Resources: Record<string, { Properties: { AlarmName: string } }>;
}>;
const memberAlarms = createRequire(import.meta.url)(
  "../../../../functions/stack/member-alarms.cjs",
) as Source;

const resolver = (members: string) => ({
  resolveVariable: async (name: string) =>
    name.startsWith("param:members") ? members : name === "self:custom.alarmPrefix" ? "eip-status-" : "",
});

describe("member-alarms.cjs (Serverless variable source)", () => {
  it("one StatusCheckFailed alarm per member, named with the prefix", async () => {
    const out = await memberAlarms(resolver("i-0123456789abcdef0, i-0123abcd"));
    expect(Object.values(out.Resources).map((r) => r.Properties.AlarmName)).toEqual([
      "eip-status-i-0123456789abcdef0",
      "eip-status-i-0123abcd",
    ]);
  });

  it("refuses a malformed member with core's message, naming each bad value", async () => {
    await expect(memberAlarms(resolver("i-0123456789abcdef0,i-zz,eni-0123abcd"))).rejects.toThrow(
      "members: instance id malformed: 'i-zz' (expected e.g. i-0123456789abcdef0); instance id malformed: 'eni-0123abcd' (expected e.g. i-0123456789abcdef0)",
    );
  });
});
