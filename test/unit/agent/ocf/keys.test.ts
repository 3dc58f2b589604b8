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

  it("HOME unset (as under pacemaker-execd): the home directory the machine names", async () => {
    const s: KeySources = {
      env: {},
      home: () => "/var/lib/root",
      read: (path) =>
        path === "/var/lib/root/.aws/credentials"
          ? "[default]\naws_access_key_id = A\naws_secret_access_key = B\n"
          : undefined,
      imds: async () => {
        throw new Error("not asked");
      },
    };
    expect(await keySource(s)?.()).toEqual({ accessKeyId: "A", secretAccessKey: "B" });
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
    ["web identity", { AWS_WEB_IDENTITY_TOKEN_FILE: "/t", AWS_ROLE_ARN: "arn:aws:iam::1:role/r" }, {}],
    ["a container's endpoint", { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials" }, {}],
    ["IMDS turned off", { AWS_EC2_METADATA_DISABLED: "TRUE" }, {}],
  ])("left to the SDK: %s", (_, env: Record<string, string>, files: Record<string, string>) => {
    expect(keySource(sources(env, files).s)).toBeUndefined();
  });
});

describe("iniSection: the shared files as the SDK reads them", () => {
  it("reads one section's keys, skipping comments and other sections", () => {
    const text = "# top\n[a]\nx = 1\n[b]\n; note\ny = 2 \nz=3\n[c]\nw = 4\n";
    expect(iniSection(text, "b")).toEqual(
      new Map([
        ["y", "2"],
        ["z", "3"],
      ]),
    );
    expect(iniSection(text, "d")).toBeUndefined();
  });

  it("keeps a nested property apart from a plain one", () => {
    expect(iniSection("[p]\ns3 =\n  region = x\nregion = y\n", "p")).toEqual(
      new Map([
        ["s3", ""],
        ["s3.region", "x"],
        ["region", "y"],
      ]),
    );
  });
});
