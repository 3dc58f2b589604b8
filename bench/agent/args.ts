import { resolve } from "node:path";
import { parseArgs } from "node:util";

/** The options the agent benches share: how many runs, awseip's api_delay, where the table goes, and the re-run marker. */
export interface AgentBenchArgs {
  readonly runs: number;
  /** awseip's sleep after each change, in seconds. */
  readonly apiDelay: number;
  /** The results file, absolute. */
  readonly out: string;
  /** True in the re-run inside the bench's network namespace (netns.ts). */
  readonly inside: boolean;
}

/**
 * `--runs N --api-delay S --out FILE [--inside]` with `name`'s defaults; a bad value is one line naming it and
 * what is valid, then exit 2.
 */
export function agentBenchArgs(name: string, defaults: { runs: number; out: string }): AgentBenchArgs {
  const usage = `expected e.g. --runs ${defaults.runs} --api-delay 3 [--out FILE]`;
  const refuse = (why: string): never => {
    process.stderr.write(`${name}: ${why} (${usage})\n`);
    process.exit(2);
  };
  let values: { runs: string; "api-delay": string; out: string; inside: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        runs: { type: "string", default: String(defaults.runs) },
        "api-delay": { type: "string", default: "3" },
        out: { type: "string", default: defaults.out },
        inside: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    // node:util's own words for an unknown or valueless option, on one line, instead of its stack.
    return refuse(String((error as Error).message).split("\n")[0] ?? "bad options");
  }
  const runs = Number(values.runs);
  const apiDelay = Number(values["api-delay"]);
  if (!Number.isInteger(runs) || runs < 1 || runs > 1000 || !Number.isInteger(apiDelay) || apiDelay < 0)
    refuse(`--runs '${values.runs}' / --api-delay '${values["api-delay"]}' not valid`);
  return { runs, apiDelay, out: resolve(values.out), inside: values.inside };
}

/** The arguments that give the re-run inside the namespace (netns.ts) these same options. */
export function agentBenchArgv(args: AgentBenchArgs): string[] {
  return ["--runs", String(args.runs), "--api-delay", String(args.apiDelay), "--out", args.out];
}
