import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli } from './cli-process.js';

for (const engine of ENGINES) {
  describe(`init and migrate on ${engine.name}`, { timeout: CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase;
    afterEach(async () => {
      await db.cleanup();
    });

    it('migrate applies every migration once, then says the schema is up to date', async () => {
      db = freshDatabaseUrl(engine);
      const first = await runCli(['migrate'], { KEYWARD_DATABASE_URL: db.url });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      // One line naming them all, in order.
      expect(first.stdout).toMatch(/^Applied migrations: 0001-initial-schema, 0002-[\w-]+(, \d{4}-[\w-]+)*\n$/);

      const second = await runCli(['migrate'], { KEYWARD_DATABASE_URL: db.url });
      expect(second.code).toBe(0);
      expect(second.stdout).toBe('The schema is up to date.\n');
    });

    it('init --json prints the keys once, and refuses a second time with exit 1', async () => {
      db = freshDatabaseUrl(engine);
      const first = await runCli(['init', '--org', 'acme', '--json'], { KEYWARD_DATABASE_URL: db.url });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const setUp = JSON.parse(first.stdout) as Record<string, string>;
      expect(Object.keys(setUp).sort()).toEqual(['admin_key', 'org_id', 'root_key']);
      expect(setUp.root_key).toMatch(/^kw_root_\w+$/);
      expect(setUp.admin_key).toMatch(/^kw_org_\w+$/);

      // The org it printed is the one stored, under the name given.
      const store = await openStore(db.url);
      try {
        expect((await store.findOrg(setUp.org_id ?? ''))?.name).toBe('acme');
      } finally {
        await store.close();
      }

      const second = await runCli(['init', '--json'], { KEYWARD_DATABASE_URL: db.url });
      expect(second.stdout).toBe('');
      expect(JSON.parse(second.stderr)).toEqual({
        error: { code: 'ALREADY_SET_UP', message: expect.stringMatching(/^this database is already set up; .*keyward root-key rotate/) },
      });
      expect(second.code).toBe(1);

      const readable = await runCli(['init'], { KEYWARD_DATABASE_URL: db.url });
      expect(readable.stderr).toMatch(/^error: this database is already set up[^\n]*\n$/);
      expect(readable.code).toBe(1);
    });

    it('init without --json prints readable lines and says the keys are shown once', async () => {
      db = freshDatabaseUrl(engine);
      const { code, stdout } = await runCli(['init'], { KEYWARD_DATABASE_URL: db.url });
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /^Root key: kw_root_\w+\nOrg id: [0-9a-f-]{36}\nAdmin key: kw_org_\w+\nThese keys will not be shown again: copy them now\.\n$/,
      );
    });
  });
}
