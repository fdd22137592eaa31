import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { encodeBase62, encodeBase62Number } from './base62.js';

/**
 * Keyward's key format: `<prefix>_<body>_<check>`.
 * - body: 32 CSPRNG bytes in base62, always 43 characters (62^43 > 2^256).
 * - check: CRC32 of `<prefix>_<body>` in base62, always 6 characters (62^6 > 2^32).
 * The checksum lets a client or a secret scanner reject a mistyped or invented key
 * without asking the database; it is not a secret and protects nothing by itself.
 */
export const BODY_LENGTH = 43;
export const CHECK_LENGTH = 6;
const SECRET_BYTES = 32;
/** Longer than any format we mint; anything longer is rejected before any work. */
export const MAX_RAW_KEY_LENGTH = 256;

/**
 * Any prefix of this shape is well-formed: Keyward's (`kw_root`, `kw_org`, `kw_proj`), the
 * dialects' and every project's own `key_prefix` (`^[a-z][a-z0-9]{1,11}$`, validate.ts), so
 * verification needs no list of the prefixes in use to refuse a bad checksum without a lookup.
 * Where a key came from is never read from its prefix: the stored record says.
 */
const PREFIX_PATTERN = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;

export const isValidPrefix = (prefix: string): boolean => prefix.length <= 32 && PREFIX_PATTERN.test(prefix);

export const checksumOf = (payload: string): string => encodeBase62Number(crc32(Buffer.from(payload, 'utf8')) >>> 0, CHECK_LENGTH);

/** Mints a fresh key with the given prefix (`kw_proj`, `sk-ol`, …). */
export function mintKeyward(prefix: string): string {
  if (!isValidPrefix(prefix)) throw new Error(`invalid key prefix: ${prefix}`);
  const payload = `${prefix}_${encodeBase62(randomBytes(SECRET_BYTES), BODY_LENGTH)}`;
  return `${payload}_${checksumOf(payload)}`;
}

export interface ParsedKey {
  readonly prefix: string;
  readonly body: string;
  readonly check: string;
}

/** Value of a base62 digit's char code; -1 for anything else. */
const BASE62_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 62; i++) BASE62_VALUE['0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.charCodeAt(i)] = i;
const UNDERSCORE = 0x5f;
/** The shortest well-formed key: a one-letter prefix. */
const MIN_KEY_LENGTH = 1 + 1 + BODY_LENGTH + 1 + CHECK_LENGTH;

/**
 * Where the body starts when `raw` has the shape `<prefix>_<43 base62>_<6 base62>` with a
 * valid prefix and a matching checksum; -1 otherwise. This runs on every verification (the
 * caller's key and the verified one), so it walks char codes and compares the checksum as
 * a number: no regex captures, no BigInt, no Buffer.
 */
function bodyStartOf(raw: string): number {
  const n = raw.length;
  if (n > MAX_RAW_KEY_LENGTH || n < MIN_KEY_LENGTH) return -1;
  const checkAt = n - CHECK_LENGTH;
  const bodyAt = checkAt - 1 - BODY_LENGTH;
  if (raw.charCodeAt(checkAt - 1) !== UNDERSCORE || raw.charCodeAt(bodyAt - 1) !== UNDERSCORE) return -1;
  for (let i = bodyAt; i < checkAt - 1; i++) {
    const c = raw.charCodeAt(i);
    if (c > 127 || BASE62_VALUE[c]! < 0) return -1;
  }
  let check = 0;
  for (let i = checkAt; i < n; i++) {
    const c = raw.charCodeAt(i);
    const v = c > 127 ? -1 : BASE62_VALUE[c]!;
    if (v < 0) return -1;
    check = check * 62 + v; // < 62^6, exact in a double
  }
  if (!isValidPrefix(raw.slice(0, bodyAt - 1))) return -1;
  return asciiCrc32(raw, checkAt - 1) === check ? bodyAt : -1;
}

/** The CRC-32 (IEEE, as zlib's) lookup table. */
const CRC_TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c;
}

/**
 * zlib's crc32 of the first `end` characters, for text already known to be ASCII (a
 * valid prefix, base62 and underscores): each character is its own UTF-8 byte. In JS,
 * because handing the string to zlib converts it to UTF-8 in C++ on every verification.
 */
function asciiCrc32(text: string, end: number): number {
  let crc = -1;
  for (let i = 0; i < end; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Shape and checksum of a Keyward-format key, without splitting it. */
export const isWellFormedKeyward = (raw: string): boolean => bodyStartOf(raw) >= 0;

/** Splits a Keyward-format key; null when the shape or the checksum is wrong. */
export function parseKeyward(raw: string): ParsedKey | null {
  const bodyAt = bodyStartOf(raw);
  if (bodyAt < 0) return null;
  return { prefix: raw.slice(0, bodyAt - 1), body: raw.slice(bodyAt, bodyAt + BODY_LENGTH), check: raw.slice(-CHECK_LENGTH) };
}

/** What lists show instead of the key: the prefix and the last four characters. */
export function previewKeyward(raw: string): string {
  const parsed = parseKeyward(raw);
  const prefix = parsed ? parsed.prefix : raw.slice(0, 2);
  return `${prefix}_…${raw.slice(-4)}`;
}
