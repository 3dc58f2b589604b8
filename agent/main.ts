// The eip agent's executable (ocf:eip-failover:eip): Pacemaker runs it as `eip <action>` with OCF_RESKEY_* in
// the environment. dispatch.ts decides the order; the network half (run.ts) loads only when an action needs it.
import { parseConfig } from "./config.ts";
import { dispatch } from "./dispatch.ts";
import { metaData, usage } from "./meta-data.ts";
import { VERSION } from "./version.ts";

dispatch({
  program: "eip",
  metaData: () => metaData(VERSION),
  usage: () => usage("eip"),
  parse: parseConfig,
  network: async () => (await import("./run.ts")).run,
});
