import { describe, expect, it } from "vitest";
import { stillFailed } from "../../../../functions/decide/still-failed.ts";
import { asInvoked, isWhatIf } from "../../../../functions/event/what-if.ts";
import type { Deps } from "../../../../functions/types.ts";

const failure = { instanceId: "i-0aaaaaaaaaaaaaaaa", cause: "alarm", detail: "x", at: 0 } as const;
const deps = { dryRun: false } as Deps;

describe("a per-invocation dry run (what-if)", () => {
  it.each<[string, unknown, boolean]>([
    ['"dryRun": true at the top level', { source: "aws.cloudwatch", dryRun: true }, true],
    ['"dryRun": "true" (a string is not asked for)', { dryRun: "true" }, false],
    ['"dryRun": false', { dryRun: false }, false],
    ["an EventBridge envelope (never has the key)", { source: "aws.ec2", detail: { dryRun: true } }, false],
    ["null", null, false],
  ])("%s → %s", (_, event, expected) => {
    expect(isWhatIf(event)).toBe(expected);
  });

  it("a what-if runs dry and takes the failure as given; anything else runs as deployed", () => {
    // Act
    const what = asInvoked({ dryRun: true }, deps, failure);
    const real = asInvoked({}, deps, failure);
    // Assess
    expect(what.deps.dryRun).toBe(true);
    expect(what.failure).toEqual({ ...failure, assumed: true });
    expect(real.deps).toBe(deps);
    expect(real.failure).toBe(failure);
  });

  it("an assumed failure is still failed though the instance runs with checks ok; a real one has recovered", () => {
    const healthy = {
      instanceId: failure.instanceId,
      state: "running",
      statusOk: true,
      availabilityZone: "ap-northeast-1a",
    } as const;
    expect(stillFailed({ ...failure, assumed: true }, healthy)).toEqual({ failed: true });
    expect(stillFailed(failure, healthy)).toMatchObject({ failed: false });
  });
});
