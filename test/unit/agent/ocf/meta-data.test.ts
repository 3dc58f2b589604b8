import { describe, expect, it } from "vitest";
import { EIP_AGENT, metaData } from "../../../../agent/eip/meta-data.ts";
import { IGNORED_PARAMETERS, PARAMETERS } from "../../../../agent/eip/parameters.ts";
import { budgetMs } from "../../../../agent/ocf/config.ts";
import { READ_ROOM_MS } from "../../../../agent/ocf/lag.ts";
import { parameterXml, usage } from "../../../../agent/ocf/meta-data.ts";
import { ACTIONS, DEFAULT_API_LAG_S, NETWORK_ACTIONS } from "../../../../agent/ocf/parameters.ts";
import { ROUTE_PARAMETERS } from "../../../../agent/route/parameters.ts";
import { DEFAULT_RETRY_POLICY } from "../../../../core/index.ts";

// The action names ra-api-1.dtd allows (resource-agents 4.12); anything else makes `xmllint --valid` fail.
const DTD_ACTIONS = new Set(
  "start stop recover monitor restart migrate_to migrate_from promote demote notify status reload meta-data usage methods validate-all".split(
    " ",
  ),
);

describe("meta-data, generated from the parameter and action table", () => {
  const xml = metaData("9.9.9");

  it("declares the DTD and documents every parameter of the table", () => {
    expect(xml).toMatch(/^<\?xml version="1.0"\?>\n<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">/);
    expect(xml).toContain('<resource-agent name="eip" version="9.9.9">');
    for (const p of PARAMETERS) {
      expect(xml).toContain(`<parameter name="${p.name}" unique="${p.unique ? 1 : 0}" required="0">`);
      expect(xml).toContain(`<shortdesc lang="en">${p.shortdesc}</shortdesc>`);
    }
    // plus awseip's, marked ignored, so pcs accepts a resource switched from ocf:heartbeat:awseip
    for (const name of IGNORED_PARAMETERS) expect(xml).toContain(`<parameter name="${name}" unique="0"`);
    expect(xml.match(/<parameter /g)).toHaveLength(PARAMETERS.length + IGNORED_PARAMETERS.length);
  });

  it("advertises only actions the DTD allows, every network action among them", () => {
    const advertised = [...xml.matchAll(/<action name="([^"]+)"/g)].map((m) => m[1]);
    expect(advertised.filter((a) => !DTD_ACTIONS.has(a!))).toEqual([]);
    for (const a of NETWORK_ACTIONS) expect(advertised).toContain(a);
    expect(xml).toContain('<action name="monitor" timeout="20s" depth="0" interval="10s" />');
  });

  it.each(ACTIONS.filter((a) => a.name !== "meta-data"))(
    "$name: the advertised $timeout s leave the retry loop room for several attempts",
    (action) => {
      const budget = budgetMs(action.timeout * 1000);
      expect(budget).toBeGreaterThanOrEqual(10 * DEFAULT_RETRY_POLICY.minAttemptMs);
      expect(budget).toBeLessThan(action.timeout * 1000);
    },
  );

  it.each(ACTIONS.filter((a) => (NETWORK_ACTIONS as readonly string[]).includes(a.name)))(
    "$name: the advertised $timeout s leave room for a read, the wait of the default api_lag and a second read",
    (action) => {
      const firstRead = 2 * DEFAULT_RETRY_POLICY.minAttemptMs;
      expect(budgetMs(action.timeout * 1000)).toBeGreaterThanOrEqual(
        firstRead + DEFAULT_API_LAG_S * 1000 + READ_ROOM_MS,
      );
    },
  );

  it.each([
    ["eip", PARAMETERS],
    ["route", ROUTE_PARAMETERS],
  ] as const)("%s states the lag rule, the bound and its limits in api_lag's description", (_, table) => {
    const apiLag = table.find((p) => p.name === "api_lag");
    expect(apiLag?.default).toBe("5");
    expect(apiLag?.longdesc).toContain("This agent never sleeps after a change.");
    expect(apiLag?.longdesc).toContain("waits until api_lag has passed");
    expect(apiLag?.longdesc).toContain("reads once more, and the second read is the answer");
    expect(apiLag?.longdesc).toContain("the log says it was not confirmed");
    expect(apiLag?.longdesc).toContain("Limits: a change that shows later than api_lag");
  });

  it("says what validate-all proves at OCF_CHECK_LEVEL 10, and how to run it", () => {
    const longdesc = xml.split("</longdesc>")[0]?.replace(/\s+/g, " ") ?? "";
    expect(longdesc).toContain("at OCF_CHECK_LEVEL 10 or more (crm_resource --validate=10 ...)");
    expect(longdesc).toContain("a DryRun AssociateAddress of the address to this node");
    expect(longdesc).toContain("a DryRun DisassociateAddress where this node holds it");
    expect(longdesc).toContain("exits 4 (OCF_ERR_PERM)");
  });

  it("escapes XML in descriptions", () => {
    // Prepare
    const spec = { name: "p", unique: false, longdesc: "a < b && c > d", shortdesc: "<x> & <y>" };
    // Act
    const element = parameterXml(spec);
    // Assess
    expect(element).toContain('<longdesc lang="en">a &lt; b &amp;&amp; c &gt; d</longdesc>');
    expect(element).toContain('<shortdesc lang="en">&lt;x&gt; &amp; &lt;y&gt;</shortdesc>');
    expect(xml).not.toMatch(/<(long|short)desc lang="en">[^<]*&(?!amp;|lt;|gt;)/);
  });
});

describe("usage", () => {
  it("names every action and every parameter", () => {
    const text = usage(EIP_AGENT);
    for (const a of [...NETWORK_ACTIONS, "meta-data", "usage", "help"]) expect(text).toContain(a);
    for (const p of PARAMETERS) expect(text).toContain(p.name);
  });
});
