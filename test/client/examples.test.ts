import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyward } from '@keyward/client';
import { ENGINES } from '../helpers/engines.js';
import { useLiveServer } from './live-server.js';

/**
 * Each app of examples/ started as its own process, the way its first line says to run it,
 * then called with a valid, a revoked and a missing key against a real Keyward server.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = ['fastify', 'express', 'hono', 'fetch'];
const START_TIMEOUT = 60_000;

interface Running {
  url: string;
  child: ChildProcess;
}

/** Starts `examples/<name>.ts` on a free port; resolves with its URL once it says it listens. */
function startExample(name: string, env: Record<string, string>): Promise<Running> {
  // The @keyward/source condition runs the client from its sources, as the other tests do.
  const child = spawn(process.execPath, ['--conditions=@keyward/source', '--import', 'tsx', `examples/${name}.ts`], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url: url.replace(/\/$/, ''), child });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('exit', (code) => reject(new Error(`examples/${name}.ts exited (${code}) before listening: ${out}`)));
  });
}

const engine = ENGINES[0]!;

describe(`examples/ against a real Keyward server (${engine.name})`, () => {
  const live = useLiveServer(engine);
  const running: Running[] = [];
  let valid: string;
  let revoked: string;
  let verifyKey: string;

  beforeAll(async () => {
    const kw: Keyward = live().admin;
    verifyKey = await live().harness.keyWith('keys:verify');
    const project = await kw.projects.create({ name: 'examples' });
    valid = (await kw.keys.create(project.id, { name: 'valid', roles: ['ingest'] })).key;
    const gone = await kw.keys.create(project.id, { name: 'revoked', roles: ['ingest'] });
    await kw.keys.revoke(gone.id);
    revoked = gone.key;
  });

  afterAll(() => {
    for (const r of running) r.child.kill('SIGTERM');
  });

  for (const name of EXAMPLES) {
    it(`${name}: a valid key gets through, a revoked or missing one gets 401`, { timeout: START_TIMEOUT }, async () => {
      const app = await startExample(name, { KEYWARD_URL: live().url, KEYWARD_API_KEY: verifyKey });
      running.push(app);
      const hello = (headers: Record<string, string>) => fetch(`${app.url}/hello`, { headers });

      const ok = await hello({ authorization: `Bearer ${valid}` });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ hello: 'valid' });

      const refused = await hello({ 'x-api-key': revoked });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 'REVOKED' } });

      const missing = await hello({});
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    });
  }
});
