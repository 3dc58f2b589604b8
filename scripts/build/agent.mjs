// The OCF agents: self-contained executables, dist/agent/eip and dist/agent/route, that Pacemaker runs on every
// monitor. scripts/agent-package/ turns the same two agents, as SEA_PARTS holds them, into one Node-free executable
// per architecture.
//
// Start-up dominates a monitor, so each file holds three bundles, each evaluated only when an action reaches it:
// - the light half (agent/eip/main.ts or agent/route/main.ts over agent/ocf/dispatch.ts: parameters, meta-data, usage,
//   syntax checks) as plain code, so meta-data, usage and validate-all at level 0 cost little more than Node's
//   own start;
// - the network half (run.ts beside it: identity, IMDSv2, the actions, core), for start/stop/monitor/status/
//   validate-all;
// - the SDK half (the AWS SDK and Smithy names the network half imports), evaluated on the first read of one of
//   those names, i.e. when an action calls the SDK's client. A recurring monitor answered by IMDSv2 never pays for
//   it (the SDK and the Node built-ins it pulls in, crypto, tls, https, zlib, were about two thirds of that
//   monitor's time), nor does eip's monitor that asks EC2 (agent/ocf/ec2-query.ts reads it without the SDK).
// The packaged executable keeps both halves as assets of its own instead (scripts/agent-package/executable.mjs).
// The two embedded halves are compiled through vm.Script with a V8 code cache kept under HA_RSCTMP: the first
// run compiles and writes the cache; later runs deserialize it. The cache is used only when it is ours (same
// uid, not writable by others) and V8 accepts it for this exact source; otherwise we compile.
// The EC2 schemas file keeps every shape alive through computed keys (`{ [_xN]: … }`) that esbuild must treat
// as impure; inlining those constant keys lets tree-shaking drop the ~2,000 shapes the agent never sends.
import { createHash } from "node:crypto";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { dirname } from "node:path";
import { build } from "esbuild";
import { NODE_MAJOR } from "../node24/check.mjs";
import { inlineSchemaKeys } from "../sdk-schema-keys.cjs";
import { SEA_PARTS } from "../sea-parts.mjs";

const RUN_ID = "agent:run";

export const common = {
  bundle: true,
  platform: "node",
  target: "node24",
  format: "cjs",
  minify: true,
  // dist-es of the SDK is split per module, so esbuild can drop what the agent never calls.
  mainFields: ["module", "main"],
  legalComments: "none",
  write: false,
};

