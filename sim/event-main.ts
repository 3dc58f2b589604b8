// Prints a real-shaped EventBridge event, e.g. to invoke a deployed controller in dry-run mode:
//   npx tsx sim/event-main.ts stopped i-0123456789abcdef0 > event.json
//   npx tsx sim/event-main.ts alarm i-0123456789abcdef0 > event.json
import { alarmStateChange, instanceStateChange } from "./events.ts";
import { type Ec2State, exampleId, INSTANCE_STATES, isEc2Id } from "./vocabulary.ts";

const [kind, instanceId, region] = process.argv.slice(2);
// EC2 sends a state-change notification for every state an instance enters.
const KINDS: readonly string[] = [...INSTANCE_STATES, "alarm"];
if (!kind || !KINDS.includes(kind) || !instanceId || !isEc2Id("instance", instanceId)) {
  console.error(
    `usage: event-main.ts ${KINDS.join("|")} ${exampleId("instance")} [region] (got '${kind ?? ""}' '${instanceId ?? ""}')`,
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
    : instanceStateChange({ instanceId, state: kind as Ec2State, ...(region ? { region } : {}) });
console.log(JSON.stringify(event, null, 2));
