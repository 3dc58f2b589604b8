import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { budgetMs } from "../../../../agent/ocf/config.ts";
import { ParameterError } from "../../../../agent/ocf/errors.ts";
import { OcfExit } from "../../../../agent/ocf/exit.ts";
import { outcomeOf } from "../../../../agent/ocf/outcome.ts";
import { parseRouteConfig } from "../../../../agent/route/config.ts";

const ALLOC = "eipalloc-0123456789abcdef0";

describe("parseConfig", () => {
  it("parses a minimal allocation id configuration", () => {
    const config = parseConfig({ OCF_RESKEY_allocation_id: ALLOC, OCF_RESOURCE_INSTANCE: "vip" });
    expect(config).toEqual({
      address: { allocationId: ALLOC },
      timeoutMs: 20_000,
      resource: "vip",
      exitReasonPrefix: "ocf-exit-reason:",
      rscTmp: "/run/resource-agents",
      checkLevel: 0,
      intervalMs: 0,
      monitorEc2: false,
      lagMs: 5_000,
    });
  });

  it("accepts an elastic IP alone, and both when given together", () => {
    expect(parseConfig({ OCF_RESKEY_elastic_ip: "203.0.113.10" }).address).toEqual({
      publicIp: "203.0.113.10",
    });
    const both = parseConfig({ OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_elastic_ip: "203.0.113.10" });
    expect(both.address).toEqual({ allocationId: ALLOC });
    expect(both.alsoPublicIp).toBe("203.0.113.10");
  });

  it("reads the interface target and the operation timeout", () => {
    const config = parseConfig({
      OCF_RESKEY_allocation_id: ALLOC,
      OCF_RESKEY_network_interface_id: "eni-0123456789abcdef0",
      OCF_RESKEY_private_ip_address: "10.0.1.20",
      OCF_RESKEY_region: "ap-northeast-1",
      OCF_RESKEY_CRM_meta_timeout: "30000",
      OCF_CHECK_LEVEL: "10",
    });
    expect(config).toMatchObject({
      networkInterfaceId: "eni-0123456789abcdef0",
      privateIpAddress: "10.0.1.20",
      region: "ap-northeast-1",
      timeoutMs: 30_000,
      checkLevel: 10,
    });
  });

  it.each([
    [{}, "missing parameter: allocation_id or elastic_ip", OcfExit.ERR_CONFIGURED],
    [
      { OCF_RESKEY_allocation_id: "eipalloc-12" },
      "allocation_id malformed: 'eipalloc-12'",
      OcfExit.ERR_CONFIGURED,
    ],
    [{ OCF_RESKEY_allocation_id: "vip" }, "allocation_id malformed: 'vip'", OcfExit.ERR_CONFIGURED],
    [{ OCF_RESKEY_elastic_ip: "300.1.1.1" }, "elastic_ip malformed: '300.1.1.1'", OcfExit.ERR_CONFIGURED],
    [
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_private_ip_address: "10.0.1" },
      "private_ip_address malformed: '10.0.1'",
      OcfExit.ERR_CONFIGURED,
    ],
    [
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_network_interface_id: "eth0" },
      "network_interface_id malformed: 'eth0'",
      OcfExit.ERR_CONFIGURED,
    ],
    [
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_region: "tokyo" },
      "region malformed: 'tokyo'",
      OcfExit.ERR_CONFIGURED,
    ],
    [
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_alocation_id: ALLOC },
      "unknown parameter: alocation_id (valid: allocation_id, elastic_ip,",
      OcfExit.ERR_CONFIGURED,
    ],
    [
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_CRM_meta_timeout: "soon" },
      "OCF_RESKEY_CRM_meta_timeout malformed: 'soon'",
      OcfExit.ERR_ARGS,
    ],
    [
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_CRM_meta_interval: "-1" },
      "OCF_RESKEY_CRM_meta_interval malformed: '-1' (expected milliseconds >= 0)",
      OcfExit.ERR_ARGS,
    ],
    [
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_monapi: "always" },
      "monapi malformed: 'always' (expected e.g. true)",
      OcfExit.ERR_CONFIGURED,
    ],
  ])("rejects %j naming the value", (env, message, code) => {
    const error = (() => {
      try {
        parseConfig(env);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as ParameterError).message).toContain(message);
    expect(outcomeOf(error).code).toBe(code);
  });
});

