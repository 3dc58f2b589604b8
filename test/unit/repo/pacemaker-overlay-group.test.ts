import { describe, expect, it } from "vitest";
import {
  OVERLAY_GROUP_HEADING,
  pacemakerOverlayGroup,
  parseOverlayGroup,
} from "../../e2e/overlay-settings.ts";
import { PACEMAKER_DOC, pacemakerSettings } from "../../e2e/settings.ts";

const block = (sh: string) => `${OVERLAY_GROUP_HEADING}: …**\n\`\`\`sh\n${sh}\n\`\`\`\n`;
const create =
  "pcs resource create overlay ocf:eip-failover:route ip=192.168.100.10 routing_table=rtb-1 \\\n  meta multiple-active=stop_unexpected op monitor interval=10s";

// The overlay e2e builds its group from docs/pacemaker.md step 2 (test/e2e/overlay-settings.ts).
describe("docs/pacemaker.md step 2: the group of the EIP and the routes the overlay e2e runs", () => {
  it("puts the route resource last, after step 1's EIP, with multiple-active=stop_unexpected", () => {
    // Act
    const group = pacemakerOverlayGroup(PACEMAKER_DOC);
    // Assess: Pacemaker restarts what is ordered after a resource it stops as unexpected, so nothing may follow it
    expect(group.members).toEqual([pacemakerSettings(PACEMAKER_DOC).resource.id, group.route.id]);
    expect(group.route.agent).toBe("ocf:eip-failover:route");
    expect(group.route.meta["multiple-active"]).toBe("stop_unexpected");
    // Pacemaker 2.1 migrates a group member only when what is ordered before it migrates too: overlay after a
    // migratable vip migrates (no gap for the routes) only with allow-migrate=true of its own
    expect(group.route.meta["allow-migrate"]).toBe("true");
    expect(pacemakerSettings(PACEMAKER_DOC).resource.meta["allow-migrate"]).toBe("true");
  });

  it("reads the create line's meta and ops and the group's order", () => {
    // Act
    const group = parseOverlayGroup(block(`${create}\npcs resource group add web vip overlay`));
    // Assess
    expect(group).toEqual({
      group: "web",
      members: ["vip", "overlay"],
      route: {
        id: "overlay",
        agent: "ocf:eip-failover:route",
        params: { ip: "192.168.100.10", routing_table: "rtb-1" },
        meta: { "multiple-active": "stop_unexpected" },
        ops: { monitor: { interval: "10s" } },
      },
    });
  });

  it.each([
    ["# no such paragraph\n", "docs/pacemaker.md has no paragraph"],
    [block(create), "expected 'pcs resource create' and 'pcs resource group add'"],
    [
      block(
        "pcs resource create overlay ocf:heartbeat:aws-vpc-move-ip ip=1\npcs resource group add web vip overlay",
      ),
      "agent 'ocf:heartbeat:aws-vpc-move-ip' is not ocf:eip-failover:route",
    ],
    [block(`${create}\npcs resource group add web vip`), "does not add 'overlay' to a group"],
  ])("refuses a page the suite could not apply (%#)", (markdown, message) => {
    expect(() => parseOverlayGroup(markdown)).toThrow(message);
  });
});
