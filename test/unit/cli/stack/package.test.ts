import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CACHE_FOLDER,
  PackageFiles,
  type PackageIo,
  packagedStack,
  packageKey,
  paramArgs,
  type StackParams,
} from "../../../../cli/stack/package.ts";

const ROOT = "/repo";
const template = (id: string) => JSON.stringify({ Resources: { [id]: { Type: "AWS::SQS::Queue" } } });

/** A project in memory, and an `sls package` that writes both templates and records each run. */
function fakeProject(files: Record<string, string> = {}) {
  const fs = new Map<string, string>(
    Object.entries({
      "serverless.yml": "service: eip-failover",
      "package.json": "{}",
      "functions/stack/node-roles.cjs": "roles",
      "functions/stack/decisions.yml": "queue",
      "functions/handler.ts": "code",
      ...files,
    }).map(([path, text]) => [join(ROOT, path), text]),
  );
  const runs: { dir: string; params: StackParams }[] = [];
  let beforeLock: () => void = () => {};
  const io: PackageIo = {
    readText: (path) => fs.get(path),
    listDir: (path) => [...fs.keys()].filter((p) => dirname(p) === path).map((p) => p.slice(path.length + 1)),
    exists: (path) => fs.has(path) || [...fs.keys()].some((p) => p.startsWith(`${path}/`)),
    rename(from, to) {
      for (const [path, text] of [...fs]) {
        if (!path.startsWith(`${from}/`)) continue;
        fs.delete(path);
        fs.set(to + path.slice(from.length), text);
      }
    },
    remove(path) {
      for (const p of [...fs.keys()]) if (p === path || p.startsWith(`${path}/`)) fs.delete(p);
    },
    async slsPackage(dir, params) {
      runs.push({ dir, params });
      fs.set(join(dir, PackageFiles.createTemplate), template("ServerlessDeploymentBucket"));
      fs.set(join(dir, PackageFiles.updateTemplate), template(`Run${runs.length}`));
    },
    async lock(work) {
      beforeLock();
      return work();
    },
  };
  return {
    io,
    runs,
    write: (path: string, text: string) => fs.set(join(ROOT, path), text),
    /** Another process packages while this one waits for the lock. */
    packageMeanwhile: (params: StackParams) => {
      beforeLock = () => {
        const dir = join(ROOT, CACHE_FOLDER, packageKey(io, ROOT, params));
        fs.set(join(dir, PackageFiles.createTemplate), template("ServerlessDeploymentBucket"));
        fs.set(join(dir, PackageFiles.updateTemplate), template("Theirs"));
      };
    },
  };
}

const WEB = { clusters: "web" };

describe("the packaged stack's cache: sls package once per key, the cached output otherwise", () => {
  it("packages on first use into a partial folder, then moves it to the key's folder", async () => {
    // Prepare
    const project = fakeProject();
    // Act
    const stack = await packagedStack(WEB, { io: project.io, root: ROOT });
    // Assess
    const dir = join(ROOT, CACHE_FOLDER, packageKey(project.io, ROOT, WEB));
    expect(project.runs).toEqual([{ dir: `${dir}.partial`, params: WEB }]);
    expect(stack.dir).toBe(dir);
    expect(Object.keys(stack.updateTemplate.Resources)).toEqual(["Run1"]);
    expect(Object.keys(stack.createTemplate.Resources)).toEqual(["ServerlessDeploymentBucket"]);
  });

  it("reuses the cached output while nothing in the key changed, the Lambda's code included", async () => {
    // Prepare
    const project = fakeProject();
    await packagedStack(WEB, { io: project.io, root: ROOT });
    project.write("functions/handler.ts", "other code");
    // Act
    const again = await packagedStack(WEB, { io: project.io, root: ROOT });
    // Assess
    expect(project.runs).toHaveLength(1);
    expect(Object.keys(again.updateTemplate.Resources)).toEqual(["Run1"]);
  });

  it.each<[string, Record<string, string>, StackParams]>([
    ["serverless.yml", { "serverless.yml": "service: other" }, WEB],
    ["package.json", { "package.json": '{"osls":"5"}' }, WEB],
    ["a file of functions/stack/", { "functions/stack/decisions.yml": "queue 2" }, WEB],
    ["a new file in functions/stack/", { "functions/stack/new.cjs": "x" }, WEB],
    ["the clusters parameter", {}, { clusters: "web,db" }],
    ["another parameter", {}, { ...WEB, notify: "ops@example.com" }],
  ])("packages again when %s changes", async (_what, changed, params) => {
    // Prepare
    const project = fakeProject();
    await packagedStack(WEB, { io: project.io, root: ROOT });
    for (const [path, text] of Object.entries(changed)) project.write(path, text);
    // Act
    const again = await packagedStack(params, { io: project.io, root: ROOT });
    // Assess
    expect(project.runs.map((r) => r.params)).toEqual([WEB, params]);
    expect(Object.keys(again.updateTemplate.Resources)).toEqual(["Run2"]);
  });

  it("reads what another process packaged while it waited for the lock, without packaging", async () => {
    // Prepare
    const project = fakeProject();
    project.packageMeanwhile(WEB);
    const notes: string[] = [];
    // Act
    const stack = await packagedStack(WEB, { io: project.io, root: ROOT, note: (t) => notes.push(t) });
    // Assess
    expect(project.runs).toEqual([]);
    expect(notes).toEqual([]);
    expect(Object.keys(stack.updateTemplate.Resources)).toEqual(["Theirs"]);
  });

  it("says so before it packages", async () => {
    // Prepare
    const project = fakeProject();
    const notes: string[] = [];
    // Act
    await packagedStack(WEB, { io: project.io, root: ROOT, note: (t) => notes.push(t) });
    // Assess
    expect(notes).toEqual([
      expect.stringMatching(/^packaging the stack \(sls package --param clusters=web\)/),
    ]);
  });

  it("passes the parameters in name order, so their order in the caller does not change the key", () => {
    // Prepare
    const project = fakeProject();
    // Act
    const args = paramArgs({ notify: "a@b.c", clusters: "web" });
    // Assess
    expect(args).toEqual(["--param", "clusters=web", "--param", "notify=a@b.c"]);
    expect(packageKey(project.io, ROOT, { notify: "a@b.c", clusters: "web" })).toBe(
      packageKey(project.io, ROOT, { clusters: "web", notify: "a@b.c" }),
    );
  });
});
