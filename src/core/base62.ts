const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = 62;
/** 2^32: the limbs below are 32-bit; remainder × 2^32 + limb stays under 2^38, exact in a double. */
const LIMB = 0x1_0000_0000;

/**
 * Big-endian bytes → base62, left-padded with '0' to `width` so every key has one length.
 * Long division of 32-bit limbs by 62 in plain numbers: a BigInt built from 32 bytes and
 * divided 43 times allocated a new BigInt per step and cost about half of minting a key.
 */
export function encodeBase62(bytes: Uint8Array, width: number): string {
  const limbs: number[] = [];
  // A leading partial limb when the length is not a multiple of 4.
  const first = bytes.length % 4;
  if (first !== 0) {
    let v = 0;
    for (let i = 0; i < first; i++) v = v * 256 + bytes[i]!;
    limbs.push(v);
  }
  for (let i = first; i < bytes.length; i += 4) {
    limbs.push(((bytes[i]! << 24) >>> 0) + (bytes[i + 1]! << 16) + (bytes[i + 2]! << 8) + bytes[i + 3]!);
  }
  let out = '';
  let start = 0;
  // Zero has no digits (the padding writes them), whatever the width.
  while (start < limbs.length && limbs[start] === 0) start++;
  while (start < limbs.length) {
    let rem = 0;
    for (let i = start; i < limbs.length; i++) {
      const cur = rem * LIMB + limbs[i]!;
      const q = Math.floor(cur / BASE);
      rem = cur - q * BASE;
      limbs[i] = q;
    }
    out = ALPHABET[rem]! + out;
    while (start < limbs.length && limbs[start] === 0) start++;
  }
  return out.padStart(width, '0');
}

/** A non-negative safe integer → base62, left-padded with '0' to `width`. */
export function encodeBase62Number(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('expected a non-negative safe integer');
  let n = value;
  let out = '';
  while (n > 0) {
    const q = Math.floor(n / BASE);
    out = ALPHABET[n - q * BASE]! + out;
    n = q;
  }
  return out.padStart(width, '0');
}

export const isBase62 = (s: string): boolean => /^[0-9A-Za-z]*$/.test(s);
