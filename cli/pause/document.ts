// The pure part of `pause` and `resume`: the cluster document with its "paused" field set or removed.
import { type Cluster, parseCluster } from "../../functions/index.ts";
import type { Pause } from "../paused.ts";

/** What to write, or why nothing is written: already in the state asked, or a document that does not validate. */
export type PauseEdit =
  | { readonly kind: "write"; readonly text: string; readonly cluster: Cluster }
  | { readonly kind: "already"; readonly cluster: Cluster }
  | { readonly kind: "invalid"; readonly why: string };

/**
 * The document of `parameter` (its text `text`) with `pause` set (pause) or the field removed (`undefined`:
 * resume). The text keeps the operator's layout: one line stays one line, an indented document is written
 * indented by two. The result is validated by the controller's own schema before it is offered. Pure.
 *
 * @example
 * editPause("/eip-failover/clusters/web", text, { since: "2026-12-06T15:00:00.000Z" }) // { kind: "write", text, cluster }
 */
export function editPause(parameter: string, text: string, pause: Pause | undefined): PauseEdit {
  const before = parseCluster(parameter, text);
  if ("invalid" in before)
    return {
      kind: "invalid",
      why: `its document ${parameter} is invalid (${before.invalid.field}: ${before.invalid.why}); correct it first`,
    };
  if (pause === undefined ? !before.cluster.paused : before.cluster.paused)
    return { kind: "already", cluster: before.cluster };
  const { paused: _, ...rest } = JSON.parse(text) as Record<string, unknown>;
  const doc = pause === undefined ? rest : { ...rest, paused: pause };
  const out = text.trimEnd().includes("\n") ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
  const after = parseCluster(parameter, out);
  if ("invalid" in after)
    return { kind: "invalid", why: `--reason: ${after.invalid.field}: ${after.invalid.why}` };
  return { kind: "write", text: out, cluster: after.cluster };
}
