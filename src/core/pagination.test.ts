import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywardError } from './errors.js';
import { decodeCursor, encodeCursor, paginate } from './pagination.js';

describe('pagination', () => {
  it('cursors round-trip', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(decodeCursor(encodeCursor(n))).toBe(n);
      }),
    );
  });

  it('any other cursor is a VALIDATION error naming cursor, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
        fc.pre(!/^[A-Za-z0-9_-]+$/.test(s) || !/^s\d+$/.test(Buffer.from(s, 'base64url').toString()));
        try {
          decodeCursor(s);
          throw new Error('accepted');
        } catch (e) {
          expect(e).toBeInstanceOf(KeywardError);
          expect((e as KeywardError).field).toBe('cursor');
        }
      }),
    );
  });

  it('walks every item exactly once, newest first, with a null cursor on the last page', async () => {
    const items = Array.from({ length: 45 }, (_, i) => ({ seq: i + 1 }));
    const fetch = async (p: { limit: number; beforeSeq: number | null }) =>
      items.filter((x) => p.beforeSeq === null || x.seq < p.beforeSeq).reverse().slice(0, p.limit);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await paginate({ limit: 20, cursor }, fetch);
      seen.push(...page.data.map((x) => x.seq));
      pages++;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(items.map((x) => x.seq).reverse());
  });

  it('refuses limits outside 1–100', async () => {
    await expect(paginate({ limit: 0 }, async () => [])).rejects.toMatchObject({ field: 'limit' });
    await expect(paginate({ limit: 101 }, async () => [])).rejects.toMatchObject({ field: 'limit' });
  });
});
