import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli, startServe } from './cli-process.js';

/**
 * Where the local commands find their database, and what they say about it: a typo in a
 * SQLite path must not look like a fresh install, and a start that changed the schema says so.
 */

describe('a sqlite: URL into a folder that does not exist', { timeout: CLI_TEST_TIMEOUT }, () => {
  const folder = join(tmpdir(), `keyward-no-such-folder-${process.pid}`);
  const env = { KEYWARD_DATABASE_URL: `sqlite:${join(folder, 'keyward.db')}`, HOST: '127.0.0.1', PORT: '0' };

  it.each([[['serve']], [['init']], [['migrate']], [['admin-key', 'create', '--org', 'default']], [['root-key', 'rotate']]])(
    '%j refuses, naming the folder, and creates nothing',
    async (args) => {
      const { code, stdout, stderr } = await runCli(args, env);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: [^\n]*\n$/);
      // The recovery commands refuse any missing file first; the others name the folder.
      expect(stderr).toContain(
        args[0] === 'admin-key' || args[0] === 'root-key' ? 'no database at' : `the folder ${folder} does not exist`,
      );
      expect(code).toBe(1);
      expect(existsSync(folder)).toBe(false);
    },
  );

  it('sqlite::memory: still works (init sets it up)', async () => {
    const { code, stdout } = await runCli(['init', '--json'], { KEYWARD_DATABASE_URL: 'sqlite::memory:' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveProperty('root_key');
  });
});

for (const engine of ENGINES) {
  describe(`serve on ${engine.name} logs the migrations it applied`, { timeout: 2 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase;
    afterEach(async () => {
      await db.cleanup();
    });

    it('one info line naming them on the first start, none when the schema is current', async () => {
      db = freshDatabaseUrl(engine);
      const env = { KEYWARD_DATABASE_URL: db.url, KEYWARD_LOG_LEVEL: 'info' };
      const applied = (stdout: string) =>
        stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { level: number; msg: string; migrations?: string[] })
          .filter((entry) => entry.msg.startsWith('Applied migrations'));

      // The whole stdout, once stopped: the logger writes asynchronously.
      const first = await (await startServe(env)).stop();
      const [line, ...more] = applied(first.stdout);
      expect(more).toEqual([]);
      expect(line?.level).toBe(30);
      expect(line?.migrations?.[0]).toBe('0001-initial-schema');
      expect(line?.msg).toBe(`Applied migrations: ${line?.migrations?.join(', ')}`);

      const second = await (await startServe(env)).stop();
      expect(second.stdout).toContain('shutting down');
      expect(applied(second.stdout)).toEqual([]);
    });
  });
}
