import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli, startServe, type ServeProcess } from './cli-process.js';

/**
 * The operator's recovery commands, run as processes on the database a real `keyward serve`
 * uses: the keys they print work on that server at once, and a rotated-out root key stops
 * working there too.
 */

/** How long a running server may keep honouring a revoked key: its cache TTL (1 s) with margin. */
const PROPAGATION_DEADLINE_MS = 10_000;

/** Polls until `check` is true or the deadline passes; resolves to whether it became true. */
async function eventually(check: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

const status = async (server: ServeProcess, path: string, key: string): Promise<number> =>
  (await fetch(server.url + path, { headers: { authorization: `Bearer ${key}` } })).status;

for (const engine of ENGINES) {
  describe(`admin-key create and root-key rotate on ${engine.name}`, { timeout: 3 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase;
    let server: ServeProcess | undefined;
    afterEach(async () => {
      await server?.stop();
      server = undefined;
      await db.cleanup();
    });

    it('mint keys that work on the running server, and the old root key stops working there', async () => {
      db = freshDatabaseUrl(engine);
      const env = { KEYWARD_DATABASE_URL: db.url };
      const init = await runCli(['init', '--org', 'acme', '--json'], env);
      expect(init.code).toBe(0);
      const setUp = JSON.parse(init.stdout) as { root_key: string; org_id: string; admin_key: string };
      server = await startServe(env);
      expect(await status(server, '/v1/orgs', setUp.root_key)).toBe(200);

      // By name, --json: exactly the three fields, and a working admin key of that org.
      const byName = await runCli(['admin-key', 'create', '--org', 'acme', '--json'], env);
      expect(byName.stderr).toBe('');
      expect(byName.code).toBe(0);
      const minted = JSON.parse(byName.stdout) as Record<string, string>;
      expect(Object.keys(minted).sort()).toEqual(['admin_key', 'key_id', 'org_id']);
      expect(minted.org_id).toBe(setUp.org_id);
      expect(minted.admin_key).toMatch(/^kw_org_\w+$/);
      const whoami = await runCli(['whoami', '--json'], { KEYWARD_URL: server.url, KEYWARD_API_KEY: minted.admin_key ?? '' });
      expect(JSON.parse(whoami.stdout)).toMatchObject({ key_id: minted.key_id, org_id: setUp.org_id, roles: ['admin'] });

      // By id, as text; the audit log shows the operator as the actor.
      const byId = await runCli(['admin-key', 'create', '--org', setUp.org_id], env);
      expect(byId.code).toBe(0);
      expect(byId.stdout).toMatch(/^Org id: \S+\nKey id: \S+\nAdmin key: kw_org_\w+\nThis key will not be shown again: copy it now\.\n$/);
      const audit = await runCli(['audit', '--action', 'key.create', '--target', minted.key_id ?? '', '--json'], {
        KEYWARD_URL: server.url,
        KEYWARD_API_KEY: setUp.admin_key,
      });
      expect(JSON.parse(audit.stdout)).toMatchObject({ data: [{ actor: { type: 'operator', id: 'cli' }, target: { id: minted.key_id } }] });

      // Rotation: a new root key that works, the old one refused by this server.
      const rotated = await runCli(['root-key', 'rotate', '--json'], env);
      expect(rotated.stderr).toBe('');
      expect(rotated.code).toBe(0);
      const root = JSON.parse(rotated.stdout) as { key_id: string; root_key: string; revoked_key_ids: string[] };
      expect(root.root_key).toMatch(/^kw_root_\w+$/);
      expect(root.revoked_key_ids).toHaveLength(1);
      expect(await status(server, '/v1/orgs', root.root_key)).toBe(200);
      const running = server;
      expect(await eventually(async () => (await status(running, '/v1/orgs', setUp.root_key)) === 401, PROPAGATION_DEADLINE_MS)).toBe(true);

      // Stored: the old root key revoked, the new one made by the operator; a second rotation revokes the new one.
      const again = JSON.parse((await runCli(['root-key', 'rotate', '--json'], env)).stdout) as { revoked_key_ids: string[] };
      expect(again.revoked_key_ids).toEqual([root.key_id]);
      const store = await openStore(db.url);
      try {
        expect((await store.findKey(null, root.revoked_key_ids[0] ?? ''))?.revokedAt).not.toBeNull();
        expect(await store.findKey(null, root.key_id)).toMatchObject({ createdBy: { type: 'operator', id: 'cli' } });
      } finally {
        await store.close();
      }
    });

    it('refuse a database that is not set up, naming keyward init, and set nothing up', async () => {
      db = freshDatabaseUrl(engine);
      const env = { KEYWARD_DATABASE_URL: db.url };
      expect((await runCli(['migrate'], env)).code).toBe(0);
      for (const args of [
        ['admin-key', 'create', '--org', 'default'],
        ['root-key', 'rotate'],
      ]) {
        const { code, stdout, stderr } = await runCli(args, env);
        expect(stdout).toBe('');
        expect(stderr).toMatch(
          /^error: this database is not set up: it has no root key: check KEYWARD_DATABASE_URL, or set up a new instance with `keyward init`\n$/,
        );
        expect(code).toBe(1);
      }
      const store = await openStore(db.url);
      try {
        expect(await store.isInitialized()).toBe(false);
      } finally {
        await store.close();
      }
    });

    it('refuse a database without Keyward tables rather than migrate it', async () => {
      db = freshDatabaseUrl(engine);
      // An existing but empty SQLite file (a missing one is refused earlier: see below).
      if (engine.name === 'sqlite') writeFileSync(db.url.slice('sqlite:'.length), '');
      const { code, stderr } = await runCli(['root-key', 'rotate', '--json'], { KEYWARD_DATABASE_URL: db.url });
      expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'FAILED', message: expect.stringContaining('no Keyward tables') } });
      expect(code).toBe(1);
      await expect(openStore(db.url)).rejects.toThrow(/no Keyward tables/);
    });

    it('admin-key create names an org that does not exist (a JSON error with --json)', async () => {
      db = freshDatabaseUrl(engine);
      const env = { KEYWARD_DATABASE_URL: db.url };
      expect((await runCli(['init'], env)).code).toBe(0);
      const text = await runCli(['admin-key', 'create', '--org', 'acme'], env);
      expect(text.stderr).toBe('error: NOT_FOUND: no organization has the id or name "acme" (org)\n');
      expect(text.code).toBe(1);
      const json = await runCli(['admin-key', 'create', '--org', 'acme', '--json'], env);
      expect(json.stdout).toBe('');
      expect(JSON.parse(json.stderr)).toEqual({
        error: { code: 'NOT_FOUND', message: 'no organization has the id or name "acme"', field: 'org' },
      });
      expect(json.code).toBe(1);
    });
  });
}

describe('recovery commands on a SQLite file that does not exist', { timeout: CLI_TEST_TIMEOUT }, () => {
  it.each([[['admin-key', 'create', '--org', 'default']], [['root-key', 'rotate']]])('%j refuses and creates no file', async (args) => {
    const file = join(tmpdir(), `keyward-missing-${process.pid}-${Date.now()}.db`);
    const { code, stdout, stderr } = await runCli(args, { KEYWARD_DATABASE_URL: `sqlite:${file}` });
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: no database at ${file}: check KEYWARD_DATABASE_URL (a new instance is set up by \`keyward init\`)\n`);
    expect(code).toBe(1);
    expect(existsSync(file)).toBe(false);
  });
});
