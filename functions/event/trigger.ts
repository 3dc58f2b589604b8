import * as z from "zod/mini";
import { DOWN_STATES, ID_PATTERNS, isDown, isId } from "../../core/index.ts";
import "../clusters/schema.ts"; // English messages for zod/mini

const instanceId = z.string().check(z.regex(ID_PATTERNS.instanceId));

// The EventBridge envelope; `version` is optional because AWS's own documented examples omit it.
const Envelope = z.object({
  version: z.optional(z.string()),
  id: z.string().check(z.minLength(1)),
  "detail-type": z.string(),
  source: z.string(),
  account: z.string(),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});

const StateChangeDetail = z.object({ "instance-id": instanceId, state: z.string() });

const AlarmDetail = z.object({
  alarmName: z.string().check(z.minLength(1)),
  state: z.object({ value: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]), reason: z.optional(z.string()) }),
  configuration: z.object({
    metrics: z.optional(
      z.array(
        z.object({
          metricStat: z.optional(
            z.object({ metric: z.object({ dimensions: z.optional(z.record(z.string(), z.string())) }) }),
          ),
        }),
      ),
    ),
  }),
});

/** What an event means to the controller. */
export type Trigger =
  | {
      readonly kind: "failure";
      readonly instanceId: string;
      readonly cause: "state-change" | "alarm";
      /** The state or alarm name, for logs. */
      readonly detail: string;
      readonly eventId: string;
      /** When AWS says it happened (epoch ms), for FailoverLatencyMs. */
      readonly at: number;
    }
  | { readonly kind: "ignored"; readonly reason: string }
  | { readonly kind: "malformed"; readonly reason: string };

const issue = (e: z.core.$ZodError) => {
  const first = e.issues[0];
  return `${first?.path.join(".") || "(event)"}: ${first?.message ?? "invalid"}`;
};

/** Decides what an event means. Pure; never throws, whatever arrives. */
export function parseTrigger(event: unknown): Trigger {
  const envelope = Envelope.safeParse(event);
  if (!envelope.success)
    return { kind: "malformed", reason: `not an EventBridge event: ${issue(envelope.error)}` };
  const e = envelope.data;
  const at = Date.parse(e.time);
  if (e.source === "aws.ec2" && e["detail-type"] === "EC2 Instance State-change Notification") {
    const detail = StateChangeDetail.safeParse(e.detail);
    if (!detail.success)
      return { kind: "malformed", reason: `EC2 state change without a valid detail: ${issue(detail.error)}` };
    const { "instance-id": id, state } = detail.data;
    if (!isDown(state))
      return {
        kind: "ignored",
        reason: `instance ${id} entered '${state}', not a failure (${DOWN_STATES.join(", ")})`,
      };
    return { kind: "failure", instanceId: id, cause: "state-change", detail: state, eventId: e.id, at };
  }
  if (e.source === "aws.cloudwatch" && e["detail-type"] === "CloudWatch Alarm State Change") {
    const detail = AlarmDetail.safeParse(e.detail);
    if (!detail.success)
      return {
        kind: "malformed",
        reason: `alarm state change without a valid detail: ${issue(detail.error)}`,
      };
    const { alarmName, state, configuration } = detail.data;
    if (state.value !== "ALARM")
      return { kind: "ignored", reason: `alarm ${alarmName} went to ${state.value}, not ALARM` };
    const ids = (configuration.metrics ?? []).flatMap((m) => {
      const id = m.metricStat?.metric.dimensions?.InstanceId;
      return id ? [id] : [];
    });
    const id = ids[0];
    if (!id) return { kind: "malformed", reason: `alarm ${alarmName} has no InstanceId dimension` };
    if (!isId("instanceId", id))
      return { kind: "malformed", reason: `alarm ${alarmName} names a malformed instance id '${id}'` };
    return { kind: "failure", instanceId: id, cause: "alarm", detail: alarmName, eventId: e.id, at };
  }
  return { kind: "ignored", reason: `not handled: source '${e.source}', detail-type '${e["detail-type"]}'` };
}
