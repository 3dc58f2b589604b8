import type { NoticeDetail, NoticeOutcome, NoticeTrigger, PhaseTimings } from "../../functions/index.ts";

/** One failover notice as the history keeps it: the controller's detail, and when it was recorded (epoch ms). */
export interface HistoryNotice {
  readonly at: number;
  readonly detail: NoticeDetail;
}

/** The phases of a failover's timeline, in the order they happen. */
export const Phases = ["trigger", "grace", "wait", "fence", "move", "reconcile", "start", "outcome"] as const;
export type Phase = (typeof Phases)[number];

/** One line of a failover's timeline: a phase, when it began (epoch ms), how long it took, what it was. */
export interface TimelineStep {
  readonly phase: Phase;
  readonly at: number;
  /** Undefined for a point in time (the trigger, the outcome). */
  readonly ms?: number;
  readonly text: string;
}

/** One address or route of a failover, as its last notice left it. */
export interface FailoverItem {
  /** `eipalloc-… (203.0.113.10)`, or `route 192.168.100.10/32 (rtb-…, rtb-…)`. */
  readonly what: string;
  readonly outcome: NoticeOutcome;
  /** The last notice's one line. */
  readonly summary: string;
  /** How many notices were sent about it: more than 1 after a retried error, or each sweep of a paused cluster. */
  readonly notices: number;
  /** The earlier notices' outcomes, oldest first (a retried error before the move). */
  readonly before: readonly NoticeOutcome[];
  readonly timings: PhaseTimings;
  /** Paused only: what the controller would have done and did not. */
  readonly plan?: readonly string[];
}

/** One failover: the notices of one failure of one cluster's set, as a timeline. */
export interface Failover {
  readonly cluster: string;
  /** The failure answered; undefined for a notice from a controller that did not name it yet. */
  readonly trigger?: NoticeTrigger;
  /** AWS's time of the failure (epoch ms); without a trigger, the time its phases account for before the notice. */
  readonly failedAt: number;
  /** The last notice's time (epoch ms). */
  readonly endedAt: number;
  readonly from?: string;
  readonly to?: string;
  /** Each item's final outcome, once each, in the items' order. */
  readonly outcomes: readonly NoticeOutcome[];
  readonly items: readonly FailoverItem[];
  readonly timeline: readonly TimelineStep[];
}
