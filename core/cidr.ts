// CIDR containment for IPv4 and IPv6, with no dependency: an address is a bigint of 32 or 128 bits. The doctor
// uses it to prove an overlay IP lies outside every CIDR of the VPC (inside one, the VPC's local route wins).

import { split } from "./split.ts";

/** One parsed address: its family and its bits as a number. */
interface Parsed {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}

/** The eight hextets of an IPv6 address (`::` expanded, a trailing dotted IPv4 as two), or undefined. */
function hextetsOf(text: string): number[] | undefined {
  const halves = split(text, "::");
  if (halves.length > 2) return undefined;
  const side = (half: string): number[] | undefined => {
    if (half === "") return [];
    const groups = split(half, ":");
    const last = groups[groups.length - 1] as string;
    const tail: number[] = [];
    if (last.includes(".")) {
      const v4 = parseIpv4(last);
      if (v4 === undefined) return undefined;
      groups.pop();
      tail.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    }
    if (!groups.every((g) => HEXTET.test(g))) return undefined;
    return [...groups.map((g) => Number.parseInt(g, 16)), ...tail];
  };
  const head = side(halves[0]);
  const rest = side(halves[1] ?? "");
  if (!head || !rest) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - rest.length;
  // `::` stands for at least one group of zeros.
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...rest] : undefined;
}

/** An IPv4 or IPv6 address as bits, or undefined when it is neither. */
function parseIp(text: string): Parsed | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const hextets = hextetsOf(text);
  return hextets ? { bits: 128, value: hextets.reduce((n, h) => (n << 16n) | BigInt(h), 0n) } : undefined;
}

/** A CIDR block (`10.0.0.0/16`, `2600:1f18::/56`) as its network and prefix length, or undefined. */
function parseCidr(text: string): (Parsed & { readonly prefix: number }) | undefined {
  const [address, length, ...rest] = split(text.trim(), "/");
  const ip = parseIp(address);
  // String(undefined) is "undefined", no prefix length.
  if (!ip || rest.length || !/^\d{1,3}$/.test(String(length))) return undefined;
  const prefix = Number(length);
  return prefix <= ip.bits ? { ...ip, prefix } : undefined;
}

/**
 * True when `address` (a bare IPv4 or IPv6 address, or a host route such as `192.168.100.10/32`, whose
 * network is compared) lies inside `cidr`. False for a different family or anything malformed. Pure.
 *
 * @example
 * cidrContains("10.0.0.0/16", "10.0.3.7") // true
 * cidrContains("2600:1f18:abcd:1200::/56", "2600:1f18:abcd:12ff::10/128") // true
 * cidrContains("10.0.0.0/16", "192.168.100.10/32") // false
 */
export function cidrContains(cidr: string, address: string): boolean {
  const block = parseCidr(cidr);
  const ip = parseIp(split(address.trim(), "/")[0]);
  if (!block || !ip || block.bits !== ip.bits) return false;
  const shift = BigInt(block.bits - block.prefix);
  return block.value >> shift === ip.value >> shift;
}

/**
 * The first of `cidrs` that contains `address`, or undefined when none does (see {@link cidrContains}).
 *
 * @example
 * containingCidr(["10.0.0.0/16", "100.64.0.0/16"], "100.64.1.1") // "100.64.0.0/16"
 */
export function containingCidr(cidrs: readonly string[], address: string): string | undefined {
  return cidrs.find((cidr) => cidrContains(cidr, address));
}