describe("parseConfig: the recurring monitor's interval and monapi", () => {
  it.each([
    [{}, 0, false],
    [{ OCF_RESKEY_CRM_meta_interval: "10000" }, 10_000, false],
    [{ OCF_RESKEY_CRM_meta_interval: "0", OCF_RESKEY_monapi: "true" }, 0, true],
    [{ OCF_RESKEY_monapi: "YES" }, 0, true],
    [{ OCF_RESKEY_monapi: "1" }, 0, true],
    [{ OCF_RESKEY_monapi: "off" }, 0, false],
    [{ OCF_RESKEY_monapi: "false" }, 0, false],
  ])("%j → interval %i ms, monapi %s", (env, intervalMs, monitorEc2) => {
    expect(parseConfig({ OCF_RESKEY_allocation_id: ALLOC, ...env })).toMatchObject({
      intervalMs,
      monitorEc2,
    });
  });
});

describe("api_lag: the lag bound, in seconds, for both agents", () => {
  it.each([
    [undefined, 5_000],
    ["", 5_000],
    ["0", 0],
    ["3", 3_000],
    ["2.5", 2_500],
    ["0.125", 125],
    ["99.999", 99_999],
  ])("api_lag %j → %i ms (eip and route)", (value, lagMs) => {
    const given = value === undefined ? {} : { OCF_RESKEY_api_lag: value };
    expect(parseConfig({ OCF_RESKEY_allocation_id: ALLOC, ...given }).lagMs).toBe(lagMs);
    const route = { OCF_RESKEY_ip: "192.168.100.10", OCF_RESKEY_routing_table: "rtb-0123456789abcdef0" };
    expect(parseRouteConfig({ ...route, ...given }).lagMs).toBe(lagMs);
  });

  it.each(["-1", "5s", "100", "1.2345", ".5", "five", "1e3"])(
    "api_lag '%s' is refused: 6, naming it",
    (value) => {
      const error = (() => {
        try {
          return parseConfig({ OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_api_lag: value });
        } catch (e) {
          return e;
        }
      })();
      expect(outcomeOf(error)).toEqual({
        code: OcfExit.ERR_CONFIGURED,
        reason: `api_lag malformed: '${value}' (expected e.g. 5)`,
      });
    },
  );
});

describe("parseConfig and what Pacemaker or awseip users pass besides the table", () => {
  it("a lenient parse (stop) lists an unknown parameter as ignored instead of failing", () => {
    const config = parseConfig(
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_alocation_id: ALLOC },
      { lenient: true },
    );
    expect(config.ignored).toEqual(["alocation_id"]);
    expect(config.address).toEqual({ allocationId: ALLOC });
  });

  it("accepts Pacemaker's own keys without complaint", () => {
    const config = parseConfig({
      OCF_RESKEY_allocation_id: ALLOC,
      OCF_RESKEY_crm_feature_set: "3.16.2",
      OCF_RESKEY_CRM_meta_interval: "10000",
      OCF_RESKEY_CRM_meta_name: "monitor",
    });
    expect(config.ignored).toBeUndefined();
  });

  it("accepts awseip's CLI-only parameters and reports them as ignored", () => {
    const config = parseConfig({
      OCF_RESKEY_allocation_id: ALLOC,
      OCF_RESKEY_awscli: "/usr/bin/aws",
      OCF_RESKEY_api_delay: "3",
      OCF_RESKEY_profile: "",
    });
    expect(config.ignored).toEqual(["awscli", "api_delay"]);
  });

  it("trims values and treats empty ones as absent", () => {
    const config = parseConfig({ OCF_RESKEY_allocation_id: ` ${ALLOC} `, OCF_RESKEY_region: "" });
    expect(config.address).toEqual({ allocationId: ALLOC });
    expect(config.region).toBeUndefined();
  });
});

describe("budgetMs", () => {
  it.each([
    [20_000, 18_000],
    [3_000, 2_500],
    [60_000, 57_000],
  ])("leaves a margin inside a %i ms timeout", (timeout, budget) => {
    expect(budgetMs(timeout)).toBe(budget);
  });
});

