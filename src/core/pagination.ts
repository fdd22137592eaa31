import { invalid } from './errors.js';
import type { Page, PageRequest } from './types.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageInput {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/**
 * Cursors are opaque to clients: base64url of the last item's sequence number.
 * A cursor that does not decode is a 400 naming `cursor`, never a 500.
 */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^s([0-9]{1,16})$/.exec(text);
  if (!m) throw invalid('cursor', 'is not a cursor returned by this API');
  return Number(m[1]);
}

export function pageRequest(input: PageInput): PageRequest {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return { limit, beforeSeq: input.cursor ? decodeCursor(input.cursor) : null };
}

/**
 * Asks the store for one item more than the page holds: if it comes back, there is a
 * next page, and its cursor is the last item shown.
 */
export async function paginate<T extends { seq: number }>(
  input: PageInput,
  fetch: (page: PageRequest) => Promise<T[]>,
): Promise<Page<T>> {
  const page = pageRequest(input);
  const rows = await fetch({ limit: page.limit + 1, beforeSeq: page.beforeSeq });
  const data = rows.slice(0, page.limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > page.limit && last ? encodeCursor(last.seq) : null };
}
