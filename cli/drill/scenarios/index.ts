import type { Scenario } from "../types.ts";
import { azOutage } from "./az-outage.ts";
import { bothDown } from "./both-down.ts";
import { bothDownThenBReturns } from "./both-down-then-b-returns.ts";
import type { ScenarioFn } from "./common.ts";
import { grace } from "./grace.ts";
import { instanceStop } from "./instance-stop.ts";
import { membershipChange } from "./membership-change.ts";
import { missedEvent } from "./missed-event.ts";
import { overlay } from "./overlay.ts";
import { pacemaker } from "./pacemaker.ts";
import { statusAlarm } from "./status-alarm.ts";

export type { ScenarioContext, ScenarioFn } from "./common.ts";

/** Every scenario by its --scenario name. */
export const SCENARIOS: Readonly<Record<Scenario, ScenarioFn>> = {
  "instance-stop": instanceStop,
  "status-alarm": statusAlarm,
  pacemaker,
  grace,
  "both-down": bothDown,
  "az-outage": azOutage,
  "missed-event": missedEvent,
  "both-down-then-b-returns": bothDownThenBReturns,
  "membership-change": membershipChange,
  overlay,
};

/** Scenarios that run the built agent executable. */
export const NEEDS_AGENT: readonly Scenario[] = ["pacemaker", "grace"];
