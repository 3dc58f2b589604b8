import { readFileSync } from "node:fs";
import { type IncomingMessage, request } from "node:http";
import { createServer, type Server } from "node:https";
import { join } from "node:path";

/**
 * EC2 over https in front of the sim: a server with tls-certificate.sh's certificate from `dir` that forwards each
 * request, untouched, to the plain-HTTP `upstream` (the sim's proxy, which logs it like any other) and answers 502
 * with the error when it cannot. `seen` hears of each request first. Used by the e2e suite's front door for
 * fence_aws (test/e2e/cluster/ec2-tls.ts) and by the probe over https (test/integration/agent/https-probe.test.ts).
 *
 * @example
 * httpsFront(dir, new URL(region.proxy.endpoint)).listen(0, "127.0.0.1");
 */
export function httpsFront(dir: string, upstream: URL, seen?: (req: IncomingMessage) => void): Server {
  const tls = { key: readFileSync(join(dir, "ec2.key")), cert: readFileSync(join(dir, "ec2.pem")) };
  return createServer(tls, (req, res) => {
    seen?.(req);
    const out = request(
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
    out.on("error", (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(out);
  });
}
