// Deploy parameters are checked at package time (issue 30): a value that would break the controller, its IAM
// or its rules is refused before anything is deployed, in one line naming the parameter and what it accepts.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

interface Run {
  readonly code: number;
  readonly output: string;
}

/** `sls package` offline with `params`, into a folder of its own (a refusal comes before any bundling). */
function slsPackage(params: readonly string[]): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "eip-failover-params-"));
  const args = ["sls", "package", "--package", dir, ...params.flatMap((p) => ["--param", p])];
  return new Promise((resolve) => {
    execFile(
      "npx",
      args,
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: "testing",
          AWS_SECRET_ACCESS_KEY: "testing",
          SLS_TELEMETRY_DISABLED: "1",
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

// Each validating source serverless.yml loads (functions/stack/params.cjs, node-roles.cjs, notices.cjs) once per
// parameter it checks, through the real `sls package`: the wiring, and a refusal that reaches the operator as one
// line with no trace. Every other bad value is in those sources' unit tests (test/unit/functions/stack/), which
// call the same code without a 3-5 s Serverless start each.
describe("sls package refuses a bad deploy parameter in one line, with no stack trace", () => {
  it.each([
    ["dryRun=maybe", "dryRun: 'maybe' is not valid (expected true or false)"],
    ["configPath=noslash", "configPath: 'noslash' is not valid (expected an SSM path: /, then segments"],
    ["clusters=web,w-eb", "clusters: 'web' and 'w-eb' would share the role NodeRoleWeb"],
    ["notify=not-an-email", "notify: 'not-an-email' is neither an e-mail address nor an SNS topic ARN"],
    [
      "sweepSchedule=often",
      "sweepSchedule: 'often' is not valid (expected an EventBridge schedule expression",
    ],
  ])("--param %s", async (param, message) => {
    // Act
    const run = await slsPackage([param]);
    // Assess
    expect(run.code).not.toBe(0);
    const lines = run.output.split("\n").filter((l) => l.includes(message));
    expect(lines, run.output).toHaveLength(1);
    expect(run.output).not.toMatch(/^\s+at /m);
  });
});
