const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = 62n;

/** Big-endian bytes → base62, left-padded with '0' to `width` so every key has one length. */
export function encodeBase62(bytes: Uint8Array, width: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return encodeBase62Number(n, width);
}

export function encodeBase62Number(value: bigint | number, width: number): string {
  let n = BigInt(value);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % BASE)] + out;
    n /= BASE;
  }
  return out.padStart(width, '0');
}

export const isBase62 = (s: string): boolean => /^[0-9A-Za-z]*$/.test(s);
