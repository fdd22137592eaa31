import { describe, expect, it } from 'vitest';
import { NO_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import type { OrgPrincipal } from '../../src/core/context.js';
import { BRAINTRUST_KEY_FORMAT } from '../../src/core/dialect-key-formats.js';
import { revokeKey, rollKey } from '../../src/core/use-cases/keys.js';
import { createPersonalKey } from '../../src/core/use-cases/personal-keys.js';
import { buildDeps } from '../../src/deps.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES } from '../helpers/engines.js';
import { barrier, settledFlag, untilWriterBlocked } from '../helpers/barriers.js';
import { minutesAfterT0, orgKey, projectKey, seedOrgAndProject, useFreshDatabase } from './fixtures.js';

/** A store member, its methods bound to the store itself (they use private fields). */
function bound(target: Store, name: string | symbol, receiver: unknown): unknown {
  const value: unknown = Reflect.get(target, name, receiver);
  return typeof value === 'function' ? value.bind(target) : value;
}

/** The store, whose transactions signal once they have read a key by id, then wait for `goOn`. */
function pausingAfterKeyRead(store: Store, keyRead: () => void, goOn: Promise<void>): Store {
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
                  await goOn;
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
 * and then revoke the new key too. The mint goes on only once the delete is seen waiting
 * (untilWriterBlocked), so the two really overlap on every run.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: a delete racing a mint`, () => {
    const { store, url } = useFreshDatabase(engine);

    /** Starts the delete, waits until it is held up by the open transaction, then opens `goOn`. */
    async function deleteWhileHeld(start: () => Promise<boolean>, goOn: { open(): void }): Promise<{ deleted: Promise<boolean> }> {
      const deleted = start();
      const settled = settledFlag(deleted);
      try {
        await untilWriterBlocked(url());
        // Held up, so not done: it cannot have passed the open transaction.
        expect(settled()).toBe(false);
      } finally {
        goOn.open();
      }
      // Wrapped: returned bare, the delete would be awaited here, before the caller's transaction.
      return { deleted };
    }

    it('revokes a key minted into a project deleted at the same moment', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const projectRead = barrier();
      const goOn = barrier();
      const minted = store().transaction(async (tx) => {
        expect(await tx.findProject(org.id, project.id)).not.toBeNull();
        projectRead.open();
        await goOn.reached;
        return tx.insertKey(projectKey(org, project));
      });
      await projectRead.reached;
      const { deleted } = await deleteWhileHeld(() => store().deleteProject(org.id, project.id, minutesAfterT0(1)), goOn);
      const key = await minted;
      expect(await deleted).toBe(true);
      const stored = await store().findKey(org.id, key.id);
      expect(stored?.revokedAt).toBe(minutesAfterT0(1));
    });

    it('revokes the successor of a key rolled while its project is deleted', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const old = await store().insertKey(projectKey(org, project));
      const keyRead = barrier();
      const goOn = barrier();
      const principal: OrgPrincipal = {
        kind: 'org',
        orgId: org.id,
        roles: ['admin'],
        actor: { type: 'key', id: 'test' },
        keyId: null,
        user: null,
      };
      const deps = buildDeps(pausingAfterKeyRead(store(), keyRead.open, goOn.reached), { pepper: null, cacheSize: 0, ...NO_ABUSE_LIMITS });
      const rolled = rollKey(deps, { principal, requestId: null, ip: null }, old.id, {}).catch((e: unknown) => e);
      await keyRead.reached;
      const { deleted } = await deleteWhileHeld(
        () => store().deleteProject(org.id, project.id, new Date(Date.now() + 1000).toISOString()),
        goOn,
      );
      const outcome = await rolled;
      expect(await deleted).toBe(true);
      // The delete was seen waiting for the roll, so the roll came first (it is not refused)
      // and the delete revoked its successor too.
      expect(outcome instanceof Error ? outcome.message : 'rolled').toBe('rolled');
      const successor = await store().findKey(org.id, (outcome as { key: { id: string } }).key.id);
      expect(successor?.revokedAt).not.toBeNull();
    });
  });
}

/**
 * Issue 17: a personal key minted by a key while that key's own maker is being revoked must
 * not survive as a live key. The mint holds its maker (read in its transaction: locked on
 * PostgreSQL; SQLite has one writer); the revoke, started meanwhile, is seen waiting for it,
 * then carries the revocation down the chain and finds the new key.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: a revoke racing a mint further down the chain`, () => {
    const { store, url } = useFreshDatabase(engine);

    it('revokes a key minted by a descendant of a key revoked at the same moment', async () => {
      const { org } = await seedOrgAndProject(store());
      const top = await store().insertKey(orgKey(org, { roles: ['keys:write'] }));
      const middle = await store().insertKey(orgKey(org, { roles: ['keys:write'], makerId: top.id, origin: 'braintrust' }));
      const as = (key: { id: string }, roles: string[]): OrgPrincipal => ({
        kind: 'org',
        orgId: org.id,
        roles,
        actor: { type: 'key', id: key.id },
        keyId: key.id,
        user: null,
      });
      const makerRead = barrier();
      const goOn = barrier();
      const config = { pepper: null, cacheSize: 0, ...NO_ABUSE_LIMITS };
      const minting = buildDeps(pausingAfterKeyRead(store(), makerRead.open, goOn.reached), config);
      const minted = createPersonalKey(
        minting,
        { principal: as(middle, ['keys:write']), requestId: null, ip: null },
        { name: 'racing', format: BRAINTRUST_KEY_FORMAT, origin: 'braintrust' },
      );
      await makerRead.reached;
      const revoked = revokeKey(
        buildDeps(store(), config),
        { principal: as({ id: 'admin' }, ['admin']), requestId: null, ip: null },
        top.id,
      );
      const settled = settledFlag(revoked);
      try {
        await untilWriterBlocked(url());
        expect(settled()).toBe(false);
      } finally {
        goOn.open();
      }
      const key = (await minted).key;
      await revoked;
      const stored = await store().findKey(org.id, key.id);
      expect({ makerId: stored?.makerId, revoked: stored?.revokedAt !== null }).toEqual({ makerId: middle.id, revoked: true });
    });
  });
}
