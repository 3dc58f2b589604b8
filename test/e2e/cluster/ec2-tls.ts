// EC2's HTTPS front door in the AWS namespace (198.51.100.10:443, the address each node's /etc/hosts gives
// ec2.REGION.amazonaws.com): terminates TLS with ec2-name.sh's certificate and forwards each request, untouched, to
// the sim proxy (http://198.51.100.10:4566), so a client that knows only AWS's public endpoint (fence_aws) calls
// the sim and is logged like any other. Prints "ec2-tls listening" when up. Usage: ec2-tls.ts TLS_DIR
import { httpsFront } from "../../support/https-front.ts";

const server = httpsFront(process.argv[2] ?? "", new URL("http://198.51.100.10:4566"));
server.listen(443, "198.51.100.10", () => console.log("ec2-tls listening"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
