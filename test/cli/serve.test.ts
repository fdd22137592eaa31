import { connect, createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { CLI_TEST_TIMEOUT, runCli, startServe } from './cli-process.js';

const KEY_LINES = /^(Root key|Admin key): /m;

for (const engine of ENGINES) {
  describe(`serve on ${engine.name}`, { timeout: 2 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase;
    afterEach(async () => {
      await db.cleanup();
    });

    it('prints the root and admin keys on stderr on the first start only, and stops cleanly on SIGTERM', async () => {
      db = freshDatabaseUrl(engine);
      const first = await startServe({ KEYWARD_DATABASE_URL: db.url });
      // The terminal's stream, not the log stream: stdout carries no key.
      expect(first.startupStdout).not.toContain('kw_');
      const lines = first.startupStderr.split('\n');
      const rootLines = lines.filter((l) => l.startsWith('Root key: '));
      const adminLines = lines.filter((l) => l.startsWith('Admin key: '));
      expect(rootLines).toHaveLength(1);
      expect(adminLines).toHaveLength(1);
      expect(rootLines[0]).toMatch(/^Root key: kw_root_\w+$/);
      expect(adminLines[0]).toMatch(/^Admin key: kw_org_\w+$/);
      const adminKey = adminLines[0]?.slice('Admin key: '.length) ?? '';

      // It serves, and the printed admin key is a working credential.
      const whoami = await runCli(['whoami', '--json'], { KEYWARD_URL: first.url, KEYWARD_API_KEY: adminKey });
      expect(whoami.code).toBe(0);
      expect(JSON.parse(whoami.stdout)).toMatchObject({ org_name: 'default', roles: ['admin'] });

      const stopped = await first.stop();
      expect(stopped.signal).toBeNull();
      expect(stopped.code).toBe(0);

      const second = await startServe({ KEYWARD_DATABASE_URL: db.url });
      expect(second.startupOutput).not.toMatch(KEY_LINES);
      expect(second.startupOutput).not.toContain('kw_');
      const again = await runCli(['whoami'], { KEYWARD_URL: second.url, KEYWARD_API_KEY: adminKey });
      expect(again.code).toBe(0);
      const stoppedAgain = await second.stop();
      expect(stoppedAgain.code).toBe(0);
      expect(stoppedAgain.stdout).not.toMatch(KEY_LINES);
    });
  });
}

describe('serve stopping', () => {
  // A connection that never sent a request is not "idle" to Node: before, one such socket held
  // SIGTERM until Node's 60 s request timeout. The bound here is far from both.
  it('ends a connection that never sent a request, and exits 0 on SIGTERM', { timeout: 40_000 }, async () => {
    const db = freshDatabaseUrl(ENGINES[0]!);
    try {
      const server = await startServe({ KEYWARD_DATABASE_URL: db.url });
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      const closed = once(socket, 'close');
      const stopped = await server.stop();
      await closed;
      expect(stopped.code).toBe(0);
    } finally {
      await db.cleanup();
    }
  });
});

describe('serve with bad settings', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('exits 2 with one line naming the variable', async () => {
    const { code, stdout, stderr } = await runCli(['serve'], { PORT: 'eighty' });
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: invalid PORT[^\n]*\n$/);
    expect(code).toBe(2);
  });
});

describe('serve on a port that is taken', { timeout: CLI_TEST_TIMEOUT }, () => {
  let occupant: Server;
  let db: FreshDatabase;
  afterEach(async () => {
    await new Promise((resolve) => occupant.close(resolve));
    await db.cleanup();
  });

  it('exits 1 with one line naming the error', async () => {
    occupant = createServer();
    await new Promise<void>((resolve) => occupant.listen(0, '127.0.0.1', resolve));
    const { port } = occupant.address() as { port: number };
    db = freshDatabaseUrl(ENGINES[ENGINES.length - 1]!);

    const { code, stderr } = await runCli(['serve'], { KEYWARD_DATABASE_URL: db.url, HOST: '127.0.0.1', PORT: String(port) });
    expect(stderr).toMatch(/EADDRINUSE/);
    expect(
      stderr
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('error: ')),
    ).toHaveLength(1);
    expect(code).toBe(1);
  });
});
