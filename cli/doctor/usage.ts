import { EXIT_CODES_HELP } from "../constants.ts";

export const USAGE = `usage: eip-failover doctor [--cluster NAME] [--json]

One line per check, ✓ or ✗, each ✗ with its fix in one sentence: each cluster document is valid; each
address exists, is a VPC address and is tagged; each member exists and is tagged, and so is each of its
network interfaces; each member requires IMDSv2; for a cluster with overlay routes, each member's routed
interface has source/destination check off, the overlay IP is outside the VPC's CIDRs, and each listed route
table exists, serves a subnet and sends the overlay to a member. Runs on the embedded region (started and
stopped by the command) with the drill's topology, set up as a correct deployment.

  --cluster <name>  only this cluster (default: every cluster document)
  --json            one JSON document on stdout instead of the lines
  -h, --help        this text

${EXIT_CODES_HELP}
  (1 also when any check fails)`;
