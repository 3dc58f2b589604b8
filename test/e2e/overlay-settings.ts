import { readFileSync } from "node:fs";
import { PACEMAKER_DOC, pcsLines } from "./settings.ts";

/** docs/pacemaker.md's recommended group of the EIP and an overlay route resource, as the overlay e2e runs it. */
export interface OverlayGroupSettings {
  /** The block's pcs lines (`pcs resource create … ocf:eip-failover:route …`, `pcs resource group add …`), in order. */
  readonly lines: readonly string[];
  /** The group's id (`pcs resource group add GROUP …`). */
  readonly group: string;
  /** The group's members in start order, e.g. ["vip", "overlay"]. */
  readonly members: readonly string[];
}

/** Where docs/pacemaker.md (step 2, the overlay IP beside the EIP) shows the group. */
export const OVERLAY_GROUP_HEADING = "**Beside the EIP, in one group";

const GROUP_ADD = "pcs resource group add ";

/** The pcs lines of the first `sh` block after OVERLAY_GROUP_HEADING; throws naming what is missing. */
export function parseOverlayGroup(markdown: string): OverlayGroupSettings {
  const section = markdown.split(OVERLAY_GROUP_HEADING)[1];
  if (section === undefined) throw new Error(`docs/pacemaker.md has no paragraph '${OVERLAY_GROUP_HEADING}'`);
  const lines = pcsLines(/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "");
  const add = lines.find((l) => l.startsWith(GROUP_ADD));
  const [group, ...members] = add?.slice(GROUP_ADD.length).split(" ") ?? [];
  if (!group || members.length === 0)
    throw new Error(
      `pacemaker.md '${OVERLAY_GROUP_HEADING}': expected 'pcs resource group add GROUP MEMBER…' in its sh block, got '${lines.join(" / ")}'`,
    );
  return { lines, group, members };
}

/** The group docs/pacemaker.md recommends (or the one in the copy E2E_PACEMAKER names). */
export function pacemakerOverlayGroup(
  path = process.env.E2E_PACEMAKER ?? PACEMAKER_DOC,
): OverlayGroupSettings {
  return parseOverlayGroup(readFileSync(path, "utf8"));
}