/** Marks every package import (not a Node built-in, not a relative path) external: those go to the SDK half. */
const packagesExternal = {
  name: "packages-external",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      isBuiltin(args.path) || args.path === RUN_ID ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * The package names the network half imports, per package, read from an unminified build where esbuild writes
 * each as `import_x.Name`. A package reached any other way (a namespace or side-effect import) could not be
 * served lazily, so it fails the build rather than load eagerly without saying so.
 */
function importedNames(text) {
  const faces = {};
  const vars = new Map();
  for (const m of text.matchAll(/\b(?:var|const|let) (\w+) = require\("([^"]+)"\)/g))
    if (!isBuiltin(m[2])) vars.set(m[1], m[2]);
  for (const m of text.matchAll(/require\("([^"]+)"\)/g))
    if (!isBuiltin(m[1]) && ![...vars.values()].includes(m[1]))
      throw new Error(`agent build: ${m[1]} is required in a form the lazy SDK half cannot serve`);
  for (const [v, id] of vars) {
    if (!v.startsWith("import_"))
      throw new Error(`agent build: ${id} is imported as a namespace (${v}); import its names instead`);
    const names = new Set([...text.matchAll(new RegExp(`\\b${v}\\.(\\w+)`, "g"))].map((m) => m[1]));
    faces[id] = [...new Set([...(faces[id] ?? []), ...names])].sort();
  }
  return faces;
}

/** The network half without the SDK, and the SDK half exporting exactly the names the network half reads. */
async function networkParts(run) {
  const options = {
    ...common,
    entryPoints: [run],
    outfile: "run.cjs",
    supported: { "dynamic-import": false },
    plugins: [versionOnly, packagesExternal],
  };
  const plain = await build({ ...options, minify: false });
  const faces = importedNames(plain.outputFiles[0].text);
  const network = (await build(options)).outputFiles[0].text;
  let n = 0;
  const entry = Object.entries(faces).map(([id, names]) => {
    const local = names.map((name) => [name, `n${n++}`]);
    return {
      imports: `import { ${local.map(([name, as]) => `${name} as ${as}`).join(", ")} } from ${JSON.stringify(id)};`,
      face: `${JSON.stringify(id)}: { ${local.map(([name, as]) => `${name}: ${as}`).join(", ")} }`,
    };
  });
  const sdk = await build({
    ...common,
    stdin: {
      contents: `${entry.map((e) => e.imports).join("\n")}\nexport const faces = { ${entry.map((e) => e.face).join(", ")} };\n`,
      resolveDir: dirname(run),
      loader: "js",
    },
    outfile: "sdk.cjs",
    supported: { "dynamic-import": false },
    plugins: [inlineSchemaKeys],
  });
  return { network, sdk: sdk.outputFiles[0].text, faces };
}

const hashOf = (text) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/**
 * Agent `name`'s executable: the light half, with the network and SDK halves embedded as strings, or, for the
 * packaged executable (`asAssets`), named by hash only and read from the SEA's assets `name-run`, `name-sdk`.
 */
function executable(name, light, { network, sdk, faces }, { asAssets = false } = {}) {
  const source = (text) => (asAssets ? "null" : JSON.stringify(text));
  return `#!/usr/bin/env node
// eip-failover OCF resource agent (ocf:eip-failover:${name}). Generated by scripts/build/agent.mjs.
const PARTS = {
  run: { source: ${source(network)}, hash: "${hashOf(network)}" },
  sdk: { source: ${source(sdk)}, hash: "${hashOf(sdk)}" },
};
const FACES = ${JSON.stringify(faces)};
// getBuiltinModule works whether Node loads this file as CommonJS (installed) or as ESM (inside this repo).
if (typeof process.getBuiltinModule !== "function") {
  process.stderr.write((process.env.OCF_EXIT_REASON_PREFIX || "ocf-exit-reason:") + "Node.js " + process.version + " is too old (need >= ${NODE_MAJOR})\\n");
  process.exit(5); // OCF_ERR_INSTALLED
}
const fs = process.getBuiltinModule("node:fs"), path = process.getBuiltinModule("node:path");
// In a single executable application (scripts/agent-package/) argv[1] is argv[0], maybe a bare name.
const sea = process.getBuiltinModule("node:sea");
const self = sea && sea.isSea() ? process.execPath : fs.realpathSync(process.argv[1]);
const nodeRequire = process.getBuiltinModule("node:module").createRequire(self);
const loaded = {};
function load(part) {
  if (loaded[part]) return loaded[part];
  const vm = process.getBuiltinModule("node:vm");
  // A half's source is in this file, or (in the packaged executable) an asset of its own, read only when loaded.
  const { hash } = PARTS[part];
  const source = PARTS[part].source ?? sea.getAsset("${name}-" + part, "utf8");
  const cacheFile = path.join(process.env.HA_RSCTMP || "/run/resource-agents", "eip-failover-${name}-" + part + "." + hash + ".v8cache");
  let cached;
  try {
    const st = fs.statSync(cacheFile);
    if (st.uid === process.getuid() && (st.mode & 0o022) === 0) cached = fs.readFileSync(cacheFile);
  } catch {}
  const script = new vm.Script("(function (exports, require, module, __filename, __dirname) {" + source + "\\n})", {
    filename: self,
    cachedData: cached,
  });
  if (!cached || script.cachedDataRejected)
    process.once("exit", () => {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o755 });
        const tmp = cacheFile + "." + process.pid;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
      } catch {}
    });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, part === "run" ? runRequire : nodeRequire, mod, self, path.dirname(self));
  return (loaded[part] = mod.exports);
}
// What the network half gets for a package: the names it reads, each evaluating the SDK half on first read.
function face(id) {
  const names = {};
  for (const key of FACES[id]) Object.defineProperty(names, key, { enumerable: true, get: () => load("sdk").faces[id][key] });
  return names;
}
function runRequire(id) {
  return Object.hasOwn(FACES, id) ? face(id) : nodeRequire(id);
}
(function (exports, require, module) {
${light}
})({}, (id) => (id === ${JSON.stringify(RUN_ID)} ? load("run") : nodeRequire(id)), { exports: {} });
`;
}

/**
 * Writes `out` from the light bundle just built and the network and SDK halves (`run`) built here, and the same
 * agent in parts under SEA_PARTS.
 */
const assemble = (name, run, out) => ({
  name: "agent-executable",
  setup(b) {
    // main.ts imports ./run.ts lazily: keep it out of the light bundle, to be served by load("run").
    b.onResolve({ filter: /^\.\/run\.ts$/ }, () => ({ path: RUN_ID, external: true }));
    b.onEnd(async (result) => {
      if (result.errors.length) return;
      const parts = await networkParts(run);
      const light = result.outputFiles[0].text;
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, executable(name, light, parts));
      await chmod(out, 0o755);
      await mkdir(SEA_PARTS, { recursive: true });
      await writeFile(`${SEA_PARTS}/${name}.cjs`, executable(name, light, parts, { asAssets: true }));
      await writeFile(`${SEA_PARTS}/${name}-run.cjs`, parts.network);
      await writeFile(`${SEA_PARTS}/${name}-sdk.cjs`, parts.sdk);
      const kib = (s) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KiB`;
      console.log(
        `  ${out}: main ${kib(light)} + network half ${kib(parts.network)} + SDK half ${kib(parts.sdk)} (lazy, code-cached)`,
      );
    });
  },
});

// agent/ocf/version.ts reads package.json; the executable needs its version and engines only, not the whole manifest.
export const versionOnly = {
  name: "package-version-only",
  setup(b) {
    b.onLoad({ filter: /[\\/]package\.json$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      const { version, engines } = JSON.parse(await readFile(args.path, "utf8"));
      return { contents: JSON.stringify({ version, engines: { node: engines.node } }), loader: "json" };
    });
  },
};

/**
 * esbuild options for agent `name`'s executable at dist/agent/`name`: `main` (light, over agent/ocf/dispatch.ts) with
 * `run` (the network half) and the SDK half embedded, each lazy and code-cached.
 */
export function agentExecutable(name, main, run) {
  return {
    ...common,
    entryPoints: [main],
    outfile: `dist/agent/${name}`,
    // import() of Node built-ins becomes require(): code run by vm.Script has no loader for import() by default.
    supported: { "dynamic-import": false },
    plugins: [versionOnly, assemble(name, run, `dist/agent/${name}`)],
  };
}

export default [agentExecutable("eip", "agent/eip/main.ts", "agent/eip/run.ts")];
