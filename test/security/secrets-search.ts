import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parseDatabaseUrl } from '../../src/store/open-store.js';

/**
 * Where a leaked secret would be found, and what to look for. A raw key is searched whole
 * and by its random part (without prefix or checksum, the part that is the secret), and by
 * both halves of that part, so a truncated or re-prefixed copy is caught too.
 */

/** The random body of a key in any of Keyward's formats (native, Langtrace hex, Confident, Braintrust, Openlayer). */
export function randomPartOf(key: string): string {
  if (/^[0-9a-f]{64}$/.test(key)) return key.slice(0, 56); // 28 random bytes, then the CRC32
  const confident = /^confident_proj_([0-9a-f]{24})[0-9a-f]{8}$/.exec(key); // 12 random bytes, then the CRC32
  if (confident) return confident[1]!;
  const m = /([A-Za-z0-9]{43})_[A-Za-z0-9]{6}$/.exec(key);
  if (!m) throw new Error(`not a key format this test knows: ${key.slice(0, 12)}…`);
  return m[1]!;
}

/** The strings whose presence anywhere means `key` leaked. */
export function needlesFor(key: string): string[] {
  const body = randomPartOf(key);
  const half = Math.floor(body.length / 2);
  return [key, body, body.slice(0, half), body.slice(half)];
}

/** Which of `secrets` (by label) occur in `haystack`. */
export function leaksIn(haystack: string, secrets: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  for (const [label, needles] of secrets) if (needles.some((n) => haystack.includes(n))) found.push(label);
  return found;
}

/** The SQLite database file and its WAL, as text (latin1 keeps every byte). Missing files read as empty. */
export async function sqliteBytes(databaseUrl: string): Promise<string> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.engine !== 'sqlite') throw new Error('not a SQLite URL');
  const parts = await Promise.all(
    ['', '-wal'].map((s) =>
      readFile(location.path + s).then(
        (b) => b.toString('latin1'),
        () => '',
      ),
    ),
  );
  return parts.join('\n');
}

/** `pg_dump` of the test schema (schema and data), as the operator's backup would hold it. */
export async function postgresDump(databaseUrl: string): Promise<string> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.engine !== 'postgres' || !location.schema) throw new Error('not a PostgreSQL URL with a schema');
  const { stdout } = await promisify(execFile)('pg_dump', ['--no-owner', `--schema=${location.schema}`, location.connectionString], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}
