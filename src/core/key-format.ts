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

const PREFIX_PATTERN = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;
const KEY_PATTERN = new RegExp(`^(.+)_([0-9A-Za-z]{${BODY_LENGTH}})_([0-9A-Za-z]{${CHECK_LENGTH}})$`);

export const isValidPrefix = (prefix: string): boolean => prefix.length <= 32 && PREFIX_PATTERN.test(prefix);

export const checksumOf = (payload: string): string =>
  encodeBase62Number(crc32(Buffer.from(payload, 'utf8')) >>> 0, CHECK_LENGTH);

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

/** Splits a Keyward-format key; null when the shape or the checksum is wrong. */
export function parseKeyward(raw: string): ParsedKey | null {
  if (raw.length > MAX_RAW_KEY_LENGTH) return null;
  const m = KEY_PATTERN.exec(raw);
  if (!m) return null;
  const [, prefix, body, check] = m as unknown as [string, string, string, string];
  if (!isValidPrefix(prefix)) return null;
  if (checksumOf(`${prefix}_${body}`) !== check) return null;
  return { prefix, body, check };
}

/** What lists show instead of the key: the prefix and the last four characters. */
export function previewKeyward(raw: string): string {
  const parsed = parseKeyward(raw);
  const prefix = parsed ? parsed.prefix : raw.slice(0, 2);
  return `${prefix}_…${raw.slice(-4)}`;
}
