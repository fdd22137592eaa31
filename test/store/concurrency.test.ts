import { describe, expect, it } from 'vitest';
import { NO_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import type { OrgPrincipal } from '../../src/core/context.js';
import { rollKey } from '../../src/core/use-cases/keys.js';
import { buildDeps } from '../../src/deps.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES } from '../helpers/engines.js';
import { minutesAfterT0, projectKey, seedOrgAndProject, useFreshStore } from './fixtures.js';

/** A store member, its methods bound to the store itself (they use private fields). */
function bound(target: Store, name: string | symbol, receiver: unknown): unknown {
  const value: unknown = Reflect.get(target, name, receiver);
  return typeof value === 'function' ? value.bind(target) : value;
}

/** The store, whose transactions signal and pause once they have read a key by id. */
function pausingAfterKeyRead(store: Store, keyRead: () => void): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name !== 'transaction') return bound(target, name, receiver);
      return <T>(work: (tx: Store) => Promise<T>) =>
        target.transaction((tx) =>
          work(
            new Proxy(tx, {
              get(inner, n, r) {
                if (n !== 'findKey') return bound(inner, n, r);
                return async (...args: Parameters<Store['findKey']>) => {
                  const key = await inner.findKey(...args);
                  keyRead();
                  // Give the delete time to start and block on this transaction (or pass it).
                  await new Promise((resolve) => setTimeout(resolve, 100));
                  return key;
                };
              },
            }),
          ),
        );
    },
  });
}

/**
 * A key minted while its project is being deleted must not survive as a live key.
 * The mint reads the project inside its transaction; the delete, started meanwhile,
 * must wait for it (PostgreSQL: the share lock on the project row; SQLite: one writer)
 * and then revoke the new key too.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: a delete racing a mint`, () => {
    const store = useFreshStore(engine);

    it('revokes a key minted into a project deleted at the same moment', async () => {
      const { org, project } = await seedOrgAndProject(store());
      let release!: () => void;
      const projectRead = new Promise<void>((resolve) => {
        release = resolve;
      });
      const minted = store().transaction(async (tx) => {
        expect(await tx.findProject(org.id, project.id)).not.toBeNull();
        release();
        // Give the delete time to start and block on this transaction.
        await new Promise((r) => setTimeout(r, 100));
        return tx.insertKey(projectKey(org, project));
      });
      await projectRead;
      const deleted = store().deleteProject(org.id, project.id, minutesAfterT0(1));
      const key = await minted;
      expect(await deleted).toBe(true);
      const stored = await store().findKey(org.id, key.id);
      expect(stored?.revokedAt).toBe(minutesAfterT0(1));
    });

    it('revokes the successor of a key rolled while its project is deleted', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const old = await store().insertKey(projectKey(org, project));
      let release!: () => void;
      const keyRead = new Promise<void>((resolve) => {
        release = resolve;
      });
      const principal: OrgPrincipal = {
        kind: 'org',
        orgId: org.id,
        roles: ['admin'],
        actor: { type: 'key', id: 'test' },
        keyId: null,
        user: null,
      };
      const deps = buildDeps(pausingAfterKeyRead(store(), release), { pepper: null, cacheSize: 0, ...NO_ABUSE_LIMITS });
      const rolled = rollKey(deps, { principal, requestId: null, ip: null }, old.id, {}).catch((e: unknown) => e);
      await keyRead;
      const deleted = store().deleteProject(org.id, project.id, new Date(Date.now() + 1000).toISOString());
      const outcome = await rolled;
      expect(await deleted).toBe(true);
      // Either the roll came first and the delete revoked its successor too, or it was refused.
      if (outcome instanceof Error) return expect(outcome.message).toBe('a revoked key cannot be rolled');
      const successor = await store().findKey(org.id, (outcome as { key: { id: string } }).key.id);
      expect(successor?.revokedAt).not.toBeNull();
    });
  });
}