describe("parseConfig: Pacemaker's millisecond arguments and the check level, at their bounds", () => {
  const parse = (env: Record<string, string>) => parseConfig({ OCF_RESKEY_allocation_id: ALLOC, ...env });
  const messageOf = (env: Record<string, string>) => {
    try {
      parse(env);
    } catch (error) {
      return (error as ParameterError).message;
    }
    return undefined;
  };

  it.each([
    [{ OCF_RESKEY_CRM_meta_timeout: "1" }, 1, 0],
    [{ OCF_RESKEY_CRM_meta_timeout: "" }, 20_000, 0],
    [{ OCF_RESKEY_CRM_meta_interval: "0" }, 20_000, 0],
    [{ OCF_RESKEY_CRM_meta_interval: "" }, 20_000, 0],
  ])("%j → timeout %i ms, interval %i ms", (env, timeoutMs, intervalMs) => {
    expect(parse(env)).toMatchObject({ timeoutMs, intervalMs });
  });

  it.each([
    [
      { OCF_RESKEY_CRM_meta_timeout: "0" },
      "OCF_RESKEY_CRM_meta_timeout malformed: '0' (expected milliseconds > 0)",
    ],
    [{ OCF_RESKEY_CRM_meta_timeout: "Infinity" }, "OCF_RESKEY_CRM_meta_timeout malformed: 'Infinity'"],
    [
      { OCF_RESKEY_CRM_meta_interval: "later" },
      "OCF_RESKEY_CRM_meta_interval malformed: 'later' (expected milliseconds >= 0)",
    ],
  ])("%j is refused: %s", (env, message) => {
    expect(messageOf(env)).toContain(message);
  });

  it("a timeout Pacemaker did not give is its default, not an error", () => {
    expect(messageOf({})).toBeUndefined();
  });

  it.each([
    ["10", 10],
    ["0", 0],
    ["deep", 0],
  ])("OCF_CHECK_LEVEL %s → %i", (level, checkLevel) => {
    expect(parse({ OCF_CHECK_LEVEL: level }).checkLevel).toBe(checkLevel);
  });

  it("the region parameter wins over AWS_REGION, which is used without it", () => {
    expect(parse({ AWS_REGION: "eu-west-1" }).region).toBe("eu-west-1");
    expect(parse({ AWS_REGION: "eu-west-1", OCF_RESKEY_region: "ap-northeast-1" }).region).toBe(
      "ap-northeast-1",
    );
  });

  it("an unknown parameter's message lists every valid one; unknown names are kept beside the ignored ones", () => {
    expect(messageOf({ OCF_RESKEY_colour: "red" })).toBe(
      "unknown parameter: colour (valid: allocation_id, elastic_ip, private_ip_address, network_interface_id, region, monapi, api_lag, release_on_stop)",
    );
    const lenient = parseConfig(
      { OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_colour: "red", OCF_RESKEY_profile: "p", OTHER: "x" },
      { lenient: true },
    );
    expect(lenient.ignored).toEqual(["profile", "colour"]);
  });

  it("lists several unknown parameters apart; elastic_ip alone is the address, not a second one to check", () => {
    expect(messageOf({ OCF_RESKEY_colour: "red", OCF_RESKEY_size: "xl" })).toContain(
      "unknown parameter: colour, size (valid:",
    );
    expect(parseConfig({ OCF_RESKEY_elastic_ip: "203.0.113.10" }).alsoPublicIp).toBeUndefined();
  });

  it("a parameter that matches only part of its pattern is refused, naming the example", () => {
    expect(messageOf({ OCF_RESKEY_network_interface_id: "eni-0123456789abcdef0x" })).toBe(
      "network_interface_id malformed: 'eni-0123456789abcdef0x' (expected e.g. eni-0123456789abcdef0)",
    );
  });
});

describe("budgetMs at the margin's bounds", () => {
  it.each([
    [100, 0],
    [1_000, 500],
    [5_000, 4_500],
    [10_000, 9_000],
    [30_000, 27_000],
    [100_000, 97_000],
  ])("%i ms → %i ms", (timeout, budget) => {
    expect(budgetMs(timeout)).toBe(budget);
  });
});
