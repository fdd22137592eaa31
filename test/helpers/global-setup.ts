import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../e2e/browser.js';

/**
 * Says once, before the run, which optional suites are off on this machine and how to turn
 * them on, so a green run on a fresh clone is not mistaken for a full one. In CI each of
 * them is required instead (engines.ts, redis.ts and e2e/browser.ts throw).
 */
export default function announceSkippedSuites(): void {
  const off: string[] = [];
  if (!process.env['KEYWARD_TEST_POSTGRES_URL']) off.push('PostgreSQL suites off: set KEYWARD_TEST_POSTGRES_URL to run them');
  if (!process.env['KEYWARD_TEST_REDIS_URL']) off.push('Redis suites off: set KEYWARD_TEST_REDIS_URL to run them');
  if (!existsSync(CHROMIUM_PATH)) off.push(`browser tests off: ${CHROMIUM_PATH} is missing (apt-get install -y chromium)`);
  for (const line of off) console.log(line);
}
