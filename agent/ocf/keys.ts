// Covered by test/unit/agent/ocf/keys.test.ts (which cases are ours, which the SDK's) and
// test/integration/agent/ec2-query.test.ts (the instance role from sim/'s IMDSv2).
import { join } from "node:path";
import { noCredentials } from "./credentials.ts";
import type { Env } from "./environment.ts";
import type { ImdsSession } from "./imds.ts";
import type { Keys } from "./sigv4.ts";

// Where the AWS SDK's default chain would find this process's keys, for the cases simple enough to follow
// without the SDK; any other case is left to the SDK. The chain's order, as @aws-sdk/credential-provider-node
// has it: the environment's keys (unless AWS_PROFILE is set), then the profile in the shared files, then web
// identity, the container's endpoint, and last the instance role over IMDSv2.

/** A profile's keys that change nothing but the keys themselves (region is the agent's own, always given). */
const PLAIN_KEYS = new Set([
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "region",
  "output",
]);

/** Variables that send the SDK's chain, or its endpoint, somewhere this file does not follow. */
const SDK_ONLY = [
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_SSO_SESSION",
];

/** Keys as found, with a session token only when one was given. */
const keysOf = (accessKeyId: string, secretAccessKey: string, sessionToken?: string): Keys => ({
  accessKeyId,
  secretAccessKey,
  ...(sessionToken === undefined ? {} : { sessionToken }),
});

/** `profile "x"` and `profile x` alike, as the SDK reads a config file's section name; any other name as it is. */
const PREFIXED = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;

/**
 * The keys of section `name` of an INI text, as the SDK's shared-file parser (@smithy/shared-ini-file-loader's
 * parseIni) reads them: a comment starts with `;` or `#` at a line's start or after a blank; `key =` with no value
 * opens a nested property whose indented lines are kept as `key.<sub>`, so one is never taken for a plain key.
 * Undefined when the text has no such section.
 */
export function iniSection(text: string, name: string): Map<string, string> | undefined {
  let section: Map<string, string> | undefined;
  let inside = false;
  let parent: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[;#]/)[0]!.trim();
    if (line.startsWith("[") && line.endsWith("]")) {
      const title = line.slice(1, -1);
      const prefixed = PREFIXED.exec(title);
      inside = (prefixed ? `${prefixed[1]} ${prefixed[3]}` : title) === name;
      if (inside) section ??= new Map();
      parent = undefined;
      continue;
    }
    const equals = line.indexOf("=");
    if (!inside || equals < 1) continue;
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (value === "") parent = key;
    else {
      if (raw.trimStart() === raw) parent = undefined;
      section!.set(parent === undefined ? key : `${parent}.${key}`, value);
    }
  }
  return section;
}

/** What the chain needs from the machine (agent/ocf/run.ts gives the real ones; tests their own). */
export interface KeySources {
  readonly env: Env;
  /** A file's text, undefined when it does not exist or cannot be read. */
  readonly read: (path: string) => string | undefined;
  /** The user's home directory, when neither HOME nor USERPROFILE is set (as under pacemaker-execd). */
  readonly home: () => string;
  /** Opens an IMDSv2 session, for the instance role. */
  readonly imds: () => Promise<ImdsSession>;
}

/** The profile's keys, merged as the SDK merges them (the credentials file's over the config file's). */
function profileOf(sources: KeySources, name: string): Map<string, string> | undefined {
  const { env, read } = sources;
  const home = () => env.HOME || env.USERPROFILE || sources.home();
  const config = read(env.AWS_CONFIG_FILE || join(home(), ".aws", "config")) ?? "";
  const credentials = read(env.AWS_SHARED_CREDENTIALS_FILE || join(home(), ".aws", "credentials")) ?? "";
  // The config file names a profile `[profile x]`; `[x]` (and `[default]`) count too, as for the SDK.
  const fromConfig = iniSection(config, `profile ${name}`) ?? iniSection(config, name);
  const fromCredentials = iniSection(credentials, name);
  if (!fromConfig && !fromCredentials) return undefined;
  return new Map([...(fromConfig ?? []), ...(fromCredentials ?? [])]);
}

/** The instance role's keys, as IMDSv2 gives them. */
async function roleKeys(imds: () => Promise<ImdsSession>): Promise<Keys> {
  try {
    const session = await imds();
    const role = (await session.get("iam/security-credentials/")).split("\n")[0]!.trim();
    if (!role) throw new Error("no instance role (iam/security-credentials/ is empty)");
    const answer = JSON.parse(await session.get(`iam/security-credentials/${role}`)) as Record<
      string,
      unknown
    >;
    const { Code, AccessKeyId, SecretAccessKey, Token } = answer;
    if (Code !== "Success" || typeof AccessKeyId !== "string" || typeof SecretAccessKey !== "string")
      throw new Error(`the instance role ${role}'s credentials are not usable (Code ${String(Code)})`);
    return keysOf(AccessKeyId, SecretAccessKey, typeof Token === "string" ? Token : undefined);
  } catch (error) {
    throw noCredentials(error);
  }
}

/**
 * How this process's keys are found, when the SDK's chain would find them in the environment, in a profile of
 * plain keys, or from the instance role; undefined when only the SDK can tell (a role to assume, SSO, a
 * process, web identity, a container, IMDS turned off, or anything else in the profile).
 *
 * @example
 * const keys = keySource({ env: process.env, read, home, imds: () => openImds(undefined, 1000) }); // then: await keys?.()
 */
export function keySource(sources: KeySources): (() => Promise<Keys>) | undefined {
  const { env } = sources;
  if (!env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    const keys = keysOf(env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN || undefined);
    return async () => keys;
  }
  const profile = profileOf(sources, env.AWS_PROFILE || "default");
  if (profile) {
    if ([...profile.keys()].some((key) => !PLAIN_KEYS.has(key))) return undefined;
    const id = profile.get("aws_access_key_id");
    const secret = profile.get("aws_secret_access_key");
    const token = profile.get("aws_session_token");
    if (id && secret) {
      const keys = keysOf(id, secret, token || undefined);
      return async () => keys;
    }
    // Half a pair of keys: what the SDK makes of it is the SDK's to say.
    if (id || secret || token) return undefined;
    // A profile of region and output only: the SDK's chain goes on past it, as here.
  } else if (env.AWS_PROFILE) return undefined;
  if (SDK_ONLY.some((name) => env[name]) || env.AWS_EC2_METADATA_DISABLED?.toLowerCase() === "true")
    return undefined;
  let role: Promise<Keys> | undefined;
  return () => (role ??= roleKeys(sources.imds));
}
