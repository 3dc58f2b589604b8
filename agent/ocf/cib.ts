// Covered by test/unit/agent/ocf/cib.test.ts; under real Pacemaker by test/e2e/partition.test.ts (disabling vip) and
// test/e2e/overlay.test.ts (disabling the group), and under crm_resource --force-stop by
// test/integration/agent/pacemaker-tools.test.ts.

/** How long the CIB may take to answer before the agent takes the resource's target-role as not given (ms). */
export const CIB_TIMEOUT_MS = 3_000;

/** Runs a program and gives its stdout, or undefined when it fails, is missing or is late. */
export type ReadProgram = (
  file: string,
  args: readonly string[],
  timeoutMs: number,
) => Promise<string | undefined>;

// node:child_process is loaded only when a stop asks the CIB: with it come dgram, tty and process bindings that
// every probe and monitor would otherwise load at start (bench/RESULTS.md, issue 26).
const readProgram: ReadProgram = async (file, args, timeoutMs) => {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    execFile(file, [...args], { timeout: timeoutMs, encoding: "utf8" }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
};

/**
 * The resource's target-role as the CIB holds it now, its group's or clone's included (crm_resource reads the
 * effective meta attributes): pacemaker-execd (Pacemaker 2.1) passes a resource's meta attributes to the agent only
 * as the operation's (OCF_RESKEY_CRM_meta_timeout, …), never target-role, so a stop cannot tell a disable from a
 * move by its environment (crm_resource --force-stop does pass it: docs/pacemaker.md, step 5). `resource` is
 * OCF_RESOURCE_INSTANCE (a clone instance's ":N" is dropped). Undefined when it is not set, or there is no CIB to
 * ask (no cluster, crm_resource missing, no answer in time).
 *
 * @example
 * await cibTargetRole("vip") // "Stopped" after `pcs resource disable vip`
 */
export async function cibTargetRole(
  resource: string,
  run: ReadProgram = readProgram,
  timeoutMs = CIB_TIMEOUT_MS,
): Promise<string | undefined> {
  const id = resource.replace(/:\d+$/, "");
  const args = ["--resource", id, "--meta", "--get-parameter", "target-role", "--quiet"];
  const out = await run("crm_resource", args, timeoutMs);
  const value = out
    ?.split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  return value || undefined;
}
