import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { Keyward } from '@keyward/client';
import type { TestEngine } from '../helpers/engines.js';
import { Harness } from '../http/harness.js';

/** A real Keyward app on a real engine, listening on a real port: what the client talks to. */
export interface LiveServer {
  readonly harness: Harness;
  readonly url: string;
  /** A client acting as the org's admin. */
  readonly admin: Keyward;
  readonly rootKey: string;
  readonly adminKey: string;
}

/** One live server per describe block, on `engine`: listening before its tests, closed after. */
export function useLiveServer(engine: TestEngine): () => LiveServer {
  let live: LiveServer | undefined;
  beforeAll(async () => {
    const harness = await Harness.open(engine);
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
    const admin = new Keyward({ baseUrl: url, apiKey: harness.org.adminKey });
    live = { harness, url, admin, rootKey: harness.rootKey, adminKey: harness.org.adminKey };
  });
  afterAll(async () => {
    await live?.harness.close();
  });
  return () => {
    if (!live) throw new Error('live server used outside a test');
    return live;
  };
}
