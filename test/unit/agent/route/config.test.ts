import { describe, expect, it } from "vitest";
import { outcomeOf } from "../../../../agent/ocf/outcome.ts";
import { parseRouteConfig } from "../../../../agent/route/config.ts";
import { routeMetaData } from "../../../../agent/route/meta-data.ts";

const OK = { OCF_RESKEY_ip: "192.168.100.10", OCF_RESKEY_routing_table: "rtb-0123456789abcdef0" };
const codeOf = (env: Record<string, string>) => {
  try {
    parseRouteConfig(env);
    return { code: 0 };
  } catch (error) {
    return outcomeOf(error);
  }
};

describe("parseRouteConfig (aws-vpc-move-ip's parameters)", () => {
  it("reads ip, a comma list of route tables, interface (default eth0), region and monapi", () => {
    const config = parseRouteConfig({
      ...OK,
      OCF_RESKEY_routing_table: "rtb-0123456789abcdef0, rtb-0fedcba9876543210",
      OCF_RESKEY_region: "ap-northeast-1",
      OCF_RESKEY_monapi: "yes",
      OCF_RESKEY_awscli: "/usr/bin/aws",
    });
    expect(config).toMatchObject({
      destination: "192.168.100.10/32",
      routeTableIds: ["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"],
      interface: "eth0",
      region: "ap-northeast-1",
      monitorEc2: true,
      ignored: ["awscli"],
    });
  });

  it.each([
    [
      { OCF_RESKEY_routing_table: OK.OCF_RESKEY_routing_table },
      6,
      "missing parameter: ip is required (e.g. ip=192.168.100.10)",
    ],
    [
      { OCF_RESKEY_ip: "192.168.100.10" },
      6,
      "missing parameter: routing_table is required (e.g. routing_table=rtb-0123456789abcdef0)",
    ],
    [
      { ...OK, OCF_RESKEY_ip: "192.168.100.0/24" },
      6,
      "ip: route destination malformed: '192.168.100.0/24' (expected one address, e.g. 192.168.100.10/32 or fd00:ec2::10/128)",
    ],
    [
      { ...OK, OCF_RESKEY_routing_table: "rtb-12" },
      6,
      "routing_table malformed: 'rtb-12' (expected e.g. rtb-0123456789abcdef0,rtb-0fedcba9876543210)",
    ],
    [
      { ...OK, OCF_RESKEY_routing_table: "rtb-0123456789abcdef0,rtb-0123456789abcdef0" },
      6,
      "routing_table: route table listed twice: rtb-0123456789abcdef0 (list each table once)",
    ],
    [
      { ...OK, OCF_RESKEY_interface: "eth0; reboot" },
      6,
      "interface malformed: 'eth0; reboot' (expected e.g. eth0)",
    ],
    [
      { ...OK, OCF_RESKEY_routing_table_role: "arn:aws:iam::1:role/x" },
      6,
      "routing_table_role unsupported: route tables of another account (an assumed role) are not supported: give route tables of this account",
    ],
    [
      { ...OK, OCF_RESKEY_routingtable: "x" },
      6,
      "unknown parameter: routingtable (valid: ip, routing_table, interface, region, monapi, api_lag)",
    ],
    [
      { ...OK, OCF_RESKEY_CRM_meta_timeout: "soon" },
      2,
      "OCF_RESKEY_CRM_meta_timeout malformed: 'soon' (expected milliseconds > 0)",
    ],
  ])("%j: exit %i, '%s'", (env, code, reason) => {
    expect(codeOf(env as Record<string, string>)).toEqual({ code, reason });
  });

  it("IPv6: a /128 or a bare address, canonical", () => {
    expect(parseRouteConfig({ ...OK, OCF_RESKEY_ip: "FD00:EC2:0::10/128" }).destination).toBe(
      "fd00:ec2::10/128",
    );
  });

  it.each(["awscli", "profile", "lookup_type", "iflabel", "address", "trace_ra", "trace_file"])(
    "%s (aws-vpc-move-ip's, or the OCF tracing one) is accepted and ignored, named for the log",
    (name) => {
      expect(parseRouteConfig({ ...OK, [`OCF_RESKEY_${name}`]: "x" })).toMatchObject({ ignored: [name] });
    },
  );

  it("meta-data lists every parameter, and aws-vpc-move-ip's ignored ones", () => {
    const xml = routeMetaData("1.2.3");
    for (const name of ["ip", "routing_table", "interface", "region", "monapi", "awscli", "lookup_type"])
      expect(xml).toContain(`<parameter name="${name}"`);
    expect(xml).toContain('<resource-agent name="route" version="1.2.3">');
  });
});
