import { describe, expect, it } from "vitest";
import { impairStatuses } from "../../../sim/status-checks.ts";

// moto's DescribeInstanceStatus answer for a running and a stopped instance, as it sends it.
const item = (id: string, state: string, status: string, detail: string) =>
  `<item><availabilityZone>ap-northeast-1a</availabilityZone><instanceId>${id}</instanceId><instanceState><code>16</code><name>${state}</name></instanceState><instanceStatus><details><item><name>reachability</name><status>${detail}</status></item></details><status>${status}</status></instanceStatus><systemStatus><details><item><name>reachability</name><status>${detail}</status></item></details><status>${status}</status></systemStatus></item>`;
const answer = (...items: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<DescribeInstanceStatusResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><instanceStatusSet>${items.join("")}</instanceStatusSet><requestId>r</requestId></DescribeInstanceStatusResponse>`;

const SINCE = Date.parse("2026-11-30T04:00:00Z");

describe("impairStatuses: what EC2 reports while an instance fails its status check", () => {
  it("fails the instance check of a marked running instance, dated as EC2 dates it, and leaves the rest alone", () => {
    const xml = answer(item("i-a", "running", "ok", "passed"), item("i-b", "running", "ok", "passed"));
    expect(impairStatuses(xml, new Map([["i-a", SINCE]]))).toBe(
      answer(
        item("i-a", "running", "ok", "passed").replace(
          "<instanceStatus><details><item><name>reachability</name><status>passed</status></item></details><status>ok</status>",
          "<instanceStatus><details><item><name>reachability</name><status>failed</status><impairedSince>2026-11-30T04:00:00.000Z</impairedSince></item></details><status>impaired</status>",
        ),
        item("i-b", "running", "ok", "passed"),
      ),
    );
  });

  it("changes nothing for a stopped instance or when nothing is marked", () => {
    const xml = answer(item("i-a", "stopped", "not-applicable", "not-applicable"));
    expect(impairStatuses(xml, new Map([["i-a", SINCE]]))).toBe(xml);
    expect(impairStatuses(answer(item("i-a", "running", "ok", "passed")), new Map())).toBe(
      answer(item("i-a", "running", "ok", "passed")),
    );
  });
});
