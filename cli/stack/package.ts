// The stack the embedded region deploys is the one `sls package` writes (serverless.yml with its generated parts in
// functions/stack/), not a copy of it. Packaging costs several seconds of CPU, and every `eip-failover --embedded`
// process and many integration tests build an embedded region, so the output is packaged once and kept under
// .tmp/stack/<key>/, where the key is a hash of what the template is made from: serverless.yml, package.json (osls
// and its plugin's versions), every file of functions/stack/, and the parameters passed. A change to any of them
// packages again on next use; nothing else does. The Lambda's code is deliberately not in the key: the embedded
// region never runs the uploaded zip (its controller runs in-process, from the source), so a code change would only
// re-package for a zip nobody executes. The zip and the template's AWS::Lambda::Version ids therefore follow the code
// as of the last packaging.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../harness/index.ts";
import { withSlsLock } from "./sls-lock.ts";

/** What sls package writes into its output folder: the two templates `sls deploy` sends, in order, and the zip. */
export const PackageFiles = {
  createTemplate: "cloudformation-template-create-stack.json",
  updateTemplate: "cloudformation-template-update-stack.json",
} as const;

/** The files (relative to the project) a packaging's key is made from, besides everything in functions/stack/. */
export const KEY_FILES = ["serverless.yml", "package.json"] as const;
/** The folder of serverless.yml's generated parts: every file in it is in the key. */
export const KEY_FOLDER = "functions/stack";
/** Where packagings are kept, one folder per key. */
export const CACHE_FOLDER = ".tmp/stack";

/** The `--param` values a packaging is made with, by name (serverless.yml `params`), e.g. `{ clusters: "web" }`. */
export type StackParams = Readonly<Record<string, string>>;

/** A CloudFormation template, as much of it as the embedded deployment reads. */
export interface Template {
  readonly Resources: Readonly<
    Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>
  >;
  readonly Outputs?: Readonly<Record<string, unknown>>;
}

/** One packaging of the stack: its folder and the two templates in it. */
export interface PackagedStack {
  readonly dir: string;
  /** The deployment bucket alone: what `sls deploy` creates the stack with before it uploads the code. */
  readonly createTemplate: Template;
  /** The whole stack, its functions' code in that bucket: what `sls deploy` updates the stack to. */
  readonly updateTemplate: Template;
}

/** The file system and the packager, injectable so a test can drive the cache without either. */
export interface PackageIo {
  /** A file's text; undefined when there is none. */
  readText(path: string): string | undefined;
  listDir(path: string): readonly string[];
  exists(path: string): boolean;
  rename(from: string, to: string): void;
  remove(path: string): void;
  /** Runs `sls package --package <dir>` with each of `params` as `--param name=value`, in the project. */
  slsPackage(dir: string, params: StackParams): Promise<void>;
  /** Runs `work` alone among the project's packagings (sls-lock.ts). */
  lock<T>(work: () => Promise<T>): Promise<T>;
}

/** `--param name=value` for each parameter, in name order. */
export const paramArgs = (params: StackParams): string[] =>
  Object.keys(params)
    .sort()
    .flatMap((name) => ["--param", `${name}=${params[name]}`]);

/** osls's command, run by this Node (no npx: it would cost a second process and a registry lookup). */
function slsBin(): string {
  try {
    return createRequire(import.meta.url).resolve("osls/bin/serverless.js");
  } catch (error) {
    throw new Error(
      "the embedded region deploys the stack `sls package` writes, and osls (a dev dependency) is not installed: run npm ci",
      { cause: error },
    );
  }
}

/** The real file system and osls. */
export const nodePackageIo: PackageIo = {
  readText: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
  listDir: (path) => readdirSync(path),
  exists: existsSync,
  rename: renameSync,
  remove: (path) => rmSync(path, { recursive: true, force: true }),
  async slsPackage(dir, params) {
    await promisify(execFile)(
      process.execPath,
      [slsBin(), "package", "--package", dir, ...paramArgs(params)],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: "testing",
          AWS_SECRET_ACCESS_KEY: "testing",
          SLS_TELEMETRY_DISABLED: "1",
        },
        timeout: 180_000,
      },
    );
  },
  lock: withSlsLock,
};

/**
 * The cache key of a packaging with `params`: a hash of {@link KEY_FILES}, every file of {@link KEY_FOLDER} (in
 * name order) and the parameters.
 *
 * @example
 * packageKey(nodePackageIo, ROOT, { clusters: "web" }) // "3f9a0c…" (16 hex digits)
 */
export function packageKey(io: PackageIo, root: string, params: StackParams): string {
  const hash = createHash("sha256");
  const files = [
    ...KEY_FILES,
    ...[...io.listDir(join(root, KEY_FOLDER))].sort().map((f) => `${KEY_FOLDER}/${f}`),
  ];
  for (const file of files) hash.update(`${file}\0${io.readText(join(root, file)) ?? ""}\0`);
  hash.update(JSON.stringify(paramArgs(params)));
  return hash.digest("hex").slice(0, 16);
}

function load(io: PackageIo, dir: string): PackagedStack {
  const read = (name: string) => {
    const text = io.readText(join(dir, name));
    if (text === undefined) throw new Error(`packaged stack ${dir} has no ${name}`);
    return JSON.parse(text) as Template;
  };
  return {
    dir,
    createTemplate: read(PackageFiles.createTemplate),
    updateTemplate: read(PackageFiles.updateTemplate),
  };
}

/**
 * The stack `sls package` writes with `params`, from the cache when its key's folder holds it, packaged into it
 * otherwise (one process packages, under the lock; the others wait and read what it wrote). `note` is told before
 * a packaging starts.
 *
 * @example
 * const stack = await packagedStack({ clusters: "web" });
 * stack.updateTemplate.Resources.FailoverDecisions.Type // "AWS::SQS::Queue"
 */
export async function packagedStack(
  params: StackParams,
  options: { io?: PackageIo; root?: string; note?: (text: string) => void } = {},
): Promise<PackagedStack> {
  const { io = nodePackageIo, root = ROOT, note = () => {} } = options;
  const dir = join(root, CACHE_FOLDER, packageKey(io, root, params));
  const ready = () => io.exists(join(dir, PackageFiles.updateTemplate));
  if (!ready())
    await io.lock(async () => {
      if (ready()) return;
      note(`packaging the stack (sls package ${paramArgs(params).join(" ")}) into ${dir}, once`);
      const partial = `${dir}.partial`;
      io.remove(partial);
      await io.slsPackage(partial, params);
      io.remove(dir);
      io.rename(partial, dir);
    });
  return load(io, dir);
}
