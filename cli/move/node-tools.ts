// The node's own Pacemaker tools, run as a child process: the one place the move touches the cluster, so
// tests pass a fake.
import { execFile } from "node:child_process";

/** A finished command: its exit code and output. */
export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command line (no shell). */
export type Runner = (argv: readonly string[]) => Promise<Ran>;

/** Runs `argv` on this node; a command that cannot start answers code 127 with the reason. */
export const runOnNode: Runner = (argv) =>
  new Promise((resolve) => {
    execFile(argv[0] as string, argv.slice(1), { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 127) : 0;
      resolve({ code, stdout, stderr: stderr || (error && code === 127 ? error.message : "") });
    });
  });

/** Runs `argv` and answers its stdout; a non-zero exit throws naming the command and its first stderr line. */
export async function must(run: Runner, argv: readonly string[]): Promise<string> {
  const r = await run(argv);
  // With --output-as=xml, Pacemaker's tools write their errors into the XML on stdout, not to stderr.
  const xmlError = [...r.stdout.matchAll(/<error>([^<]*)<\/error>/g)].at(-1)?.[1];
  const why = r.stderr.trim().split("\n")[0] || xmlError || "(no message)";
  if (r.code !== 0) throw new Error(`${argv.join(" ")} exited ${r.code}: ${why}`);
  return r.stdout;
}
