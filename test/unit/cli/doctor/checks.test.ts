import { describe, expect, it } from "vitest";
import { renderChecks, runChecks } from "../../../../cli/doctor/checks.ts";
import type { DoctorCluster, DoctorObservation } from "../../../../cli/doctor/types.ts";
import { healthyMember, TAG } from "./fixtures.ts";

const EIP = "eipalloc-0123456789abcdef0";
const member = healthyMember;

/** A correct deployment of the classic pair; `over` breaks one thing. */
function observation(
  over: Partial<DoctorCluster> = {},
  invalid: DoctorObservation["invalid"] = [],
): DoctorObservation {
  return {
    clusters: [
      {
        name: "web",
        addresses: [{ allocationId: EIP, exists: true, publicIp: "198.51.100.7", domain: "vpc", tags: TAG }],
        members: [member("i-0aaaaaaaaaaaaaaaa"), member("i-0bbbbbbbbbbbbbbbb")],
        ...over,
      },
    ],
    invalid,
  };
}

const failed = (o: DoctorObservation) =>
  runChecks(o)
    .filter((r) => !r.ok)
    .map((r) => r.what);

describe("doctor's checks (pure)", () => {
  it("a correct setup passes every check: document, address ×3, member ×4 each", () => {
    const results = runChecks(observation());
    expect(results).toHaveLength(1 + 3 + 2 * 4);
    expect(results.every((r) => r.ok && r.fix === undefined)).toBe(true);
    expect(renderChecks(results)).toContain("all 12 checks passed");
  });

  it.each<[string, DoctorObservation, string[]]>([
    [
      "an untagged network interface",
      observation({
        members: [
          member("i-0aaaaaaaaaaaaaaaa", {
            interfaces: [{ networkInterfaceId: "eni-0aaaaaaaaaaaaaaaa", tags: {} }],
          }),
          member("i-0bbbbbbbbbbbbbbbb"),
        ],
      }),
      [
        "member i-0aaaaaaaaaaaaaaaa's network interface eni-0aaaaaaaaaaaaaaaa is tagged eip-failover:cluster=web",
      ],
    ],
    [
      "IMDSv1 allowed",
      observation({
        members: [member("i-0aaaaaaaaaaaaaaaa", { httpTokens: "optional" }), member("i-0bbbbbbbbbbbbbbbb")],
      }),
      ["member i-0aaaaaaaaaaaaaaaa requires IMDSv2 (HttpTokens=required, hop limit ≥ 1; has optional, 1)"],
    ],
    [
      "an instance tagged for another cluster",
      observation({
        members: [
          member("i-0aaaaaaaaaaaaaaaa", { tags: { "eip-failover:cluster": "db" } }),
          member("i-0bbbbbbbbbbbbbbbb"),
        ],
      }),
      ["member i-0aaaaaaaaaaaaaaaa is tagged eip-failover:cluster=web"],
    ],
    [
      "a member that does not exist",
      observation({
        members: [member("i-0aaaaaaaaaaaaaaaa", { exists: false }), member("i-0bbbbbbbbbbbbbbbb")],
      }),
      ["member i-0aaaaaaaaaaaaaaaa exists"],
    ],
    [
      "an address that does not exist, and an EC2-Classic one",
      observation({
        addresses: [
          { allocationId: EIP, exists: false, tags: {} },
          {
            allocationId: "eipalloc-0fedcba9876543210",
            exists: true,
            publicIp: "198.51.100.8",
            domain: "standard",
            tags: TAG,
          },
        ],
      }),
      [`address ${EIP} exists`, "address 198.51.100.8 (eipalloc-0fedcba9876543210) is a VPC address"],
    ],
    [
      "an invalid document",
      observation({}, [
        {
          parameter: "/eip-failover/clusters/db",
          field: "members",
          why: "a cluster needs at least two members",
        },
      ]),
      ["cluster document /eip-failover/clusters/db is valid (members: a cluster needs at least two members)"],
    ],
  ])("%s: exactly that ✗", (_, o, expected) => {
    expect(failed(o)).toEqual(expected);
  });

  it("each ✗ prints its fix on the next line, and the count", () => {
    const results = runChecks(
      observation({
        members: [member("i-0aaaaaaaaaaaaaaaa", { httpTokens: "optional" }), member("i-0bbbbbbbbbbbbbbbb")],
      }),
    );
    const text = renderChecks(results);
    expect(text).toContain(
      "✗ member i-0aaaaaaaaaaaaaaaa requires IMDSv2 (HttpTokens=required, hop limit ≥ 1; has optional, 1)\n    fix: aws ec2 modify-instance-metadata-options --instance-id i-0aaaaaaaaaaaaaaaa --http-tokens required",
    );
    expect(text).toMatch(/1 of 12 checks failed\n$/);
  });
});
