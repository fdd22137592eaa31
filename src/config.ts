import { availableParallelism } from 'node:os';
import proxyAddr from '@fastify/proxy-addr';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { readFileSync } from 'node:fs';
import { DEFAULT_ABUSE_LIMITS as ABUSE, type AbuseLimits } from './core/abuse-guard.js';
import { parseScanningKeys, type ScanningKey } from './core/leak-report-signature.js';

/**
 * The environment, parsed once at start-up into a frozen object that is passed down.
 * This is the only file that reads `process.env`. A bad value fails fast, naming the variable.
 */
/**
 * KEYWARD_CACHE_TTL_MS's defaults. With the database's change signals (numbered: a lost one
 * is noticed within about two seconds, see cache/key-cache.ts) the TTL only backs them up.
 * With Redis's alone, a write made outside Keyward (a `keyward` command, SQL) reaches the
 * caches through the TTL only, so it stays short.
 */
export const CACHE_TTL_MS = { databaseSignals: 10_000, redisSignals: 1000 } as const;

const EnvSchema = Type.Object({
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  PORT: Type.Integer({ default: 8080, minimum: 0, maximum: 65535 }),
  KEYWARD_DATABASE_URL: Type.String({ default: 'sqlite:./keyward.db', pattern: '^(sqlite:|postgres://|postgresql://)' }),
  KEYWARD_PEPPER: Type.Optional(Type.String({ minLength: 32 })),
  KEYWARD_REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** Starts every Redis key and channel name: deployments sharing one Redis need different ones. */
  KEYWARD_REDIS_PREFIX: Type.String({ default: 'keyward', pattern: '^[A-Za-z0-9_.:-]{1,64}$' }),
  /**
   * Which change signals keep the verification cache in step with other instances: `auto`
   * = the database's own (LISTEN/NOTIFY, data_version) plus Redis pub/sub when
   * KEYWARD_REDIS_URL is set; `redis` = Redis only (PostgreSQL behind a transaction-pooling
   * proxy such as PgBouncer, where LISTEN does not work). The cache TTL bounds staleness either way.
   */
  KEYWARD_CACHE_SIGNALS: Type.Union([Type.Literal('auto'), Type.Literal('redis')], { default: 'auto' }),
  KEYWARD_LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /** How often batched usage (last-used, counts) is written, in ms. */
  KEYWARD_USAGE_FLUSH_MS: Type.Integer({ default: 1000, minimum: 50, maximum: 60_000 }),
  /**
   * Behind a reverse proxy: whose X-Forwarded-For gives the client address (audit log, abuse
   * limits). `false`, `true` (one hop: the immediate peer, whoever it is), or a comma-separated
   * list of the proxies' addresses and CIDR ranges (parsed by `trustProxyOf`).
   */
  KEYWARD_TRUST_PROXY: Type.String({ default: 'false', minLength: 1 }),
  /**
   * The oldest user token (JWT) accepted, from its `iat`: seconds, or a number with a unit
   * (`90s`, `30m`, `24h`, `7d`); parsed by `durationSeconds`.
   */
  KEYWARD_JWT_MAX_AGE: Type.String({ default: '24h', minLength: 1 }),
  /** HS256 secret for user JWTs (dialects that accept a JWT). */
  KEYWARD_JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** JWKS URL for RS256/ES256 user JWTs. */
  KEYWARD_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /**
   * Verification cache: entries (hash → key), and the longest one is trusted after it was read.
   * The TTL is a backstop behind the numbered change signals: by default 10 s, but 1 s with
   * KEYWARD_CACHE_SIGNALS=redis, where writes made outside Keyward raise no signal the cache hears.
   */
  KEYWARD_CACHE_SIZE: Type.Integer({ default: 1_000_000, minimum: 0, maximum: 50_000_000 }),
  KEYWARD_CACHE_TTL_MS: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
  /**
   * While the database is unreachable, a cached key may still be answered this long past its
   * TTL (stale-if-error); 0 = never. Bounds how late a revocation can be seen during an outage.
   */
  KEYWARD_CACHE_STALE_IF_ERROR_MS: Type.Integer({ default: 60_000, minimum: 0, maximum: 3_600_000 }),
  /** The longest one database call (connect, or one statement) may wait before answering 503 UNAVAILABLE. */
  KEYWARD_DB_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 600_000 }),
  /** Abuse limits (core/abuse-guard.ts): failed authentications per client address and per credential, per window; 0 = off. */
  KEYWARD_AUTH_FAILURES_PER_IP: Type.Integer({ default: ABUSE.authFailuresPerIp, minimum: 0, maximum: 1_000_000_000 }),
  KEYWARD_AUTH_FAILURES_PER_CREDENTIAL: Type.Integer({ default: ABUSE.authFailuresPerCredential, minimum: 0, maximum: 1_000_000_000 }),
  KEYWARD_AUTH_FAILURE_WINDOW_MS: Type.Integer({ default: ABUSE.authFailureWindowMs, minimum: 1000, maximum: 86_400_000 }),
  /** Management calls (everything but verification) per client address and per credential, per window; 0 = off. */
  KEYWARD_MANAGEMENT_CALLS_PER_IP: Type.Integer({ default: ABUSE.managementCallsPerIp, minimum: 0, maximum: 1_000_000_000 }),
  KEYWARD_MANAGEMENT_CALLS_PER_CREDENTIAL: Type.Integer({
    default: ABUSE.managementCallsPerCredential,
    minimum: 0,
    maximum: 1_000_000_000,
  }),
  KEYWARD_MANAGEMENT_WINDOW_MS: Type.Integer({ default: ABUSE.managementWindowMs, minimum: 1000, maximum: 86_400_000 }),
  /** Webhooks (docs/WEBHOOKS.md): private, loopback and link-local targets are refused unless this is true. */
  KEYWARD_WEBHOOK_ALLOW_PRIVATE: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'false' }),
  /** How long a failing delivery is retried before it is marked failed, in hours. */
  KEYWARD_WEBHOOK_RETRY_HOURS: Type.Number({ default: 24, minimum: 0.001, maximum: 720 }),
  /** The first retry's delay in ms (each next one doubles, with jitter, up to an hour). */
  KEYWARD_WEBHOOK_RETRY_BASE_MS: Type.Integer({ default: 5000, minimum: 10, maximum: 3_600_000 }),
  /** How often the delivery loop looks for due deliveries and passed expiries, in ms. */
  KEYWARD_WEBHOOK_POLL_MS: Type.Integer({ default: 1000, minimum: 20, maximum: 60_000 }),
  /** Finished deliveries (delivered or failed) and their attempts are deleted this many days after their last attempt. */
  KEYWARD_WEBHOOK_RETENTION_DAYS: Type.Number({ default: 30, minimum: 1, maximum: 3650 }),
  /** Deliveries in flight at once per instance. */
  KEYWARD_WEBHOOK_CONCURRENCY: Type.Integer({ default: 8, minimum: 1, maximum: 256 }),
  /** At most one `key.rate_limited` and one `key.credits_low` event per key per this many ms, per instance. */
  KEYWARD_WEBHOOK_COOLDOWN_MS: Type.Integer({ default: 3_600_000, minimum: 1000, maximum: 7 * 86_400_000 }),
  /** `key.credits_low` once a VALID verification leaves at most this many credits (or a verification answers USAGE_EXCEEDED). */
  KEYWARD_WEBHOOK_CREDITS_LOW: Type.Integer({ default: 10, minimum: 0, maximum: 1_000_000_000 }),
  /** Server processes sharing the port (`serve --workers`): a count, or `auto` (one per core); parsed by `workerCount`. */
  KEYWARD_WORKERS: Type.String({ default: '1', minLength: 1 }),
  /**
   * The public keys leak reports are signed with (POST /v1/leaks/report): a JSON document in
   * the shape GitHub publishes them (`{"public_keys": [{"key_identifier", "key", "is_current"}]}`),
   * or the path of a file holding one. Unset: every report is refused (401).
   */
  KEYWARD_SECRET_SCANNING_KEYS: Type.Optional(Type.String({ minLength: 1 })),
  /** Leak reports accepted per client address and minute; 0 = no limit. */
  KEYWARD_LEAK_REPORTS_PER_MINUTE: Type.Integer({ default: 60, minimum: 0, maximum: 1_000_000 }),
});

