import { EXIT_CODES_HELP } from "../constants.ts";
import { LIVE_BY_DEFAULT_HELP } from "../where.ts";

export const USAGE = `usage: eip-failover doctor [--cluster NAME] [--json] [--region NAME] [--stack NAME] [--embedded]

One line per check, ✓ or ✗, each ✗ with its fix in one sentence: each cluster document is valid; each
address exists, is a VPC address and is tagged; each member exists and is tagged, and so is each of its
network interfaces; each member requires IMDSv2; for a cluster with overlay routes, each member's routed
interface has source/destination check off, the overlay IP is outside the VPC's CIDRs, and each listed route
table exists, serves a subnet and sends the overlay to a member; each member carries its instance profile and
status alarm, the rules are enabled, the controller exists and proves its permissions, the dead-letter queue
is empty, the stack's CloudWatch dashboard exists. A paused cluster (eip-failover pause) is named right
after the first line. A read that fails marks only the checks that need it "?" (unknown, with the reason); every other
check still runs. Looks at the real account (the deployed stack, found by name) unless --embedded; the first
line says where it looked, and --json carries the same as "source", and each check's stable "id".

  --cluster <name>  only this cluster (default: every cluster document)
  --json            one JSON document on stdout instead of the lines
${LIVE_BY_DEFAULT_HELP}
  -h, --help        this text

${EXIT_CODES_HELP}
  (1 also when any check fails or is unknown)`;
