import type { Page } from '../../../core/types.js';

/** Bounds a list that a platform does not page: more than this many items is not a list anyone reads. */
export const MAX_UNPAGED_ITEMS = 1000;

/**
 * Walks a native paged list to its end (or MAX_UNPAGED_ITEMS) for platforms whose list
 * endpoints answer everything at once (Confident's projects).
 */
export async function allPages<T>(fetch: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    items.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && items.length < MAX_UNPAGED_ITEMS);
  return items.slice(0, MAX_UNPAGED_ITEMS);
}