/** The abuse limits (KEYWARD_AUTH_FAILURE*, KEYWARD_MANAGEMENT_*) are its AbuseLimits fields. */
export interface Config extends AbuseLimits {
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly pepper: string | null;
  readonly redisUrl: string | null;
  readonly redisPrefix: string;
  readonly cacheSignals: 'auto' | 'redis';
  readonly logLevel: string;
  readonly usageFlushMs: number;
  readonly trustProxy: TrustProxy;
  readonly jwtSecret: string | null;
  readonly jwksUrl: string | null;
  /** KEYWARD_JWT_MAX_AGE in seconds. */
  readonly jwtMaxAgeSeconds: number;
  readonly cacheSize: number;
  readonly cacheTtlMs: number;
  readonly cacheStaleIfErrorMs: number;
  readonly dbTimeoutMs: number;
  readonly webhookAllowPrivate: boolean;
  readonly webhookRetryHours: number;
  readonly webhookRetryBaseMs: number;
  readonly webhookPollMs: number;
  readonly webhookConcurrency: number;
  readonly webhookCooldownMs: number;
  readonly webhookCreditsLow: number;
  readonly webhookRetentionDays: number;
  /** KEYWARD_WORKERS: how many server processes `serve` runs on its port (1 = this process serves). */
  readonly workers: number;
  /** KEYWARD_SECRET_SCANNING_KEYS, parsed; empty when unset. */
  readonly secretScanningKeys: readonly ScanningKey[];
  readonly leakReportsPerMinute: number;
}

