/**
 * The "client" a per-IP limit counts: an IPv4 address as it is, an IPv6 address by its
 * /64 prefix. One IPv6 host commonly holds a whole /64 (2^64 addresses), so counting
 * full addresses would let a single machine reset its budget with every request.
 * IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, what a dual-stack socket reports)
 * count as the IPv4 address. Anything that is not an IP address is used as it is.
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : ip;
}

/** `2001:db8::1` → eight lower-case groups without leading zeros, or null if it is no IPv6 address. */
function expandIpv6(ip: string): string[] | null {
  const address = ip.split('%', 1)[0]!.toLowerCase(); // drop a zone id (fe80::1%eth0)
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const part = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  // An embedded IPv4 tail (`::1.2.3.4`) is two groups; only the first four groups matter here.
  const last = tail.length > 0 ? tail : head;
  if (last.length > 0 && last[last.length - 1]!.includes('.')) last.splice(last.length - 1, 1, '0', '0');
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}
