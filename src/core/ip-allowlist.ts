import ipaddr from 'ipaddr.js';
import { invalid } from './errors.js';

/**
 * IP allowlists: the CIDRs a key may be verified from (the `ip` the platform passes, its
 * own client's address). Parsing and matching are ipaddr.js's, a small dependency-free
 * library (DESIGN.md), rather than hand-written; only what it is strict about is chosen
 * here. The one exception to "core imports no packages" (test/architecture.test.ts): it is
 * pure, with no I/O.
 *
 * - IPv4 only in four-part decimal (`203.0.113.7`): ipaddr.js also reads `127.1` and hex
 *   parts, which no allowlist author means.
 * - IPv4-mapped IPv6 (`::ffff:203.0.113.7`) is the IPv4 address it carries, on both sides:
 *   a dual-stack proxy that reports mapped addresses matches a plain IPv4 list, and a
 *   mapped CIDR (`::ffff:203.0.113.0/120`) is stored as the IPv4 one (`203.0.113.0/24`).
 * - Zone ids (`fe80::1%eth0`) are refused: they name an interface, not an address.
 */

export const MAX_ALLOWED_IPS = 100;

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = readonly [Address, number];

/** An address as an allowlist compares it (mapped IPv6 → IPv4), or null when `text` is not one. */
export function parseAddress(text: string): Address | null {
  if (text.includes('%')) return null;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return null;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** One allowlist entry (an address or a CIDR), normalized; null when it is neither. */
export function parseRange(entry: string): Range | null {
  const slash = entry.indexOf('/');
  if (slash < 0) {
    const address = parseAddress(entry);
    return address === null ? null : [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  const bitsText = entry.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  const text = entry.slice(0, slash);
  if (text.includes('%')) return null;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return bits <= 32 ? [ipaddr.IPv4.parse(text), bits] : null;
  if (!ipaddr.IPv6.isValid(text) || bits > 128) return null;
  const v6 = ipaddr.IPv6.parse(text);
  // A mapped range of at least the IPv4 part is that IPv4 range; a wider one stays IPv6.
  return v6.isIPv4MappedAddress() && bits >= 96 ? [v6.toIPv4Address(), bits - 96] : [v6, bits];
}

const formatRange = ([address, bits]: Range): string =>
  bits === (address.kind() === 'ipv4' ? 32 : 128) ? address.toString() : `${address.toString()}/${bits}`;

/**
 * A key's allowlist from a create or PATCH body: each entry checked (a bad one is a 400
 * naming its index, `allowed_ips[2]`) and written in one normal form; `[]` and null mean any.
 */
export function checkAllowedIps(list: readonly string[] | null | undefined, field = 'allowed_ips'): readonly string[] | null {
  if (list === null || list === undefined) return null;
  if (!Array.isArray(list)) throw invalid(field, 'must be a list of IP addresses or CIDRs');
  if (list.length > MAX_ALLOWED_IPS) throw invalid(field, `must hold at most ${MAX_ALLOWED_IPS} entries`);
  if (list.length === 0) return null;
  const out: string[] = [];
  list.forEach((entry: unknown, i) => {
    const range = typeof entry === 'string' && entry.length <= 64 ? parseRange(entry) : null;
    if (range === null) throw invalid(`${field}[${i}]`, 'must be an IPv4 or IPv6 address or CIDR (e.g. 203.0.113.0/24)');
    const text = formatRange(range);
    if (!out.includes(text)) out.push(text);
  });
  return out;
}

/** Parsed lists, by the (shared, frozen) list object the verification cache hands out. */
const parsed = new WeakMap<readonly string[], readonly Range[]>();

/** True when `address` lies in one of the list's ranges; a missing address is in none (fail closed). */
export function isIpAllowed(list: readonly string[], address: Address | null): boolean {
  if (address === null) return false;
  let ranges = parsed.get(list);
  if (ranges === undefined) {
    ranges = list.map((entry) => parseRange(entry)).filter((r): r is Range => r !== null);
    parsed.set(list, ranges);
  }
  const kind = address.kind();
  for (const range of ranges) {
    if (range[0].kind() === kind && address.match(range as [Address, number])) return true;
  }
  return false;
}

export type { Address as IpAddress };
