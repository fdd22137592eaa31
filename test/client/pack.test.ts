import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { useLiveServer } from './live-server.js';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('../../packages/client', import.meta.url));

/**
 * What a platform gets from `npm install @keyward/client`: the packed tarball installs into
 * an empty folder with nothing else (offline: it has no dependencies to fetch), and its
 * entry points load in plain Node, built, and call a running server.
 */
describe(`the packed @keyward/client (${ENGINES[0]!.name})`, () => {
  const live = useLiveServer(ENGINES[0]!);
  const dir = mkdtempSync(join(tmpdir(), 'keyward-client-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs offline into an empty folder, imports every entry point and calls the server', { timeout: 180_000 }, async () => {
    // npm pack runs the package's prepack: a fresh build of dist/.
    await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: PACKAGE_DIR });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^keyward-client-\d+\.\d+\.\d+\.tgz$/);

    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: dir });
    // Nothing but the client itself was installed: it has no dependencies.
    expect(readdirSync(join(dir, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@keyward']);
    const files = readdirSync(join(dir, 'node_modules/@keyward/client/dist'), { recursive: true }).map(String);
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'generated/openapi.d.ts', 'middleware/fastify.js']));

    const kw = live().admin;
    const project = await kw.projects.create({ name: 'packed' });
    const created = await kw.keys.create(project.id, { name: 'packed', roles: ['ingest'] });
    writeFileSync(
      join(dir, 'consumer.mjs'),
      `import { Keyward, KeywardError } from '@keyward/client';
import { withKeyward } from '@keyward/client/fetch';
import '@keyward/client/fastify';
import '@keyward/client/express';
import '@keyward/client/hono';
const kw = new Keyward({ baseUrl: process.env.KEYWARD_URL, apiKey: process.env.KEYWARD_API_KEY });
const who = await kw.whoami();
const v = await kw.keys.verify({ key: process.env.KEY, roles: ['ingest'] });
const missing = await kw.keys.get('00000000-0000-4000-8000-000000000000').catch((e) => e instanceof KeywardError && e.code);
const guarded = withKeyward((_r, k) => Response.json({ name: k.name }), { client: kw });
const res = await guarded(new Request('http://x/', { headers: { 'x-api-key': process.env.KEY } }));
console.log(JSON.stringify({ org: who.org_name, valid: v.valid, missing, guarded: await res.json() }));
`,
    );
    const { stdout } = await run(process.execPath, ['consumer.mjs'], {
      cwd: dir,
      env: { ...process.env, KEYWARD_URL: live().url, KEYWARD_API_KEY: live().adminKey, KEY: created.key },
    });
    expect(JSON.parse(stdout)).toEqual({ org: 'default', valid: true, missing: 'NOT_FOUND', guarded: { name: 'packed' } });
  });
});
