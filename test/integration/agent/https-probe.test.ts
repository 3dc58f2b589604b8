import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNodeAgent } from "../../support/node-agent.ts";
import { useRegion } from "../../support/region.ts";

// EC2 is https outside the sim: the probe's SDK-free read (agent/ocf/ec2-query.ts) then speaks TLS through
// node:tls, trusting what Node trusts (its CAs, NODE_EXTRA_CA_CERTS), as the SDK's client does. Here an https
// front made with openssl's certificate for localhost passes each request on to the sim's proxy.

/** A CA and a certificate it signed for localhost, made with openssl in `dir`. */
function certificates(dir: string) {
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  run(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=eip-failover test CA",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
  );
  run(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    "ec2.key",
    "-out",
    "ec2.csr",
  );
  writeFileSync(
    join(dir, "ext.cnf"),
    "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
  );
  run(
    "x509",
    "-req",
    "-in",
    "ec2.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    "ext.cnf",
    "-out",
    "ec2.pem",
  );
  return {
    ca: join(dir, "ca.pem"),
    key: readFileSync(join(dir, "ec2.key")),
    cert: readFileSync(join(dir, "ec2.pem")),
  };
}

describe("the probe over https", () => {
  const sim = useRegion();
  const { agent } = useNodeAgent(sim);
  const dir = mkdtempSync(join(tmpdir(), "eip-tls-"));
  const tls = certificates(dir);
  const seen: { method: string; signed: boolean; protocol: string }[] = [];
  let server: Server;
  let endpoint = "";

  beforeAll(async () => {
    server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      seen.push({
        method: req.method ?? "",
        signed: /^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? ""),
        protocol: req.httpVersion,
      });
      const upstream = new URL(sim.region.proxy.endpoint);
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("with the CA trusted (NODE_EXTRA_CA_CERTS): one signed POST over TLS; 0 on the holder, 7 elsewhere", async () => {
    const env = { AWS_ENDPOINT_URL: endpoint, NODE_EXTRA_CA_CERTS: tls.ca, OCF_RESKEY_api_lag: "0" };
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
