import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { buildDeps } from '../../src/deps.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open-store.js';
import type { TestEngine } from '../helpers/engines.js';

/** A real Keyward server on a free port and a fresh database, set up like a first start. */
export interface TestServer {
  readonly url: string;
  readonly rootKey: string;
  readonly adminKey: string;
  readonly orgId: string;
  /** Calls the native API with `key`, as any client would. */
  api(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** `webhooks`: deliver to receivers on 127.0.0.1, polling often (the webhooks page test). */
export async function startTestServer(engine: TestEngine, options: { webhooks?: boolean } = {}): Promise<TestServer> {
  const db = engine.freshUrl();
  const store = await openStore(db.url, { migrate: true });
  const deps = buildDeps(store, { pepper: null, webhookAllowPrivate: options.webhooks ?? false });
  const boot = await bootstrapInstance(deps);
  let server: RunningServer;
  try {
    server = await startServer({
      // A short flush so usage reaches the chart within the test; the default is 1 s.
      config: {
        host: '127.0.0.1',
        port: 0,
        usageFlushMs: 100,
        logLevel: 'silent',
        ...(options.webhooks ? { webhookAllowPrivate: true, webhookPollMs: 50 } : {}),
      },
      deps,
      logger: false,
    });
  } catch (err) {
    await store.close();
    await db.cleanup();
    throw err;
  }
  const url = server.url;
  return {
    url,
    rootKey: boot.rootKey,
    adminKey: boot.adminKey,
    orgId: boot.orgId,
    async api(key, method, path, body) {
      const res = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      await server.close();
      await db.cleanup();
    },
  };
}
