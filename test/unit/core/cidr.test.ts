import { describe, expect, it } from "vitest";
import { cidrContains, containingCidr } from "../../../core/cidr.ts";

describe("cidrContains (IPv4 and IPv6, pure)", () => {
  it.each<[string, string, boolean]>([
    // IPv4: inside, at both ends, just outside, host routes compared by their address
    ["10.0.0.0/16", "10.0.3.7", true],
    ["10.0.0.0/16", "10.0.0.0", true],
    ["10.0.0.0/16", "10.0.255.255/32", true],
    ["10.0.0.0/16", "10.1.0.0", false],
    ["10.0.0.0/16", "9.255.255.255", false],
    ["10.0.0.0/16", "192.168.100.10/32", false],
    ["0.0.0.0/0", "203.0.113.9", true],
    ["192.168.100.10/32", "192.168.100.10/32", true],
    ["192.168.100.10/32", "192.168.100.11", false],
    ["100.64.0.0/10", "100.127.255.255", true],
    ["100.64.0.0/10", "100.128.0.0", false],
    // IPv6: compressed forms, case, a trailing dotted IPv4, both ends of a /56
    ["2600:1f18:abcd:1200::/56", "2600:1f18:abcd:12ff:ffff:ffff:ffff:ffff", true],
    ["2600:1f18:abcd:1200::/56", "2600:1f18:abcd:1300::", false],
    ["2600:1F18:ABCD:1200::/56", "2600:1f18:abcd:1210::10/128", true],
    ["fd00:ec2::/64", "fd00:ec2::10/128", true],
    ["fd00:ec2::/64", "fd00:ec2:0:1::10", false],
    ["::/0", "fd00:ec2::10", true],
    ["::ffff:0:0/96", "::ffff:10.0.0.1", true],
    ["64:ff9b::/96", "64:ff9b::192.168.100.10", true],
    ["fd00:ec2::10/128", "fd00:0ec2:0000:0000:0000:0000:0000:0010", true],
    // `::` standing for exactly one group of zeros; spaces around either value
    ["::/0", "fd00:1:2:3:4:5:6::", true],
    ["fd00:0:0:0:0:0:0:1/128", "fd00::2:3:4:5:6:7", false],
    [" 10.0.0.0/16 ", " 10.0.3.7 ", true],
    // different families never contain each other
    ["10.0.0.0/8", "::ffff:10.0.0.1", false],
    ["::/0", "10.0.0.1", false],
  ])("%s contains %s: %s", (cidr, address, expected) => {
    expect(cidrContains(cidr, address)).toBe(expected);
  });

  it.each<[string, string]>([
    ["10.0.0.0", "10.0.0.1"],
    ["10.0.0.0/33", "10.0.0.1"],
    ["10.0.0.0/", "10.0.0.1"],
    ["10.0.0.0/16/1", "10.0.0.1"],
    ["10.0.0.0/x", "10.0.0.1"],
    ["10.0.0.256/16", "10.0.0.1"],
    ["0.0.0.0/0", "10.0.0"],
    ["0.0.0.0/0", "010.0.0.1"],
    ["fd00::/129", "fd00::1"],
    // a prefix longer than the family's bits holds nothing, not even the same address
    ["10.0.0.1/33", "10.0.0.1"],
    ["fd00::1/129", "fd00::1"],
    // a prefix length is decimal digits only, which Number() alone would not ensure
    ["10.0.0.0/0x10", "10.0.0.1"],
    ["10.0.0.0/1e1", "10.0.0.1"],
    ["10.0.0.0/ 16", "10.0.0.1"],
    ["10.0.0.0/16e0", "10.0.0.1"],
    ["::/0", "fd00::1::2"],
    ["::/0", "fd00:1:2:3:4:5:6:7:8"],
    ["::/0", "fd00:1:2:3:4:5:6"],
    ["::/0", "fd00:1:2:3:4:5:6:7::"],
    ["::/0", "fd00::12345"],
    ["::/0", ":fd00::1"],
    ["::/0", "fd00::g"],
    ["::/0", "fd00::1.2.3"],
    ["::/0", "::1.2.3.4:5"],
    ["", ""],
  ])(
    "malformed %s or %s: contains nothing (even the widest block holds no malformed address)",
    (cidr, address) => {
      expect(cidrContains(cidr, address)).toBe(false);
    },
  );
});

describe("containingCidr", () => {
  it("names the first block that holds the address, undefined when none does", () => {
    // Prepare
    const vpc = ["10.0.0.0/16", "100.64.0.0/16", "2600:1f18:abcd:1200::/56"];
    // Act / Assess
    expect(containingCidr(vpc, "100.64.1.1/32")).toBe("100.64.0.0/16");
    expect(containingCidr(vpc, "2600:1f18:abcd:1201::10/128")).toBe("2600:1f18:abcd:1200::/56");
    expect(containingCidr(vpc, "192.168.100.10/32")).toBeUndefined();
    expect(containingCidr([], "10.0.0.1")).toBeUndefined();
  });
});
