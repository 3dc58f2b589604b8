import { describe, expect, it } from "vitest";
import { parseRouteConfig } from "../../../../agent/route/config.ts";
import { routeMetaData } from "../../../../agent/route/meta-data.ts";
import { ROUTE_PARAMETERS } from "../../../../agent/route/parameters.ts";

// The values parseRouteConfig answers beside its errors (config.test.ts): defaults, where the Region comes
// from, what is left out when not given, and stop's leniency.
const OK = { OCF_RESKEY_ip: "192.168.100.10", OCF_RESKEY_routing_table: "rtb-0123456789abcdef0" };

describe("parseRouteConfig: values and defaults", () => {
  it("with only ip and routing_table: eth0, no Region, Pacemaker's default timeout, a probe, no monapi, nothing ignored", () => {
    // Act
    const config = parseRouteConfig(OK);
    // Assess
    expect(config).toStrictEqual({
      resource: "route",
      exitReasonPrefix: "ocf-exit-reason:",
      rscTmp: "/run/resource-agents",
      destination: "192.168.100.10/32",
      routeTableIds: ["rtb-0123456789abcdef0"],
      interface: "eth0",
      timeoutMs: 20_000,
      intervalMs: 0,
      monitorEc2: false,
      lagMs: 5_000,
      checkLevel: 0,
    });
  });

  it("reads the interface, the resource's name, the operation's timeout and interval, and the check level", () => {
    const config = parseRouteConfig({
      ...OK,
      OCF_RESKEY_interface: "ens5",
      OCF_RESOURCE_INSTANCE: "overlay",
      OCF_RESKEY_CRM_meta_timeout: "30000",
      OCF_RESKEY_CRM_meta_interval: "10000",
      OCF_CHECK_LEVEL: "10",
    });
    expect(config).toMatchObject({
      interface: "ens5",
      resource: "overlay",
      timeoutMs: 30_000,
      intervalMs: 10_000,
      checkLevel: 10,
    });
  });

  it.each([
    [{ AWS_REGION: "eu-west-1" }, "eu-west-1"],
    [{ AWS_REGION: "eu-west-1", OCF_RESKEY_region: "ap-northeast-1" }, "ap-northeast-1"],
  ])("the Region: the region parameter, else AWS_REGION (%j: %s)", (env, region) => {
    expect(parseRouteConfig({ ...OK, ...env }).region).toBe(region);
  });

  it.each(["no", "false", "off", "0", ""])("monapi '%s' is off", (monapi) => {
    expect(parseRouteConfig({ ...OK, OCF_RESKEY_monapi: monapi }).monitorEc2).toBe(false);
  });

  it("an empty routing_table_role is not given (no refusal)", () => {
    expect(parseRouteConfig({ ...OK, OCF_RESKEY_routing_table_role: "" }).destination).toBe(
      "192.168.100.10/32",
    );
  });

  it("lenient (stop): an unknown parameter is ignored and named, not refused", () => {
    // Act
    const config = parseRouteConfig(
      { ...OK, OCF_RESKEY_routingtable: "x", OCF_RESKEY_profile: "p" },
      { lenient: true },
    );
    // Assess
    expect(config.ignored).toEqual(["profile", "routingtable"]);
    expect(() => parseRouteConfig({ ...OK, OCF_RESKEY_routingtable: "x" })).toThrow(
      "unknown parameter: routingtable",
    );
  });

  it("names every unknown parameter, and every valid one", () => {
    expect(() => parseRouteConfig({ ...OK, OCF_RESKEY_ipp: "x", OCF_RESKEY_tables: "y" })).toThrow(
      "unknown parameter: ipp, tables (valid: ip, routing_table, interface, region, monapi, api_lag)",
    );
  });

  it("names the bad route table among several, after the list's own problem", () => {
    expect(() =>
      parseRouteConfig({ ...OK, OCF_RESKEY_routing_table: "rtb-0123456789abcdef0,rtb-0fedcba987654321x" }),
    ).toThrow("rtb-0fedcba987654321x");
  });
});

describe("the route agent's parameter table, as meta-data says it", () => {
  it("every parameter's descriptions, default and type are in the meta-data", () => {
    // Act
    const xml = routeMetaData("1.2.3");
    // Assess
    for (const p of ROUTE_PARAMETERS) {
      expect(xml).toContain(`<parameter name="${p.name}" unique="${p.unique ? 1 : 0}"`);
      expect(xml).toContain(`<shortdesc lang="en">${p.shortdesc}</shortdesc>`);
      expect(xml).toContain(p.longdesc.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    }
    expect(xml).toContain('<content type="boolean" default="false"');
    expect(xml).toContain('<content type="string" default="eth0"');
  });

  it.each([
    [
      "ip",
      ["192.168.100.10", "192.168.100.10/32", "fd00:ec2::10/128"],
      ["192.168.100.10 ", "x1", "10.0.0.1/1234"],
    ],
    [
      "routing_table",
      ["rtb-01234567", "rtb-0123456789abcdef0", "rtb-01234567 , rtb-0123456789abcdef0"],
      ["rtb-0123456", "rtb-0123456789abcdef", "rtb-01234567,", "xrtb-01234567", "rtb-01234567x"],
    ],
    [
      "interface",
      ["eth0", "ens5.100", "a_b-c@d", "abcdefghijklmno"],
      ["abcdefghijklmnop", "eth 0", "", "eth0/1"],
    ],
    [
      "region",
      ["ap-northeast-1", "us-gov-west-1"],
      ["ap-northeast", "AP-northeast-1", "apx-northeast-1", "ap-northeast-1a"],
    ],
  ] as const)("%s's pattern accepts %j and refuses %j", (name, good, bad) => {
    // Prepare
    const spec = ROUTE_PARAMETERS.find((p) => p.name === name);
    // Assess
    for (const value of good) expect(spec?.pattern.test(value), value).toBe(true);
    for (const value of bad) expect(spec?.pattern.test(value), value).toBe(false);
  });
});
