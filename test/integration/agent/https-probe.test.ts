import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpsFront } from "../../support/https-front.ts";
import { useNodeAgent } from "../../support/node-agent.ts";
import { useRegion } from "../../support/region.ts";

// EC2 is https outside the sim: the probe's SDK-free read (agent/ocf/ec2-query.ts) then speaks TLS through
// node:tls, trusting what Node trusts (its CAs, NODE_EXTRA_CA_CERTS), as the SDK's client does. Here an https
// front made with openssl's certificate for localhost passes each request on to the sim's proxy.

/** A CA and a certificate it signed for localhost (test/support/tls-certificate.sh) in `dir`; the CA's file. */
function certificates(dir: string): string {
  execFileSync("bash", [join(import.meta.dirname, "../../support/tls-certificate.sh"), dir, "localhost"]);
  return join(dir, "ca.pem");
}

describe("the probe over https", () => {
  const sim = useRegion();
  const { agent } = useNodeAgent(sim);
  const dir = mkdtempSync(join(tmpdir(), "eip-tls-"));
  const ca = certificates(dir);
  const seen: { method: string; signed: boolean; protocol: string }[] = [];
  let server: Server;
  let endpoint = "";

  beforeAll(async () => {
    server = httpsFront(dir, new URL(sim.region.proxy.endpoint), (req) =>
      seen.push({
        method: req.method ?? "",
        signed: /^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? ""),
        protocol: req.httpVersion,
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("with the CA trusted (NODE_EXTRA_CA_CERTS): one signed POST over TLS; 0 on the holder, 7 elsewhere", async () => {
    const env = { AWS_ENDPOINT_URL: endpoint, NODE_EXTRA_CA_CERTS: ca, OCF_RESKEY_api_lag: "0" };
    seen.length = 0;
    const a = await agent("A", "monitor", env);
    const b = await agent("B", "monitor", env);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 7]);
    expect(seen).toEqual([
      { method: "POST", signed: true, protocol: "1.1" },
      { method: "POST", signed: true, protocol: "1.1" },
    ]);
  });

  it("with a certificate Node does not trust: the probe fails in one line naming why, and nothing reaches EC2", async () => {
    seen.length = 0;
    const run = await agent("A", "monitor", { AWS_ENDPOINT_URL: endpoint, OCF_RESKEY_api_lag: "0" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/certificate/i);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(seen).toEqual([]);
  });
});
