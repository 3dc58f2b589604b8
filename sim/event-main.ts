// Prints a real-shaped EventBridge event, e.g. to invoke a deployed controller in dry-run mode:
//   npx tsx sim/event-main.ts stopped i-0123456789abcdef0 > event.json
//   npx tsx sim/event-main.ts alarm i-0123456789abcdef0 > event.json
import { ID_EXAMPLES, isId } from "../core/ids.ts";
import { DOWN_STATES } from "../core/instance-states.ts";
import { alarmStateChange, instanceStateChange } from "./events.ts";

const [kind, instanceId, region] = process.argv.slice(2);
const KINDS: readonly string[] = [...DOWN_STATES, "alarm"];
if (!kind || !KINDS.includes(kind) || !instanceId || !isId("instanceId", instanceId)) {
  console.error(
    `usage: event-main.ts ${KINDS.join("|")} ${ID_EXAMPLES.instanceId} [region] (got '${kind ?? ""}' '${instanceId ?? ""}')`,
  );
  process.exit(2);
}
const event =
  kind === "alarm"
    ? alarmStateChange({
        alarmName: `eip-failover-dev-status-${instanceId}`,
        instanceId,
        state: "ALARM",
        ...(region ? { region } : {}),
      })
    : instanceStateChange({ instanceId, state: kind as "stopped", ...(region ? { region } : {}) });
console.log(JSON.stringify(event, null, 2));