export class ConfigError extends Error {}

/**
 * Whose X-Forwarded-For is believed (KEYWARD_TRUST_PROXY): `false`, nobody (the socket's
 * address is the client); `true`, the immediate peer for one hop, whoever it is (safe only if
 * no client can reach Keyward except through a proxy that sets the header); or the proxies'
 * addresses and CIDR ranges, each entry as Fastify's `trustProxy` (proxy-addr) takes it.
 */
export type TrustProxy = boolean | readonly string[];

export function trustProxyOf(value: string): TrustProxy {
  const v = value.trim().toLowerCase();
  // 0 and 1 as the boolean this variable used to be (1 hop is what `true` means).
  if (v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (/^[0-9]+$/.test(entry)) {
      throw new ConfigError(
        `invalid KEYWARD_TRUST_PROXY: ${entry} looks like a hop count, which is not supported: list the proxies' addresses or CIDR ranges (or true for one hop)`,
      );
    }
    // proxy-addr (what Fastify compiles the list with) is the judge of an entry, so the list
    // accepted here is the list that runs.
    let valid = entry.length > 0;
    try {
      if (valid) proxyAddr.compile(entry);
    } catch {
      valid = false;
    }
    if (!valid) {
      throw new ConfigError(
        `invalid KEYWARD_TRUST_PROXY: ${JSON.stringify(entry.slice(0, 64))} is not an IP address or CIDR range (give true, false, or a comma-separated list such as 10.0.0.0/8,fd00::/8)`,
      );
    }
  }
  return Object.freeze(entries);
}

/** The most server processes `serve` runs: far beyond any machine's cores, low enough to catch a typo. */
export const MAX_WORKERS = 256;

