import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywardError } from './errors.js';
import { checkAllowedIps, isIpAllowed, MAX_ALLOWED_IPS, parseAddress } from './ip-allowlist.js';

/** An independent oracle: addresses as bit strings, compared by prefix. */
const v4Bits = (octets: readonly number[]): string => octets.map((o) => o.toString(2).padStart(8, '0')).join('');
const v6Bits = (words: readonly number[]): string => words.map((w) => w.toString(2).padStart(16, '0')).join('');
const v4Text = (octets: readonly number[]): string => octets.join('.');
const v6Text = (words: readonly number[]): string => words.map((w) => w.toString(16)).join(':');
const samePrefix = (a: string, b: string, bits: number): boolean => a.slice(0, bits) === b.slice(0, bits);

const octets = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
const words = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });

/** An address near `base`: same first `keep` bits, the rest random (so matches and misses both occur). */
const nearV4 = (base: readonly number[], keep: number, noise: readonly number[]): number[] => {
  const bits = v4Bits(base).slice(0, keep) + v4Bits(noise).slice(keep);
  return [0, 1, 2, 3].map((i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2));
};

const allows = (list: readonly string[], ip: string): boolean => isIpAllowed(checkAllowedIps(list)!, parseAddress(ip));

describe('IP allowlist matcher', () => {
  it('an IPv4 address is allowed by a CIDR exactly when its first prefix bits match', () => {
    fc.assert(
      fc.property(octets, fc.integer({ min: 0, max: 32 }), octets, fc.integer({ min: 0, max: 32 }), (net, bits, noise, keep) => {
        const ip = nearV4(net, keep, noise);
        expect(allows([`${v4Text(net)}/${bits}`], v4Text(ip))).toBe(samePrefix(v4Bits(net), v4Bits(ip), bits));
      }),
    );
  });

  it('an IPv6 address is allowed by a CIDR exactly when its first prefix bits match', () => {
    fc.assert(
      fc.property(words, fc.integer({ min: 0, max: 128 }), words, fc.integer({ min: 0, max: 128 }), (net, bits, noise, keep) => {
        const bitsOf = v6Bits(net).slice(0, keep) + v6Bits(noise).slice(keep);
        const ip = Array.from({ length: 8 }, (_, i) => parseInt(bitsOf.slice(i * 16, i * 16 + 16), 2));
        // Mapped addresses are IPv4 by design (next test); the oracle covers the rest.
        fc.pre(!v6Text(ip).startsWith('0:0:0:0:0:ffff:') && !v6Text(net).startsWith('0:0:0:0:0:ffff:'));
        expect(allows([`${v6Text(net)}/${bits}`], v6Text(ip))).toBe(samePrefix(v6Bits(net), v6Bits(ip), bits));
      }),
    );
  });

  it('treats an IPv4-mapped IPv6 address (either side) as the IPv4 address it carries', () => {
    fc.assert(
      fc.property(octets, fc.integer({ min: 0, max: 32 }), octets, (net, bits, ip) => {
        const expected = samePrefix(v4Bits(net), v4Bits(ip), bits);
        expect(allows([`${v4Text(net)}/${bits}`], `::ffff:${v4Text(ip)}`)).toBe(expected);
        expect(allows([`::ffff:${v4Text(net)}/${bits + 96}`], v4Text(ip))).toBe(expected);
      }),
    );
  });

  it('never lets an IPv4 address through an IPv6 range or the reverse (other than mapped)', () => {
    fc.assert(
      fc.property(octets, words, (v4, v6) => {
        fc.pre(!v6Text(v6).startsWith('0:0:0:0:0:ffff:'));
        expect(allows([`${v6Text(v6)}/0`], v4Text(v4))).toBe(false);
        expect(allows([`${v4Text(v4)}/0`], v6Text(v6))).toBe(false);
      }),
    );
  });

  it('fails closed: no address is never allowed by a list', () => {
    fc.assert(
      fc.property(octets, fc.integer({ min: 0, max: 32 }), (net, bits) => {
        expect(isIpAllowed(checkAllowedIps([`${v4Text(net)}/${bits}`])!, null)).toBe(false);
      }),
    );
  });

  it('normalizes entries so that checking them again changes nothing', () => {
    expect(checkAllowedIps(['203.0.113.0/24', '2001:DB8::/32', '198.51.100.7', '::ffff:192.0.2.0/120', '2001:db8::1/128'])).toEqual([
      '203.0.113.0/24',
      '2001:db8::/32',
      '198.51.100.7',
      '192.0.2.0/24',
      '2001:db8::1',
    ]);
    fc.assert(
      fc.property(fc.array(fc.oneof(octets.map(v4Text), words.map(v6Text)), { maxLength: 5 }), (list) => {
        const once = checkAllowedIps(list);
        expect(checkAllowedIps(once)).toEqual(once);
      }),
    );
  });

  it('refuses a bad entry with a VALIDATION error naming its index, whatever the text', () => {
    expect(() => checkAllowedIps(['10.0.0.0/8', '10.0.0.0/33'])).toThrow(expect.objectContaining({ field: 'allowed_ips[1]' }));
    for (const bad of ['127.1', '0x7f.0.0.1', '10.0.0.0/', '10.0.0.0/8/8', 'fe80::1%eth0', '::/129', '1.2.3.4/-1', '', 'localhost']) {
      expect(() => checkAllowedIps(['10.0.0.0/8', bad]), bad).toThrow(expect.objectContaining({ field: 'allowed_ips[1]' }));
    }
    expect(() => checkAllowedIps(Array.from({ length: MAX_ALLOWED_IPS + 1 }, () => '10.0.0.1'))).toThrow(
      expect.objectContaining({ field: 'allowed_ips' }),
    );
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 70 }), { maxLength: 3 }), (list) => {
        try {
          checkAllowedIps(list);
        } catch (err) {
          expect(err).toBeInstanceOf(KeywardError);
          expect((err as KeywardError).code).toBe('VALIDATION');
        }
      }),
    );
  });

  it('reads only plain addresses as a verification ip', () => {
    expect(parseAddress('203.0.113.7')?.toString()).toBe('203.0.113.7');
    expect(parseAddress('::ffff:203.0.113.7')?.toString()).toBe('203.0.113.7');
    expect(parseAddress('2001:db8::1')?.toString()).toBe('2001:db8::1');
    for (const bad of ['127.1', '203.0.113.0/24', 'fe80::1%eth0', 'example.com', '']) expect(parseAddress(bad), bad).toBeNull();
  });

  it('empty and null lists mean any address', () => {
    expect(checkAllowedIps([])).toBeNull();
    expect(checkAllowedIps(null)).toBeNull();
  });
});
