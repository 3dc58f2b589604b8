// EC2's HTTPS front door in the AWS namespace (198.51.100.10:443, the address each node's /etc/hosts gives
// ec2.REGION.amazonaws.com): terminates TLS with ec2-name.sh's certificate and forwards each request, untouched, to
// the sim proxy (http://198.51.100.10:4566), so a client that knows only AWS's public endpoint (fence_aws) calls
// the sim and is logged like any other. Prints "ec2-tls listening" when up. Usage: ec2-tls.ts TLS_DIR
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:https";
import { join } from "node:path";

const dir = process.argv[2] ?? "";
const server = createServer(
  { key: readFileSync(join(dir, "ec2.key")), cert: readFileSync(join(dir, "ec2.pem")) },
  (req, res) => {
    const out = request(
      { host: "198.51.100.10", port: 4566, method: req.method, path: req.url, headers: req.headers },
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
  },
);
server.listen(443, "198.51.100.10", () => console.log("ec2-tls listening"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
