import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { metaData } from "../../../../agent/eip/meta-data.ts";
import { PARAMETERS } from "../../../../agent/eip/parameters.ts";

const ALLOC = "eipalloc-0123456789abcdef0";
const patternOf = (name: string) => PARAMETERS.find((p) => p.name === name)!.pattern;

describe("the parameter table, as Pacemaker and operators see it", () => {
  it("publishes exactly the reviewed meta-data (pcs resource describe shows it to operators)", async () => {
    // A change to a description, a default or an advertised timeout shows up here for review.
    await expect(metaData("9.9.9")).toMatchFileSnapshot("./__snapshots__/meta-data.xml");
  });

  it.each([
    ["0.0.0.0", true],
    ["255.255.255.255", true],
    ["249.199.100.9", true],
    ["1.249.1.1", true],
    ["10.0.1.20", true],
    ["256.1.1.1", false],
    ["1.260.1.1", false],
    ["1.1.1.300", false],
    ["01.2.3.4", false],
    ["1.2.3", false],
    ["1.2.3.4.5", false],
    [" 1.2.3.4", false],
    ["1.2.3.4x", false],
  ])("an IPv4 parameter accepts %s: %s", (value, valid) => {
    expect(patternOf("elastic_ip").test(value)).toBe(valid);
    expect(patternOf("private_ip_address").test(value)).toBe(valid);
  });

  it.each([
    ["ap-northeast-1", true],
    ["us-gov-west-1", true],
    ["eu-central-2", true],
    ["ap-northeast", false],
    ["AP-NORTHEAST-1", false],
    ["x-ap-northeast-1", false],
    ["ap-northeast-1a", false],
    ["apnortheast-1", false],
  ])("region accepts %s: %s", (value, valid) => {
    expect(patternOf("region").test(value)).toBe(valid);
  });

  it.each(["true", "false", "yes", "no", "on", "off", "1", "0", "TRUE", "Off"])(
    "monapi accepts %s",
    (value) => {
      expect(patternOf("monapi").test(value)).toBe(true);
    },
  );

  it.each(["truth", "y", "2", "ontrue"])("monapi refuses %s", (value) => {
    expect(patternOf("monapi").test(value)).toBe(false);
  });

  it.each(["crm_feature_set", "CRM_meta_timeout"])(
    "%s is Pacemaker's own key, never an unknown parameter",
    (key) => {
      expect(
        parseConfig({ OCF_RESKEY_allocation_id: ALLOC, [`OCF_RESKEY_${key}`]: "1" }).ignored,
      ).toBeUndefined();
    },
  );

  it.each(["xcrm_feature_set", "meta_timeout", "crm", "CRM_metatimeout"])(
    "%s is an unknown parameter",
    (key) => {
      expect(() => parseConfig({ OCF_RESKEY_allocation_id: ALLOC, [`OCF_RESKEY_${key}`]: "1" })).toThrow(
        `unknown parameter: ${key}`,
      );
    },
  );

  it("accepts every awseip parameter it ignores, and lists them", () => {
    const names = ["awscli", "api_delay", "auth_type", "profile", "trace_ra", "trace_file"];
    const env = Object.fromEntries(names.map((n) => [`OCF_RESKEY_${n}`, "x"]));
    expect(parseConfig({ OCF_RESKEY_allocation_id: ALLOC, ...env }).ignored).toEqual(names);
  });
});
