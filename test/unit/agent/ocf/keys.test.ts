import { describe, expect, it } from "vitest";
import type { ImdsSession } from "../../../../agent/ocf/imds.ts";
import { iniSection, type KeySources, keySource } from "../../../../agent/ocf/keys.ts";
import { TransientError } from "../../../../core/errors.ts";

// Which of the SDK's default chain's cases the agent follows itself (the environment, a profile of plain keys,
// the instance role), and which it leaves to the SDK (undefined).

const ROLE = JSON.stringify({
  Code: "Success",
  AccessKeyId: "ASIAROLE",
  SecretAccessKey: "role-secret",
  Token: "role-token",
});

function sources(env: Record<string, string>, files: Record<string, string> = {}, role = ROLE) {
  const asked: string[] = [];
  const session: ImdsSession = {
    get: async (path) => {
      asked.push(path);
      if (path === "iam/security-credentials/") return "node-role\n";
      if (path === "iam/security-credentials/node-role") return role;
      throw new Error(`unexpected ${path}`);
    },
    find: async () => undefined,
  };
  const s: KeySources = {
    env: { HOME: "/root", ...env },
    read: (path) => files[path],
    home: () => "/home/of/the/os",
    imds: async () => session,
  };
  return { s, asked };
}

describe("keySource: the keys the SDK's chain would find", () => {
  it("the environment's keys, with a session token", async () => {
    const { s } = sources({
      AWS_ACCESS_KEY_ID: "AKENV",
      AWS_SECRET_ACCESS_KEY: "env-secret",
      AWS_SESSION_TOKEN: "t",
    });
    expect(await keySource(s)?.()).toEqual({
      accessKeyId: "AKENV",
      secretAccessKey: "env-secret",
      sessionToken: "t",
    });
  });

  it("AWS_PROFILE set: the profile's plain keys, not the environment's (the SDK skips them)", async () => {
    const { s } = sources(
      {
        AWS_PROFILE: "agent",
        AWS_ACCESS_KEY_ID: "AKENV",
        AWS_SECRET_ACCESS_KEY: "x",
        AWS_SHARED_CREDENTIALS_FILE: "/c",
      },
      {
        "/c": "[other]\naws_access_key_id = NO\n\n[agent]\naws_access_key_id = AKPROFILE\naws_secret_access_key = p-secret\n",
      },
    );
    expect(await keySource(s)?.()).toEqual({ accessKeyId: "AKPROFILE", secretAccessKey: "p-secret" });
  });

  it("the default profile from ~/.aws, the credentials file's keys over the config file's", async () => {
    const { s } = sources(
      {},
      {
        "/root/.aws/config":
          "[default]\nregion = eu-west-1\naws_access_key_id = AKCONFIG\naws_secret_access_key = c\n",
        "/root/.aws/credentials": "[default]\naws_access_key_id = AKCRED\naws_secret_access_key = k\n",
      },
    );
    expect(await keySource(s)?.()).toEqual({ accessKeyId: "AKCRED", secretAccessKey: "k" });
  });

  it("no keys anywhere: the instance role over IMDSv2, asked once however often the keys are wanted", async () => {
    const { s, asked } = sources(
      {},
      { "/root/.aws/config": "[default]\nregion = eu-west-1\noutput = json\n" },
    );
    const keys = keySource(s);
    expect(await keys?.()).toEqual({
      accessKeyId: "ASIAROLE",
      secretAccessKey: "role-secret",
      sessionToken: "role-token",
    });
    await keys?.();
    expect(asked).toEqual(["iam/security-credentials/", "iam/security-credentials/node-role"]);
  });

  it.each([
    [{ HOME: "/h", USERPROFILE: "/u" }, "/h"],
    [{ USERPROFILE: "/u" }, "/u"],
    [{}, "/home/of/the/os"],
  ])("the shared files under %j's home: %s", async (env, home) => {
    const credentials = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n";
    const s: KeySources = {
      env,
      home: () => "/home/of/the/os",
      read: (path) => (path === `${home}/.aws/credentials` ? credentials : undefined),
      imds: async () => {
        throw new Error("not asked");
      },
    };
    expect(await keySource(s)?.()).toEqual({ accessKeyId: "A", secretAccessKey: "B" });
  });

  it("a named profile of region only: the instance role, as the SDK's chain goes on past it", async () => {
    const { s, asked } = sources(
      { AWS_PROFILE: "r" },
      { "/root/.aws/config": "[profile r]\nregion = eu-west-1\n" },
    );
    expect(await keySource(s)?.()).toMatchObject({ accessKeyId: "ASIAROLE" });
    expect(asked).toHaveLength(2);
  });

  it("keys in ~/.aws/config alone, and the session token a profile gives", async () => {
    const { s } = sources(
      { AWS_PROFILE: "ops" },
      {
        "/root/.aws/config":
          "[profile ops]\naws_access_key_id = AKC\naws_secret_access_key = c\naws_session_token = t\noutput = json\n",
      },
    );
    expect(await keySource(s)?.()).toEqual({ accessKeyId: "AKC", secretAccessKey: "c", sessionToken: "t" });
  });

  it("the environment's keys without a token: none given", async () => {
    const { s } = sources({ AWS_ACCESS_KEY_ID: "AKENV", AWS_SECRET_ACCESS_KEY: "e" });
    expect(await keySource(s)?.()).toStrictEqual({ accessKeyId: "AKENV", secretAccessKey: "e" });
  });

  it("a role answer without a token, and the first of two roles listed", async () => {
    const asked: string[] = [];
    const s: KeySources = {
      env: { HOME: "/root" },
      read: () => undefined,
      home: () => "/root",
      imds: async () => ({
        get: async (path) => {
          asked.push(path);
          return path.endsWith("/")
            ? "first\nsecond"
            : JSON.stringify({ Code: "Success", AccessKeyId: "K", SecretAccessKey: "S" });
        },
        find: async () => undefined,
      }),
    };
    expect(await keySource(s)?.()).toStrictEqual({ accessKeyId: "K", secretAccessKey: "S" });
    expect(asked).toEqual(["iam/security-credentials/", "iam/security-credentials/first"]);
  });

  it.each([
    [JSON.stringify({ Code: "Success", SecretAccessKey: "S" }), "Code Success"],
    [JSON.stringify({ Code: "Success", AccessKeyId: "K" }), "Code Success"],
    [JSON.stringify({ AccessKeyId: "K", SecretAccessKey: "S" }), "Code undefined"],
  ])("a role answer that lacks a part (%s): one transient error", async (answer, code) => {
    const { s } = sources({}, {}, answer);
    const error = await keySource(s)!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toContain(`credentials are not usable (${code})`);
  });

  it("no role on the instance: one transient error saying so", async () => {
    const s: KeySources = {
      env: { HOME: "/root" },
      read: () => undefined,
      home: () => "/root",
      imds: async () => ({ get: async () => "", find: async () => undefined }),
    };
    const error = await keySource(s)!().catch((e: unknown) => e);
    expect((error as TransientError).message).toMatch(
      /^no credentials: no instance role \(iam\/security-credentials\/ is empty\)/,
    );
  });

  it("a role whose credentials IMDS refuses: one transient error naming why", async () => {
    const { s } = sources({}, {}, JSON.stringify({ Code: "Failure" }));
    const error = await keySource(s)!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toMatch(
      /^no credentials: the instance role node-role's credentials are not usable \(Code Failure\)/,
    );
  });

  it.each([
    [
      "a role to assume",
      {},
      { "/root/.aws/config": "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n" },
    ],
    ["a credential process", {}, { "/root/.aws/credentials": "[default]\ncredential_process = /bin/keys\n" }],
    ["SSO", { AWS_PROFILE: "sso" }, { "/root/.aws/config": "[profile sso]\nsso_session = corp\n" }],
    [
      "an endpoint in the profile",
      {},
      {
        "/root/.aws/config":
          "[default]\nendpoint_url = http://x\naws_access_key_id = A\naws_secret_access_key = B\n",
      },
    ],
    ["a nested property", {}, { "/root/.aws/config": "[default]\nec2 =\n  endpoint_url = http://x\n" }],
    ["half a pair of keys", {}, { "/root/.aws/credentials": "[default]\naws_access_key_id = A\n" }],
    ["a named profile that is nowhere", { AWS_PROFILE: "missing" }, {}],
    ["web identity", { AWS_WEB_IDENTITY_TOKEN_FILE: "/t" }, {}],
    ["a role named for web identity", { AWS_ROLE_ARN: "arn:aws:iam::1:role/r" }, {}],
    ["a container's endpoint", { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials" }, {}],
    [
      "a container's full endpoint",
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials" },
      {},
    ],
    ["an SSO session", { AWS_SSO_SESSION: "corp" }, {}],
    ["IMDS turned off", { AWS_EC2_METADATA_DISABLED: "TRUE" }, {}],
  ])("left to the SDK: %s", (_, env: Record<string, string>, files: Record<string, string>) => {
    expect(keySource(sources(env, files).s)).toBeUndefined();
  });
});

describe("iniSection: the shared files as the SDK reads them", () => {
  it("reads one section's keys, skipping comments, keys outside it and other sections", () => {
    const text =
      "x = before\n# top\n[a]\nx = 1\n  [b]  \n; note\n  # indented note\ny = 2 \nz=3\n[c]\nw = 4\n";
    expect(iniSection(text, "b")).toEqual(
      new Map([
        ["y", "2"],
        ["z", "3"],
      ]),
    );
    expect(iniSection(text, "d")).toBeUndefined();
    expect(iniSection("[ b ]\nx = 1\n", "b")).toBeUndefined();
  });

  it("a comment after a blank ends the value; a # inside a value is kept", () => {
    expect(iniSection("[p]\nkey = abc # rotated\nsecret = ab#cd;e\nother = x ;y\n", "p")).toEqual(
      new Map([
        ["key", "abc"],
        ["secret", "ab#cd;e"],
        ["other", "x"],
      ]),
    );
  });

  it("a config file's profile, quoted or not", () => {
    expect(iniSection('[profile "ops"]\nregion = a\n', "profile ops")).toEqual(new Map([["region", "a"]]));
    expect(iniSection("[profile ops]\nregion = b\n", "profile ops")).toEqual(new Map([["region", "b"]]));
  });

  it("keeps a nested property apart from a plain one, until a line that is not indented", () => {
    expect(iniSection("[p]\ns3 =\n  region = x\n  addressing = path\nregion = y\n=z\n", "p")).toEqual(
      new Map([
        ["s3.region", "x"],
        ["s3.addressing", "path"],
        ["region", "y"],
      ]),
    );
  });
});
