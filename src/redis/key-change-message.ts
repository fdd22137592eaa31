/**
 * The pub/sub message that tells other instances which keys changed:
 * `<sender>:<n> <hash>,<hash>,…`, or `<sender>:<n> *` for "anything may have changed".
 *
 * `<n>` is the message's number: one counter in Redis (`<prefix>:key-changes:seq`), INCRed
 * by the same Lua script that publishes, so numbers are given in publish order and every
 * subscriber receives them in that order with none skipped, unless a message was lost
 * (redis-key-changes.ts). A message of an earlier version has no `:<n>`; it is applied
 * without numbering.
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
  /** The message's number; null for an unnumbered message (an earlier version's). */
  readonly seq: number | null;
  /** Changed hashes, or null: forget everything. */
  readonly hashes: readonly string[] | null;
}

/** Hex digests (SHA-256 / HMAC-SHA-256 today; any length, so a longer digest needs no change here). */
const HASH = /^[0-9a-f]{16,128}$/;

/** The part after the sender: the hashes, or `*`. */
export function keyChangeBody(hashes: readonly string[] | null): string {
  return hashes === null || hashes.length > MAX_HASHES ? '*' : hashes.join(',');
}

export function encodeKeyChange(sender: string, hashes: readonly string[] | null, seq?: number): string {
  return `${seq === undefined ? sender : `${sender}:${seq}`} ${keyChangeBody(hashes)}`;
}

/**
 * A message this version cannot read (another version's format, garbage) is read as `*`:
 * forgetting everything is always safe, ignoring a change never is.
 */
export function decodeKeyChange(message: string): KeyChangeMessage {
  const space = message.indexOf(' ');
  const head = space > 0 ? message.slice(0, space) : '';
  const colon = head.indexOf(':');
  const sender = colon >= 0 ? head.slice(0, colon) : head;
  const n = colon >= 0 ? Number(head.slice(colon + 1)) : Number.NaN;
  const seq = Number.isSafeInteger(n) && n > 0 ? n : null;
  const body = space > 0 ? message.slice(space + 1) : '';
  if (body === '*' || body === '') return { sender, seq, hashes: null };
  const hashes = body.split(',');
  if (hashes.length > MAX_HASHES || !hashes.every((h) => HASH.test(h))) return { sender, seq, hashes: null };
  return { sender, seq, hashes };
}
