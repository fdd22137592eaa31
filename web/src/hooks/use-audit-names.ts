import { useEffect, useRef, useState } from 'react';
import { fetchAll, type KeywardClient } from '../api/client.js';
import type { AuditEvent } from '../api/types.js';

/** Enough for an org's projects and admin keys in a few list calls; anything beyond is looked up one by one. */
const LIST_MAX = 500;

type Subject = AuditEvent['actor'] | AuditEvent['target'];

/** The keys and projects an audit page mentions: the only kinds the native API can name. */
function namedSubjects(events: readonly AuditEvent[]): Subject[] {
  return events.flatMap((e) => [e.actor, e.target]).filter((s) => s.type === 'key' || s.type === 'project');
}

const nameOrNull = (lookup: Promise<{ readonly name: string }>): Promise<string | null> =>
  lookup.then(
    (found) => found.name,
    () => null,
  );

/**
 * The current names of the keys and projects an audit page mentions, by id. Ids are
 * time-ordered UUIDs, so the ids alone look alike on one screen; a name tells rows apart.
 *
 * Costs: one pass over the org's projects and its own (admin) keys, the usual actors, when
 * the page opens; then one GET per project key an event names that is not yet known, at most
 * a page's worth, each asked once. What cannot be read (a key of a deleted project, the root
 * key, a key without keys:read) simply has no name: the page shows the id's end instead.
 */
export function useAuditNames(client: KeywardClient, events: readonly AuditEvent[] | undefined): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(() => new Map());
  const lookups = useRef(new Map<string, Promise<string | null>>());
  const lists = useRef<Promise<void> | null>(null);

  useEffect(() => {
    if (!events?.length) return;
    let current = true;
    const known = lookups.current;
    const resolve = async (): Promise<void> => {
      lists.current ??= loadLists(client, known);
      await lists.current;
      for (const { type, id } of namedSubjects(events)) {
        if (known.has(id)) continue;
        known.set(id, nameOrNull(type === 'key' ? client.getKey(id) : client.getProject(id)));
      }
      const entries = await Promise.all([...known].map(async ([id, name]) => [id, await name] as const));
      if (current) setNames(new Map(entries.filter((entry): entry is readonly [string, string] => entry[1] !== null)));
    };
    void resolve();
    return () => {
      current = false;
    };
  }, [client, events]);

  return names;
}

async function loadLists(client: KeywardClient, known: Map<string, Promise<string | null>>): Promise<void> {
  const remember = (items: readonly { readonly id: string; readonly name: string }[]) => {
    for (const { id, name } of items) known.set(id, Promise.resolve(name));
  };
  // A list the key may not read (403) leaves its names to the one-by-one lookups.
  await Promise.all([
    fetchAll((cursor) => client.listProjects({ limit: 100, cursor }), LIST_MAX).then(
      ({ items }) => remember(items),
      () => undefined,
    ),
    fetchAll((cursor) => client.listOrgKeys({ limit: 100, cursor, include_revoked: true }), LIST_MAX).then(
      ({ items }) => remember(items),
      () => undefined,
    ),
  ]);
}
