import { describe, expect, it } from "vitest";
import {
  OVERLAY_GROUP_HEADING,
  pacemakerOverlayGroup,
  parseOverlayGroup,
} from "../../e2e/overlay-settings.ts";
import { PACEMAKER_DOC, pacemakerSettings, resourceIds, settingsOf, withValues } from "../../e2e/settings.ts";

const block = (sh: string) => `${OVERLAY_GROUP_HEADING}: …**\n\`\`\`sh\n${sh}\n\`\`\`\n`;
const create =
  "pcs resource create overlay ocf:eip-failover:route ip=192.168.100.10 routing_table=rtb-1 \\\n  meta multiple-active=stop_unexpected op monitor interval=10s";

// The overlay e2e runs docs/pacemaker.md step 2's lines with the real pcs (test/e2e/cluster.ts `configure`).
describe("docs/pacemaker.md step 2: the group of the EIP and the routes the overlay e2e runs", () => {
  it("puts the route resource last, after step 1's EIP, with multiple-active=stop_unexpected", () => {
    // Act
    const group = pacemakerOverlayGroup(PACEMAKER_DOC);
    const route = group.lines.find((l) => l.startsWith("pcs resource create ")) ?? "";
    const routeMeta = settingsOf([route]);
    // Assess: Pacemaker restarts what is ordered after a resource it stops as unexpected, so nothing may follow it
    expect(group.members).toEqual([
      ...resourceIds(pacemakerSettings(PACEMAKER_DOC).lines),
      ...resourceIds([route]),
    ]);
    expect(route).toMatch(/^pcs resource create \S+ ocf:eip-failover:route /);
    expect(routeMeta.get("multiple-active")).toBe("stop_unexpected");
    // Pacemaker 2.1 migrates a group member only when what is ordered before it migrates too: overlay after a
    // migratable vip migrates (no gap for the routes) only with allow-migrate=true of its own
    expect(routeMeta.get("allow-migrate")).toBe("true");
    expect(settingsOf(pacemakerSettings(PACEMAKER_DOC).lines).get("allow-migrate")).toBe("true");
    // The harness puts the topology's overlay IP and route tables in, as a user puts theirs
    expect(() => withValues(group.lines, { ip: "10.9.9.9", routing_table: "rtb-1" })).not.toThrow();
  });

  it("reads the block's pcs lines and the group's order", () => {
    // Act
    const group = parseOverlayGroup(block(`${create}\npcs resource group add web vip overlay`));
    // Assess
    expect(group).toEqual({
      lines: [
        "pcs resource create overlay ocf:eip-failover:route ip=192.168.100.10 routing_table=rtb-1 meta multiple-active=stop_unexpected op monitor interval=10s",
        "pcs resource group add web vip overlay",
      ],
      group: "web",
      members: ["vip", "overlay"],
    });
  });

  it.each([
    ["# no such paragraph\n", "docs/pacemaker.md has no paragraph"],
    [block(create), "expected 'pcs resource group add GROUP MEMBER…'"],
    [block(`${create}\npcs resource group add web`), "expected 'pcs resource group add GROUP MEMBER…'"],
    [block(`${create}\nip route add x`), "the e2e suite runs pcs lines only, not 'ip route add x'"],
  ])("refuses a page the suite could not run (%#)", (markdown, message) => {
    expect(() => parseOverlayGroup(markdown)).toThrow(message);
  });
});
