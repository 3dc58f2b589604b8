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
