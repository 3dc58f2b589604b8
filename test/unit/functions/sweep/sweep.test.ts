import { describe, expect, it } from "vitest";
import { sweepTrigger } from "../../../../functions/sweep/sweep.ts";

describe("sweepTrigger: what invoked the sweep", () => {
  it.each([
    [{ source: "aws.events", "detail-type": "Scheduled Event" }, "schedule"],
    [{ source: "aws.ssm", "detail-type": "Parameter Store Change" }, "document-change"],
    [{ source: "aws.ec2", "detail-type": "EC2 Instance State-change Notification" }, "ignored"],
    [null, "ignored"],
    ["x", "ignored"],
  ])("%j → %s", (event, expected) => {
    expect(sweepTrigger(event)).toBe(expected);
  });
});
