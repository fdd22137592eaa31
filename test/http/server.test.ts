import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { buildDeps } from '../../src/deps.js';
import { closeOnSignals, startServer, type RunningServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES, type FreshDatabase } from '../helpers/engines.js';

const config = { host: '127.0.0.1', port: 0, usageFlushMs: 50, logLevel: 'silent' };

/** Delegates to the real store, binding methods so that its private fields keep working. */
function wrapStore(store: Store, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop in overrides) return overrides[prop as keyof Store];
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

for (const engine of ENGINES) {
  describe(`${engine.name}: startServer`, () => {
    let db: FreshDatabase;
    let server: RunningServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
      await db.cleanup();
    });

    const start = async (overrides: Partial<Store> = {}) => {
      db = engine.freshUrl();
      const store = await openStore(db.url, { migrate: true });
      const deps = buildDeps(wrapStore(store, overrides), { pepper: null });
      const boot = await bootstrapInstance(deps);
      server = await startServer({ config, deps });
      return { boot, deps };
    };

    const verifyOverHttp = async (url: string, adminKey: string, key: string) => {
      const res = await fetch(`${url}/v1/keys/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key }),
      });
      return (await res.json()) as { code: string };
    };

    it('listens on the configured host, answers over HTTP, and flushes usage on its timer', async () => {
      const { boot, deps } = await start();
      expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${server!.url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect(await verifyOverHttp(server!.url, boot.adminKey, boot.adminKey)).toMatchObject({ code: 'VALID' });
      const admin = (
        await deps.store.listKeys(
          { orgId: boot.orgId, projectId: null, includeRevoked: false, now: new Date().toISOString() },
          { limit: 10, beforeSeq: null },
        )
      )[0]!;
      await vi.waitFor(async () => expect((await deps.store.findKey(boot.orgId, admin.id))?.lastUsedAt).not.toBeNull(), {
        timeout: 5000,
        interval: 25,
      });
    });

    it('close() lets an in-flight request finish, writes the last usage, then closes the store', async () => {
      let pingStarted!: () => void;
      const pinging = new Promise<void>((resolve) => (pingStarted = resolve));
      let releasePing!: () => void;
      // Hold a /healthz request inside the database ping while the server is asked to close.
      await start({
        ping: () => {
          pingStarted();
          return new Promise<void>((resolve) => (releasePing = resolve));
        },
      });
      const { url } = server!;
      const inFlight = fetch(`${url}/healthz`);
      await pinging;
      const closed = server!.close();
      releasePing();
      expect((await inFlight).status).toBe(200);
      await closed;
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      server = undefined;
    });

    it('close() writes usage recorded since the last flush before closing the store', async () => {
      const { boot, deps } = await start();
      const url = server!.url;
      await verifyOverHttp(url, boot.adminKey, boot.adminKey);
      const dbUrl = db.url;
      const recorded = vi.spyOn(deps.usage, 'flush');
      await server!.close();
      server = undefined;
      expect(recorded).toHaveBeenCalled();
      const reopened = await openStore(dbUrl);
      try {
        const [admin] = await reopened.listKeys(
          { orgId: boot.orgId, projectId: null, includeRevoked: false, now: new Date().toISOString() },
          { limit: 1, beforeSeq: null },
        );
        expect(admin?.lastUsedAt).not.toBeNull();
      } finally {
        await reopened.close();
      }
    });
  });
}

describe('closeOnSignals', () => {
  it('closes once on SIGTERM (a second signal is ignored) and exits 0', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const before = { term: process.listeners('SIGTERM'), int: process.listeners('SIGINT') };
    const close = vi.fn(() => Promise.resolve());
    const logger = { info: vi.fn(), error: vi.fn() } as unknown as Parameters<typeof closeOnSignals>[1];
    try {
      closeOnSignals({ close }, logger);
      process.emit('SIGTERM');
      process.emit('SIGINT');
      await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      for (const l of process.listeners('SIGTERM')) if (!before.term.includes(l)) process.off('SIGTERM', l);
      for (const l of process.listeners('SIGINT')) if (!before.int.includes(l)) process.off('SIGINT', l);
      exit.mockRestore();
    }
  });
});
