import { randomBytes, randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { secretHasher } from '../src/core/hash-secret.js';
import { BODY_LENGTH, checksumOf } from '../src/core/key-format.js';
import { bootstrapInstance } from '../src/core/use-cases/bootstrap.js';
import { buildDeps } from '../src/deps.js';
import { openStore, parseDatabaseUrl } from '../src/store/open-store.js';

export interface Seeded {
  readonly adminKey: string;
  readonly orgId: string;
  readonly projectId: string;
  /** Raw keys of every seeded project key, in insertion order. */
  readonly keys: readonly string[];
  /** Minting, hashing and writing the keys (not the schema set-up). */
  readonly seconds: number;
}

/** Rows per INSERT on PostgreSQL: one round trip per 5,000 keys, well inside its parameter limits (arrays). */
const PG_BATCH = 5000;

/**
 * Sets a fresh database up the way `keyward serve` does (migrations, root key, org and admin
 * key), adds one project and bulk-writes `count` project keys straight into api_keys.
 * The keys are minted and hashed exactly as the server does (same format, same hasher,
 * no pepper), so the server verifies them like any other; only the per-key API round
 * trip and audit event are skipped, which is what makes a million keys take seconds.
 */
export async function seedDatabase(databaseUrl: string, count: number): Promise<Seeded> {
  const store = await openStore(databaseUrl, { migrate: true });
  const deps = buildDeps(store, { pepper: null, cacheSize: 0 });
  let boot;
  const projectId = randomUUID();
  try {
    boot = await bootstrapInstance(deps);
    const now = new Date().toISOString();
    await store.insertProject({
      id: projectId,
      orgId: boot.orgId,
      name: 'bench',
      description: null,
      keyPrefix: null,
      maxKeysPerOwner: null,
      createdAt: now,
      updatedAt: now,
    });
  } finally {
    await store.close();
  }
  const started = performance.now();
  const hash = secretHasher(null);
  const keys: string[] = new Array(count);
  const rows: Row[] = new Array(count);
  const now = new Date().toISOString();
  const bodies = new RandomBodies();
  for (let i = 0; i < count; i++) {
    const raw = bodies.mint('kw_proj');
    keys[i] = raw;
    // What previewKeyward makes of a well-formed key, without re-checking the checksum.
    rows[i] = { id: randomUUID(), hash: hash(raw), preview: `kw_proj_…${raw.slice(-4)}` };
  }
  if (process.env['SEED_DEBUG']) console.error('minted', (performance.now() - started).toFixed(0));
  const where = parseDatabaseUrl(databaseUrl);
  const common = { orgId: boot.orgId, projectId, now };
  if (where.engine === 'sqlite') writeSqlite(where.path, rows, common);
  else await writePostgres(where.connectionString, where.schema, rows, common);
  const seconds = (performance.now() - started) / 1000;
  if (process.env['SEED_DEBUG']) console.error('written', (seconds * 1000).toFixed(0));
  return { adminKey: boot.adminKey, orgId: boot.orgId, projectId, keys, seconds };
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Keys in Keyward's exact format (prefix, 43 base62 characters, CRC32 check from the
 * core), with each body character drawn uniformly from CSPRNG bytes (rejection sampling:
 * 43 × log2(62) ≈ 256 bits). The core's mint goes through a BigInt per key, which would
 * make a million keys take half a minute; the server cannot tell the two apart.
 */
class RandomBodies {
  #pool = randomBytes(0);
  #at = 0;

  mint(prefix: string): string {
    let body = '';
    while (body.length < BODY_LENGTH) {
      if (this.#at >= this.#pool.length) {
        this.#pool = randomBytes(1 << 16);
        this.#at = 0;
      }
      const b = this.#pool[this.#at++]!;
      if (b < 248) body += ALPHABET[b % 62];
    }
    const payload = `${prefix}_${body}`;
    return `${payload}_${checksumOf(payload)}`;
  }
}

interface Row {
  readonly id: string;
  readonly hash: string;
  readonly preview: string;
}

interface Common {
  readonly orgId: string;
  readonly projectId: string;
  readonly now: string;
}

const COLUMNS =
  'id, kind, org_id, project_id, name, roles, hash, preview, enabled, metadata, rate_limit, ' +
  'created_by_type, created_by_id, owner, origin, created_at, updated_at';

function writeSqlite(path: string, rows: readonly Row[], c: Common): void {
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Enough page cache to hold the hash index while it is written.
    db.pragma('cache_size = -1000000');
    const insert = db.prepare(
      `insert into api_keys (${COLUMNS}) values (?, 'project', ?, ?, 'bench', '["ingest"]', ?, ?, 1, '{}', null, 'system', 'bench', null, 'native', ?, ?)`,
    );
    db.transaction(() => {
      for (const r of rows) insert.run(r.id, c.orgId, c.projectId, r.hash, r.preview, c.now, c.now);
    })();
    // What a server would otherwise pay on its first queries: fresh statistics for the planner.
    db.pragma('optimize');
  } finally {
    db.close();
  }
}

async function writePostgres(connectionString: string, schema: string | null, rows: readonly Row[], c: Common): Promise<void> {
  const client = new pg.Client({ connectionString, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  try {
    await client.query('begin');
    // Bench only: the org and project were just made, so the per-row foreign-key triggers
    // would check what is known; replica mode skips them (needs a superuser, as in CI).
    await client.query("set local session_replication_role = 'replica'");
    // Staged in an index-free temporary table, then inserted in hash order in one statement:
    // the unique index on hash then grows at its end instead of at a million random places.
    await client.query('create temporary table seed_keys (id text, hash text, preview text) on commit drop');
    for (let i = 0; i < rows.length; i += PG_BATCH) {
      const batch = rows.slice(i, i + PG_BATCH);
      await client.query('insert into seed_keys select * from unnest($1::text[], $2::text[], $3::text[])', [
        batch.map((r) => r.id),
        batch.map((r) => r.hash),
        batch.map((r) => r.preview),
      ]);
    }
    await client.query(
      `insert into api_keys (${COLUMNS})
       select id, 'project', $1, $2, 'bench', '["ingest"]', hash, preview, true, '{}', null, 'system', 'bench', null, 'native', $3, $3
       from seed_keys order by hash`,
      [c.orgId, c.projectId, c.now],
    );
    await client.query('commit');
    // A bulk load is followed by autovacuum's insert-triggered VACUUM (1M new rows): run it now,
    // so it does not compete with the measurements, as it would have long finished on a
    // database that grew to a million keys over time.
    await client.query('vacuum (analyze) api_keys');
  } finally {
    await client.end();
  }
}
