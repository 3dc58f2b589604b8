import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { metaData } from "../../../../agent/eip/meta-data.ts";
import { cachePath, readEnvironment } from "../../../../agent/ocf/environment.ts";
import { VERSION } from "../../../../agent/ocf/version.ts";

describe("readEnvironment: the agent's one reader of its environment", () => {
  it("reads resource, exit-reason prefix, HA_RSCTMP, IMDS endpoint and Region", () => {
    // Prepare
    const env = {
      OCF_RESOURCE_INSTANCE: "vip",
      OCF_EXIT_REASON_PREFIX: "ocf-exit-reason:[vip] ",
      HA_RSCTMP: "/tmp/rsc",
      AWS_EC2_METADATA_SERVICE_ENDPOINT: "http://127.0.0.1:1338",
      AWS_DEFAULT_REGION: "eu-west-1",
    };
    // Act / Assess
    expect(readEnvironment(env)).toEqual({
      resource: "vip",
      exitReasonPrefix: "ocf-exit-reason:[vip] ",
      rscTmp: "/tmp/rsc",
      imdsEndpoint: "http://127.0.0.1:1338",
      awsRegion: "eu-west-1",
    });
  });

  it("falls back to Pacemaker's defaults; empty values count as unset", () => {
    expect(readEnvironment({ OCF_RESOURCE_INSTANCE: "", HA_RSCTMP: "", AWS_REGION: "" })).toEqual({
      resource: "eip",
      exitReasonPrefix: "ocf-exit-reason:",
      rscTmp: "/run/resource-agents",
    });
  });

  it("AWS_REGION wins over AWS_DEFAULT_REGION, and the region parameter over both", () => {
    const env = { AWS_REGION: "ap-northeast-1", AWS_DEFAULT_REGION: "eu-west-1" };
    expect(readEnvironment(env).awsRegion).toBe("ap-northeast-1");
    const alloc = { OCF_RESKEY_allocation_id: "eipalloc-0123456789abcdef0" };
    expect(parseConfig({ ...alloc, ...env }).region).toBe("ap-northeast-1");
    expect(parseConfig({ ...alloc, ...env, OCF_RESKEY_region: "us-east-2" }).region).toBe("us-east-2");
    expect(parseConfig(alloc).region).toBeUndefined();
  });

  it("the identity cache is named for the resource, safe as a file name", () => {
    expect(cachePath("/tmp/rsc", "vip:1/a", "identity")).toBe("/tmp/rsc/eip-failover-vip_1_a.identity.json");
  });
});

describe("one version", () => {
  it("is package.json's, and meta-data carries it", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../../../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
    expect(metaData(VERSION)).toContain(`<resource-agent name="eip" version="${pkg.version}">`);
  });
});
