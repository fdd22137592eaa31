import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { invalid } from './errors.js';
import type { Store } from './store.js';
import type { Page, PageRequest } from './types.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageInput {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/**
 * Which list a cursor belongs to, as the caller sees it: the list's kind and the org (and
 * project) it lists, e.g. `keys:<org id>:<project id>`. A cursor is sealed to its list: one
 * from another list, another org or another database is refused.
 */
export type CursorScope = string;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEQ_BYTES = 8;
const CURSOR_BYTES = IV_BYTES + SEQ_BYTES + TAG_BYTES;
const CURSOR_CHARS = Math.ceil((CURSOR_BYTES * 4) / 3);
/**
 * Every cursor starts with this letter: base64url may start with `-`, which a command line
 * (`keyward projects list --cursor -Ab…`) takes for an option, one time in 64.
 */
const CURSOR_MARK = 'c';
const NOT_A_CURSOR = 'is not a cursor returned by this API for this list';

/**
 * Seals and opens list cursors. The position a list page ends at is the last item's `seq`,
 * which counts the rows of every org of the instance: shown as such (it was, base64 of
 * `s<seq>`), each tenant could count the rows the other tenants create. So a cursor is
 * AES-256-GCM over the 8-byte seq, with a random 96-bit IV and the list's scope as
 * associated data: it says nothing without the key, and any change to it (a flipped bit, a
 * truncation, another list's or another org's cursor) fails authentication and is a 400
 * naming `cursor`, never a 500.
 *
 * The key is derived (HKDF-SHA-256) from a 256-bit random secret the database holds
 * (`Store.cursorSecret`, created by migration 0007), not from the environment: every
 * instance serving one database has the database, with or without `KEYWARD_PEPPER` (SQLite
 * with no pepper included), so cursors work across instances and restarts and need no new
 * setting. Someone who can read the database learns nothing a cursor hides (the seqs are
 * in it).
 */
export class CursorCodec {
  readonly #key: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.length < 32) throw new Error('the cursor secret must hold at least 32 bytes');
    this.#key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'keyward list cursor v1', 32));
  }

  encode(scope: CursorScope, seq: number): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(scope, 'utf8'));
    const plain = Buffer.alloc(SEQ_BYTES);
    plain.writeBigUInt64BE(BigInt(seq));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return CURSOR_MARK + sealed.toString('base64url');
  }

  decode(scope: CursorScope, text: string): number {
    if (text.length !== CURSOR_MARK.length + CURSOR_CHARS || !text.startsWith(CURSOR_MARK)) throw invalid('cursor', NOT_A_CURSOR);
    const cursor = text.slice(CURSOR_MARK.length);
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid('cursor', NOT_A_CURSOR);
    const bytes = Buffer.from(cursor, 'base64url');
    // Base64url has several spellings of one byte string (the last character's spare bits).
    if (bytes.length !== CURSOR_BYTES || bytes.toString('base64url') !== cursor) throw invalid('cursor', NOT_A_CURSOR);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(scope, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES + SEQ_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, IV_BYTES + SEQ_BYTES)), decipher.final()]);
    } catch {
      throw invalid('cursor', NOT_A_CURSOR);
    }
    const seq = plain.readBigUInt64BE();
    if (seq > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('cursor', NOT_A_CURSOR);
    return Number(seq);
  }
}

/** One codec per store object, made on first use: the secret is read from the database once. */
const codecs = new WeakMap<Store, Promise<CursorCodec>>();

export function cursorCodec(store: Store): Promise<CursorCodec> {
  let codec = codecs.get(store);
  if (!codec) {
    codec = store.cursorSecret().then((secret) => new CursorCodec(secret));
    // A failed read (database away) is not remembered: the next list tries again.
    void codec.catch(() => codecs.delete(store));
    codecs.set(store, codec);
  }
  return codec;
}

export function checkLimit(input: PageInput): number {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return limit;
}

/**
 * Asks the store for one item more than the page holds: if it comes back, there is a
 * next page, and its cursor is the last item shown, sealed to `scope`.
 */
export async function paginate<T extends { seq: number }>(
  store: Store,
  scope: CursorScope,
  input: PageInput,
  fetch: (page: PageRequest) => Promise<T[]>,
): Promise<Page<T>> {
  const limit = checkLimit(input);
  const codec = await cursorCodec(store);
  const beforeSeq = input.cursor ? codec.decode(scope, input.cursor) : null;
  const rows = await fetch({ limit: limit + 1, beforeSeq });
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? codec.encode(scope, last.seq) : null };
}
