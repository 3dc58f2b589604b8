// The eip agent's executable (ocf:eip-failover:eip): Pacemaker runs it as `eip <action>` with OCF_RESKEY_* in
// the environment. dispatch.ts decides the order; the network half (run.ts) loads only when an action needs it.

import { dispatch } from "../ocf/dispatch.ts";
import { VERSION } from "../ocf/version.ts";
import { parseConfig } from "./config.ts";
import { metaData, usage } from "./meta-data.ts";

dispatch({
  program: "eip",
  metaData: () => metaData(VERSION),
  usage: () => usage("eip"),
  parse: parseConfig,
  network: async () => (await import("./run.ts")).run,
});