/** `auto` (the cores this process may use: os.availableParallelism()) or a count from 1 to MAX_WORKERS; else fails naming `name`. */
export function workerCount(name: string, value: string): number {
  const v = value.trim().toLowerCase();
  if (v === 'auto') return Math.min(availableParallelism(), MAX_WORKERS);
  const n = /^[0-9]{1,4}$/.test(v) ? Number(v) : Number.NaN;
  if (!(n >= 1 && n <= MAX_WORKERS))
    throw new ConfigError(`invalid ${name}: expected auto or a number of processes from 1 to ${MAX_WORKERS}`);
  return n;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `3600`, `90s`, `30m`, `24h`, `7d` → seconds (1 s to 366 d); anything else fails naming `name`. */
export function durationSeconds(name: string, value: string): number {
  const match = /^([0-9]{1,9})([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * DURATION_UNITS[match[2] || 's']! : Number.NaN;
  if (!(seconds >= 1 && seconds <= 366 * 86_400)) {
    throw new ConfigError(
      `invalid ${name}: expected a duration of 1 s to 366 d, in seconds or with a unit s, m, h or d (e.g. 3600 or 24h)`,
    );
  }
  return seconds;
}

/** Parses an environment (default: the process's). Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(EnvSchema.properties)) {
    const v = env[name];
    if (v !== undefined && v !== '') raw[name] = v;
  }
  const parsed = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw));
  const first = [...Value.Errors(EnvSchema, parsed)][0];
  if (first) {
    const name = first.instancePath.replace(/^\//, '') || 'environment';
    throw new ConfigError(`invalid ${name}: ${first.message}`);
  }
  const e = parsed as Static<typeof EnvSchema>;
  if (e.KEYWARD_CACHE_SIGNALS === 'redis' && !e.KEYWARD_REDIS_URL) {
    throw new ConfigError('invalid KEYWARD_CACHE_SIGNALS: redis needs KEYWARD_REDIS_URL');
  }
  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.KEYWARD_DATABASE_URL,
    pepper: e.KEYWARD_PEPPER ?? null,
    redisUrl: e.KEYWARD_REDIS_URL ?? null,
    redisPrefix: e.KEYWARD_REDIS_PREFIX,
    cacheSignals: e.KEYWARD_CACHE_SIGNALS,
    logLevel: e.KEYWARD_LOG_LEVEL,
    usageFlushMs: e.KEYWARD_USAGE_FLUSH_MS,
    trustProxy: trustProxyOf(e.KEYWARD_TRUST_PROXY),
    jwtSecret: e.KEYWARD_JWT_SECRET ?? null,
    jwksUrl: e.KEYWARD_JWKS_URL ?? null,
    jwtMaxAgeSeconds: durationSeconds('KEYWARD_JWT_MAX_AGE', e.KEYWARD_JWT_MAX_AGE),
    cacheSize: e.KEYWARD_CACHE_SIZE,
    cacheTtlMs: e.KEYWARD_CACHE_TTL_MS ?? (e.KEYWARD_CACHE_SIGNALS === 'redis' ? CACHE_TTL_MS.redisSignals : CACHE_TTL_MS.databaseSignals),
    cacheStaleIfErrorMs: e.KEYWARD_CACHE_STALE_IF_ERROR_MS,
    dbTimeoutMs: e.KEYWARD_DB_TIMEOUT_MS,
    workers: workerCount('KEYWARD_WORKERS', e.KEYWARD_WORKERS),
    authFailuresPerIp: e.KEYWARD_AUTH_FAILURES_PER_IP,
    authFailuresPerCredential: e.KEYWARD_AUTH_FAILURES_PER_CREDENTIAL,
    authFailureWindowMs: e.KEYWARD_AUTH_FAILURE_WINDOW_MS,
    managementCallsPerIp: e.KEYWARD_MANAGEMENT_CALLS_PER_IP,
    managementCallsPerCredential: e.KEYWARD_MANAGEMENT_CALLS_PER_CREDENTIAL,
    managementWindowMs: e.KEYWARD_MANAGEMENT_WINDOW_MS,
    webhookAllowPrivate: e.KEYWARD_WEBHOOK_ALLOW_PRIVATE === 'true',
    webhookRetryHours: e.KEYWARD_WEBHOOK_RETRY_HOURS,
    webhookRetryBaseMs: e.KEYWARD_WEBHOOK_RETRY_BASE_MS,
    webhookPollMs: e.KEYWARD_WEBHOOK_POLL_MS,
    webhookConcurrency: e.KEYWARD_WEBHOOK_CONCURRENCY,
    webhookCooldownMs: e.KEYWARD_WEBHOOK_COOLDOWN_MS,
    webhookCreditsLow: e.KEYWARD_WEBHOOK_CREDITS_LOW,
    webhookRetentionDays: e.KEYWARD_WEBHOOK_RETENTION_DAYS,
    secretScanningKeys: scanningKeysOf(e.KEYWARD_SECRET_SCANNING_KEYS),
    leakReportsPerMinute: e.KEYWARD_LEAK_REPORTS_PER_MINUTE,
  });
}

/** KEYWARD_SECRET_SCANNING_KEYS: the document itself (it starts with `{`), or the path of a file holding it. */
export function scanningKeysOf(value: string | undefined): readonly ScanningKey[] {
  if (value === undefined) return [];
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    try {
      text = readFileSync(value, 'utf8');
    } catch {
      throw new ConfigError(`invalid KEYWARD_SECRET_SCANNING_KEYS: cannot read the file ${value}`);
    }
  }
  try {
    return parseScanningKeys(text);
  } catch (err) {
    throw new ConfigError(`invalid KEYWARD_SECRET_SCANNING_KEYS: ${(err as Error).message}`);
  }
}
