import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REGION } from "../../sim/constants.ts";
import { packagedAgent } from "./packaged.ts";

export const AWSEIP = "/usr/lib/ocf/resource.d/heartbeat/awseip";
export const OURS = join(import.meta.dirname, "../../dist/agent/eip");

/** One agent under test: its executable, the environment Pacemaker would give it, its proxy client id. */
export interface Peer {
  readonly label: string;
  readonly file: string;
  readonly client: string;
  /** The environment for one run; `fresh` gives our agent an empty HA_RSCTMP (cold node). */
  env(fresh?: boolean): Record<string, string>;
}

export interface PeerSetup {
  /** Our agent as `npm run build` writes it, on this machine's Node. */
  readonly ours: Peer;
  /** Our agent from the .deb: one executable, its own Node inside. */
  readonly packaged: Peer;
  readonly awseip: Peer;
  /** Removes the work directory (credentials file, CLI wrapper, HA_RSCTMP). */
  cleanup(): void;
}

/**
 * Both agents against the same proxy, as node B: each reads its own profile from one shared credentials file
 * (so the proxy's log tells them apart), and awseip's `awscli` is a wrapper that adds `--endpoint-url`.
 */
export function setupPeers(options: {
  proxyEndpoint: string;
  allocationId: string;
  publicIp: string;
  apiDelay: number;
}): PeerSetup {
  for (const file of [OURS, AWSEIP])
    if (!existsSync(file))
      throw new Error(`${file} missing (run npm run build; apt-get install resource-agents for awseip)`);
  const aws = spawnSync("sh", ["-c", "command -v aws"], { encoding: "utf8" }).stdout.trim();
  if (!aws) throw new Error("aws CLI not on PATH (pip install awscli): awseip needs it");

  const dir = mkdtempSync(join(tmpdir(), "eip-bench-"));
  const credentials = join(dir, "credentials");
  const config = join(dir, "config");
  const wrapper = join(dir, "aws-sim");
  writeFileSync(
    credentials,
    "[agent]\naws_access_key_id = agent\naws_secret_access_key = testing\n" +
      "[packaged]\naws_access_key_id = packaged\naws_secret_access_key = testing\n" +
      "[awseip]\naws_access_key_id = awseip\naws_secret_access_key = testing\n",
  );
  writeFileSync(config, `[profile awseip]\nregion = ${REGION}\n`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ${aws} --endpoint-url ${options.proxyEndpoint} "$@"\n`);
  chmodSync(wrapper, 0o755);
  // Run our agent from outside the repo, as installed: no package.json "type": "module" above it, so Node
  // loads it as CommonJS, as it would from /usr/lib/ocf/resource.d.
  const installed = join(dir, "eip");
  copyFileSync(OURS, installed);
  chmodSync(installed, 0o755);
  const warmTmp = join(dir, "rsctmp");
  mkdirSync(warmTmp);
  // Its own HA_RSCTMP: its V8 (Node 24's) would reject, and rewrite, the code caches of this machine's Node.
  const exeTmp = join(dir, "rsctmp-exe");
  mkdirSync(exeTmp);

  const base = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    OCF_ROOT: "/usr/lib/ocf",
    OCF_RESOURCE_INSTANCE: "vip",
    OCF_EXIT_REASON_PREFIX: "ocf-exit-reason:",
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: config,
    OCF_RESKEY_allocation_id: options.allocationId,
  };
  const ours: Peer = {
    label: "eip-failover",
    file: installed,
    client: "agent",
    env: (fresh = false) => ({
      ...base,
      AWS_PROFILE: "agent",
      AWS_ENDPOINT_URL: options.proxyEndpoint,
      HA_RSCTMP: fresh ? mkdtempSync(join(dir, "cold-")) : warmTmp,
      OCF_RESKEY_CRM_meta_timeout: "20000",
    }),
  };
  const packaged: Peer = {
    label: "eip-failover (package)",
    file: packagedAgent(join(dir, "pkg"), "eip"),
    client: "packaged",
    env: (fresh = false) => ({
      ...ours.env(fresh),
      AWS_PROFILE: "packaged",
      HA_RSCTMP: fresh ? mkdtempSync(join(dir, "cold-exe-")) : exeTmp,
    }),
  };
  const awseip: Peer = {
    label: "awseip",
    file: AWSEIP,
    client: "awseip",
    env: () => ({
      ...base,
      HA_RSCTMP: warmTmp,
      OCF_RESKEY_elastic_ip: options.publicIp,
      OCF_RESKEY_awscli: wrapper,
      OCF_RESKEY_profile: "awseip",
      OCF_RESKEY_api_delay: String(options.apiDelay),
      OCF_RESKEY_CRM_meta_timeout: "30000",
    }),
  };
  return { ours, packaged, awseip, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
