import { describe, expect, it } from "vitest";
import { renderStatus } from "../../../../cli/status/render.ts";
import type { ClusterStatus } from "../../../../cli/status/types.ts";

const cluster: ClusterStatus = {
  name: "web",
  fencing: "none",
  graceSeconds: 0,
  addresses: [
    {
      allocationId: "eipalloc-0123456789abcdef0",
      publicIp: "198.51.100.7",
      instanceId: "i-0aaaaaaaaaaaaaaaa",
      networkInterfaceId: "eni-0aaaaaaaaaaaaaaaa",
      privateIpAddress: "10.0.0.20",
      availabilityZone: "ap-northeast-1a",
      heldBy: "member",
      standby: "i-0bbbbbbbbbbbbbbbb",
    },
  ],
  routes: [],
  members: [
    {
      instanceId: "i-0aaaaaaaaaaaaaaaa",
      state: "running",
      checks: "ok",
      availabilityZone: "ap-northeast-1a",
      holds: ["198.51.100.7"],
      alarm: undefined,
    },
    {
      instanceId: "i-0bbbbbbbbbbbbbbbb",
      state: "stopped",
      checks: "-",
      availabilityZone: "ap-northeast-1c",
      holds: [],
      alarm: undefined,
    },
  ],
  warnings: ["address 198.51.100.7 (eipalloc-0123456789abcdef0) has no healthy standby"],
};

describe("renderStatus", () => {
  it("a 2-node cluster as one screen: the address, where it sits, the standby, a member table, drift", () => {
    expect(renderStatus({ clusters: [cluster], invalid: [] })).toBe(
      [
        "cluster web: 1 address, 2 members (fencing none, grace 0 s)",
        "",
        "  198.51.100.7  eipalloc-0123456789abcdef0",
        "    on       i-0aaaaaaaaaaaaaaaa  eni-0aaaaaaaaaaaaaaaa  10.0.0.20  ap-northeast-1a",
        "    standby  i-0bbbbbbbbbbbbbbbb  (the controller's choice if the holder failed now)",
        "",
        "  member               state    checks  AZ               holds",
        "  i-0aaaaaaaaaaaaaaaa  running  ok      ap-northeast-1a  198.51.100.7",
        "  i-0bbbbbbbbbbbbbbbb  stopped  -       ap-northeast-1c  -",
        "",
        "  ! address 198.51.100.7 (eipalloc-0123456789abcdef0) has no healthy standby",
        "",
      ].join("\n"),
    );
  });

  it("an overlay route: one line per table, where it points now (a member, or nowhere in red), and its standby", () => {
    // Prepare
    const routed: ClusterStatus = {
      ...cluster,
      addresses: [],
      warnings: [],
      routes: [
        {
          destination: "fd00:ec2::10/128",
          tables: [
            {
              routeTableId: "rtb-0aaaaaaaaaaaaaaaa",
              pointsAt: "member",
              instanceId: "i-0aaaaaaaaaaaaaaaa",
              networkInterfaceId: "eni-0aaaaaaaaaaaaaaaa",
            },
            { routeTableId: "rtb-0bbbbbbbbbbbbbbbb", pointsAt: "nowhere" },
            {
              routeTableId: "rtb-0cccccccccccccccc",
              pointsAt: "blackhole",
              target: "network interface eni-0dddddddddddddddd (blackhole)",
            },
            {
              routeTableId: "rtb-0eeeeeeeeeeeeeeee",
              pointsAt: "non-member",
              target: "igw-0123456789abcdef0",
            },
            { routeTableId: "rtb-0ffffffffffffffff", pointsAt: "missing" },
          ],
          holder: "i-0aaaaaaaaaaaaaaaa",
          standby: undefined,
        },
      ],
    };
    // Act
    const plain = renderStatus({ clusters: [routed], invalid: [] });
    const coloured = renderStatus({ clusters: [routed], invalid: [] }, true);
    // Assess
    expect(plain.split("\n").slice(0, 9)).toEqual([
      "cluster web: 0 addresses, 1 route, 2 members (fencing none, grace 0 s)",
      "",
      "  fd00:ec2::10/128  overlay route in 5 tables",
      "    rtb-0aaaaaaaaaaaaaaaa  → i-0aaaaaaaaaaaaaaaa  eni-0aaaaaaaaaaaaaaaa",
      "    rtb-0bbbbbbbbbbbbbbbb  → nowhere (no route)",
      "    rtb-0cccccccccccccccc  → blackhole: network interface eni-0dddddddddddddddd (blackhole)",
      "    rtb-0eeeeeeeeeeeeeeee  → igw-0123456789abcdef0 (not a member's)",
      "    rtb-0ffffffffffffffff  → does not exist in this Region",
      "    standby  none healthy  (the controller's choice if the holder failed now)",
    ]);
    expect(plain).toContain("✓ no drift: every address and route on a healthy member");
    expect(coloured).toContain("\u001b[31mnowhere (no route)\u001b[0m");
  });

  it("colour only when asked (a terminal): none of it in plain text", () => {
    const plain = renderStatus({ clusters: [cluster], invalid: [] }, false);
    const coloured = renderStatus({ clusters: [cluster], invalid: [] }, true);
    expect(plain).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[31mstopped\u001b[0m");
    expect(
      coloured
        .split("\u001b[")
        .map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, "")))
        .join(""),
    ).toBe(plain);
  });

  it("an invalid document is listed with its field and why", () => {
    const text = renderStatus({
      clusters: [],
      invalid: [
        {
          parameter: "/eip-failover/clusters/db",
          field: "members",
          why: "a cluster needs at least two members",
        },
      ],
    });
    expect(text).toBe("✗ /eip-failover/clusters/db: members: a cluster needs at least two members\n");
  });
});
