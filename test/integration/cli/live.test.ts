// `status` and `doctor` look at the real account by default (issue 30): here a "real account" is the sim,
// reached only through the SDK's own settings (AWS_ENDPOINT_URL, AWS_REGION, keys in the environment), exactly
// as an operator's shell would reach AWS; and no account at all when the chain finds no credentials.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../../cli/doctor/types.ts";
import { deployClassic } from "../../../cli/embedded.ts";
import { REGION } from "../../../sim/constants.ts";
import { useRegion } from "../../support/region.ts";
import { jsonOf, runCli } from "./run-cli.ts";

/** An environment with no credential anywhere the standard chain looks (no keys, no profile, no IMDS). */
function bareEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), "eip-failover-nocreds-"));
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_REGION: REGION,
  };
}

describe("status and doctor with no credentials and no --embedded", () => {
  it.each([["status"], ["doctor"]])(
    "%s: exit 1, one line saying there are no credentials, no cluster described",
    async (name) => {
      // Act
      const run = await runCli([name], bareEnv());
      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        `eip-failover ${name} failed: no AWS credentials found by the standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, an instance role): nothing was looked at (--embedded looks at the embedded region instead)\n`,
      );
    },
  );
});

describe("status and doctor on an account reached through the SDK's endpoint settings", () => {
  const sim = useRegion({ resetEach: false });
  const accountEnv = () => ({
    ...bareEnv(),
    AWS_ACCESS_KEY_ID: "operator",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_ENDPOINT_URL: sim.region.proxy.endpoint,
  });
  beforeAll(() => deployClassic(sim.region));

  it("status: the first line names the account, Region and stack; --json carries them as source", async () => {
    // Act
    const [text, json] = await Promise.all([
      runCli(["status"], accountEnv()),
      runCli(["status", "--json"], accountEnv()),
    ]);
    // Assess
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split("\n")[0]).toBe(
      `looked at: account 123456789012, Region ${REGION}, stack eip-failover-dev`,
    );
    expect(jsonOf<{ source: unknown }>(json)?.source).toEqual({
      kind: "account",
      account: "123456789012",
      region: REGION,
      stack: "eip-failover-dev",
    });
  });

  it("doctor: every client, SQS included, goes to AWS_ENDPOINT_URL, not to the queue URL's host", async () => {
    // Act
    const run = await runCli(["doctor", "--json"], accountEnv());
    // Assess
    const report = jsonOf<{ source: { kind: string }; checks: CheckResult[] }>(run);
    expect(report?.source.kind, run.stderr).toBe("account");
    const checks = report?.checks ?? [];
    expect(checks.filter((c) => c.unknown !== undefined)).toEqual([]);
    expect(checks.find((c) => c.id === "stack.dead-letters")).toMatchObject({
      ok: true,
      what: "the dead-letter queue is empty",
    });
    // Every check but the controller's self-check (moto runs no Lambda code) passes on a correct deployment.
    expect(checks.filter((c) => !c.ok && c.id !== "controller.self-check")).toEqual([]);
  });

  it("doctor: an endpoint that answers nothing marks the checks unknown, one line each, and exits 1", async () => {
    // Act: SQS alone goes to a port nothing listens on (the service-specific setting wins for it)
    const run = await runCli(["doctor"], { ...accountEnv(), AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:9" });
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\? the stack has its dead-letter queue\n {4}unknown: GetQueueAttributes/m);
    expect(run.stdout).toContain("✓ member ");
    expect(run.stdout).not.toMatch(/getaddrinfo|sqs\.ap-northeast-1\.amazonaws\.com/);
  });
});
