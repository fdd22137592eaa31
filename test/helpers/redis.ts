import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * The Redis the Redis suites run against, like ENGINES in engines.ts:
 *
 * ```ts
 * describe.runIf(REDIS)('…', () => { … REDIS!.url … REDIS!.freshPrefix() … })
 * ```
 *
 * Set by KEYWARD_TEST_REDIS_URL (CI sets it). Unset locally, the suites are skipped;
 * unset with CI set, this module throws, so CI can never quietly skip them. Tests share
 * one Redis (and other engineers' tests use it at the same time): each test takes a
 * fresh prefix, so its channels and counters never meet anyone else's, and nothing is
 * ever flushed.
 */
export interface TestRedis {
  readonly url: string;
  /** A KEYWARD_REDIS_PREFIX no other test uses. */
  freshPrefix(): string;
}

const url = process.env['KEYWARD_TEST_REDIS_URL'];

if (process.env['CI'] && !url) {
  throw new Error('CI is set but KEYWARD_TEST_REDIS_URL is not: the Redis suites must run in CI');
}

export const REDIS: TestRedis | null = url ? { url, freshPrefix: () => `kwtest:${randomBytes(6).toString('hex')}` } : null;

/** A redis:// URL on a local port nothing listens on (taken from the OS, then released). */
export async function closedPortRedisUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `redis://127.0.0.1:${port}`;
}
