import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywardError } from './errors.js';
import { CursorCodec, paginate } from './pagination.js';
import type { Store } from './store.js';

const secret = randomBytes(32);
const codec = new CursorCodec(secret);
/** paginate reads the secret from the store and nothing else. */
const store = { cursorSecret: async () => secret } as unknown as Store;

function refusesAsCursor(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KeywardError);
    expect((e as KeywardError).code).toBe('VALIDATION');
    expect((e as KeywardError).field).toBe('cursor');
    return;
  }
  throw new Error('accepted');
}

describe('pagination', () => {
  it('cursors round-trip within their scope', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.string(), (n, scope) => {
        expect(codec.decode(scope, codec.encode(scope, n))).toBe(n);
      }),
    );
  });

  it('a cursor never starts with "-", which a command line would take for an option', () => {
    for (let i = 0; i < 2000; i++) expect(codec.encode('projects:o', i)).toMatch(/^c[A-Za-z0-9_-]+$/);
  });

  it('a cursor shows no number: the same position never gives the same cursor twice', () => {
    const a = codec.encode('keys:o', 7);
    expect(codec.encode('keys:o', 7)).not.toBe(a);
  });

  it('refuses a cursor of another scope or another secret', () => {
    const c = codec.encode('keys:org-a:p', 42);
    refusesAsCursor(() => codec.decode('keys:org-b:p', c));
    refusesAsCursor(() => codec.decode('projects:org-a', c));
    refusesAsCursor(() => new CursorCodec(randomBytes(32)).decode('keys:org-a:p', c));
  });

  it('refuses every single-bit change and every truncation', () => {
    const c = codec.encode('audit:o', 123456);
    const [mark, body] = [c.slice(0, 1), c.slice(1)];
    const bytes = Buffer.from(body, 'base64url');
    for (let i = 0; i < bytes.length * 8; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i >> 3]! ^= 1 << (i & 7);
      refusesAsCursor(() => codec.decode('audit:o', mark + flipped.toString('base64url')));
    }
    refusesAsCursor(() => codec.decode('audit:o', body));
    for (let n = 0; n < c.length; n++) refusesAsCursor(() => codec.decode('audit:o', c.slice(0, n)));
  });

  it('any other string is a VALIDATION error naming cursor, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
        refusesAsCursor(() => codec.decode('orgs', s));
      }),
    );
    // The old form of cursor, base64url of `s<seq>`.
    refusesAsCursor(() => codec.decode('orgs', Buffer.from('s503').toString('base64url')));
  });

  it('walks every item exactly once, newest first, with a null cursor on the last page', async () => {
    const items = Array.from({ length: 45 }, (_, i) => ({ seq: i + 1 }));
    const fetch = async (p: { limit: number; beforeSeq: number | null }) =>
      items
        .filter((x) => p.beforeSeq === null || x.seq < p.beforeSeq)
        .reverse()
        .slice(0, p.limit);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await paginate(store, 'orgs', { limit: 20, cursor }, fetch);
      seen.push(...page.data.map((x) => x.seq));
      pages++;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(items.map((x) => x.seq).reverse());
  });

  it('refuses limits outside 1–100', async () => {
    await expect(paginate(store, 'orgs', { limit: 0 }, async () => [])).rejects.toMatchObject({ field: 'limit' });
    await expect(paginate(store, 'orgs', { limit: 101 }, async () => [])).rejects.toMatchObject({ field: 'limit' });
  });
});
