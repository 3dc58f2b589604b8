import { describe, expect, it } from "vitest";
import { DRILL_OPTIONS } from "../../../cli/drill/args.ts";
import { main, wantsColour } from "../../../cli/main.ts";
import { CLUSTER_OPTIONS } from "../../../cli/status/args.ts";
import type { Io } from "../../../cli/types.ts";

/** An Io that keeps what the command wrote. */
function captured(): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    isTty: false,
    colour: false,
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

describe("eip-failover (the dispatch, before any region starts)", () => {
  it.each([["--help"], ["-h"], ["help"]])(
    "%s prints every command and the exit codes, exit 0",
    async (flag) => {
      const io = captured();
      expect(await main([flag], io)).toBe(0);
      expect(io.out).toMatch(/^usage: eip-failover <command>/);
      for (const name of ["status", "doctor", "drill"]) expect(io.out).toContain(`  ${name}  `);
      expect(io.out).toContain("2  a bad command line");
      expect(io.err).toBe("");
    },
  );

  it.each([
    [[], "eip-failover: no command given (valid: status, doctor, drill, history, pause, resume, dlq, move)"],
    [
      ["meteor"],
      "eip-failover: unknown command 'meteor' (valid: status, doctor, drill, history, pause, resume, dlq, move)",
    ],
    [
      ["drill", "--scenario", "meteor"],
      "eip-failover drill: --scenario 'meteor' is not valid (valid: instance-stop,",
    ],
    [["status", "--bogus"], "eip-failover status: Unknown option '--bogus'"],
    [
      ["history", "--since", "yesterday"],
      "eip-failover history: --since 'yesterday' is not valid (expected a duration",
    ],
    [
      ["status", "--cluster", "web/prod"],
      "eip-failover status: --cluster 'web/prod' is not valid (expected a cluster name",
    ],
  ])("%j → exit 2: one line naming the value and what is valid, then the hint", async (argv, message) => {
    const io = captured();
    expect(await main(argv, io)).toBe(2);
    const [line, hint, ...rest] = io.err.split("\n");
    expect(line).toContain(message);
    expect(hint).toBe(argv.length > 1 ? `try eip-failover ${argv[0]} --help` : "try eip-failover --help");
    expect(rest).toEqual([""]);
    expect(io.out).toBe("");
  });

  it.each([["status"], ["doctor"], ["drill"]])(
    "%s --help documents --json and the exit codes, exit 0",
    async (name) => {
      const io = captured();
      expect(await main([name, "--help"], io)).toBe(0);
      expect(io.out).toContain(`usage: eip-failover ${name}`);
      expect(io.out).toContain("--json");
      expect(io.out).toContain("exit codes:");
    },
  );

  it.each([
    ["status", CLUSTER_OPTIONS],
    ["doctor", CLUSTER_OPTIONS],
    ["drill", DRILL_OPTIONS],
  ])("%s --help lists every flag it accepts", async (name, options) => {
    const io = captured();
    await main([name, "--help"], io);
    const missing = Object.keys(options).filter((flag) => !io.out.includes(`--${flag}`));
    expect(missing).toEqual([]);
  });

  it.each([
    [true, {}, true],
    [true, { NO_COLOR: "1" }, false],
    [true, { NO_COLOR: "" }, true],
    [false, {}, false],
  ])("colour on a terminal %s with %j: %s (no-color.org)", (isTty, env, colour) => {
    expect(wantsColour(isTty, env)).toBe(colour);
  });
});
