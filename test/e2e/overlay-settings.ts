import { readFileSync } from "node:fs";
import { type ClusterSettings, PACEMAKER_DOC, parseSettings } from "./settings.ts";

/** docs/pacemaker.md's recommended group of the EIP and an overlay route resource, as the overlay e2e builds it. */
export interface OverlayGroupSettings {
  /** The group's id (`pcs resource group add GROUP …`). */
  readonly group: string;
  /** The group's members in start order, e.g. ["vip", "overlay"]. */
  readonly members: readonly string[];
  /** The route resource of `pcs resource create … ocf:eip-failover:route …` (its params are the page's examples). */
  readonly route: ClusterSettings["resource"];
}

/** Where docs/pacemaker.md (step 2, the overlay IP beside the EIP) shows the group. */
export const OVERLAY_GROUP_HEADING = "**Beside the EIP, in one group";

/** Parses the first `sh` block after OVERLAY_GROUP_HEADING; throws naming what is missing. */
export function parseOverlayGroup(markdown: string): OverlayGroupSettings {
  const section = markdown.split(OVERLAY_GROUP_HEADING)[1];
  if (section === undefined) throw new Error(`docs/pacemaker.md has no paragraph '${OVERLAY_GROUP_HEADING}'`);
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const lines = block
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const create = lines.find((l) => l.startsWith("pcs resource create "));
  const add = lines.find((l) => l.startsWith("pcs resource group add "));
  if (!create || !add)
    throw new Error(
      `pacemaker.md '${OVERLAY_GROUP_HEADING}': expected 'pcs resource create' and 'pcs resource group add' in its sh block, got '${lines.join(" / ")}'`,
    );
  const route = parseSettings(create).resource;
  if (route.agent !== "ocf:eip-failover:route")
    throw new Error(
      `pacemaker.md '${OVERLAY_GROUP_HEADING}': agent '${route.agent}' is not ocf:eip-failover:route`,
    );
  const [group, ...members] = add.split(/\s+/).slice(4);
  if (!group || !members.includes(route.id))
    throw new Error(
      `pacemaker.md '${OVERLAY_GROUP_HEADING}': '${add}' does not add '${route.id}' to a group`,
    );
  return { group, members, route };
}

/** The group docs/pacemaker.md recommends (or the one in the copy E2E_PACEMAKER names). */
export function pacemakerOverlayGroup(
  path = process.env.E2E_PACEMAKER ?? PACEMAKER_DOC,
): OverlayGroupSettings {
  return parseOverlayGroup(readFileSync(path, "utf8"));
}
