/**
 * The pub/sub message that tells other instances which keys changed:
 * `<sender> <hash>,<hash>,…`, or `<sender> *` for "anything may have changed".
 *
 * Hashes, not keys: the SHA-256 (or HMAC) digests the database indexes, the same values
 * PostgreSQL's NOTIFY already carries. A digest of a 256-bit random key cannot be turned
 * back into the key, and no Keyward endpoint accepts a digest in place of a key.
 * Past `MAX_HASHES` a message says `*` (like the NOTIFY trigger past 100 rows): one
 * deleted project could otherwise send thousands of hashes, and forgetting everything is
 * what the receiver would do with them anyway.
 */
export const MAX_HASHES = 100;

export interface KeyChangeMessage {
  /** The instance that sent it (its own messages are skipped: it forgot locally already). */
  readonly sender: string;
  /** Changed hashes, or null: forget everything. */
  readonly hashes: readonly string[] | null;
}

/** Hex digests (SHA-256 / HMAC-SHA-256 today; any length, so a longer digest needs no change here). */
const HASH = /^[0-9a-f]{16,128}$/;

export function encodeKeyChange(sender: string, hashes: readonly string[] | null): string {
  return `${sender} ${hashes === null || hashes.length > MAX_HASHES ? '*' : hashes.join(',')}`;
}

/**
 * A message this version cannot read (another version's format, garbage) is read as `*`:
 * forgetting everything is always safe, ignoring a change never is.
 */
export function decodeKeyChange(message: string): KeyChangeMessage {
  const space = message.indexOf(' ');
  const sender = space > 0 ? message.slice(0, space) : '';
  const body = space > 0 ? message.slice(space + 1) : '';
  if (body === '*' || body === '') return { sender, hashes: null };
  const hashes = body.split(',');
  if (hashes.length > MAX_HASHES || !hashes.every((h) => HASH.test(h))) return { sender, hashes: null };
  return { sender, hashes };
}
