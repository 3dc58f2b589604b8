// The eip agent's executable (ocf:eip-failover:eip): Pacemaker runs it as `eip <action>` with OCF_RESKEY_* in
// the environment. ../ocf/dispatch.ts decides the order; the network half (run.ts) loads only when an action
// needs it.
import { dispatch } from "../ocf/dispatch.ts";
import { parseConfig } from "./config.ts";
import { EIP_AGENT } from "./meta-data.ts";

dispatch({ agent: EIP_AGENT, parse: parseConfig, network: async () => (await import("./run.ts")).run });
