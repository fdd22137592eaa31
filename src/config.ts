import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { DEFAULT_ABUSE_LIMITS as ABUSE, type AbuseLimits } from './core/abuse-guard.js';

/**
 * The environment, parsed once at start-up into a frozen object that is passed down.
 * This is the only file that reads `process.env`. A bad value fails fast, naming the variable.
 */
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
  /** Behind a reverse proxy: trust X-Forwarded-For for the client IP (audit log, rate limits). */
  KEYWARD_TRUST_PROXY: Type.Boolean({ default: false }),
  /** HS256 secret for user JWTs (dialects that accept a JWT). */
  KEYWARD_JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** JWKS URL for RS256/ES256 user JWTs. */
  KEYWARD_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Verification cache: entries (hash → key), and how long one may be trusted without a change signal. */
  KEYWARD_CACHE_SIZE: Type.Integer({ default: 1_000_000, minimum: 0, maximum: 50_000_000 }),
  KEYWARD_CACHE_TTL_MS: Type.Integer({ default: 1000, minimum: 0, maximum: 3_600_000 }),
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
  KEYWARD_MANAGEMENT_CALLS_PER_CREDENTIAL: Type.Integer({ default: ABUSE.managementCallsPerCredential, minimum: 0, maximum: 1_000_000_000 }),
  KEYWARD_MANAGEMENT_WINDOW_MS: Type.Integer({ default: ABUSE.managementWindowMs, minimum: 1000, maximum: 86_400_000 }),
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
  readonly trustProxy: boolean;
  readonly jwtSecret: string | null;
  readonly jwksUrl: string | null;
  readonly cacheSize: number;
  readonly cacheTtlMs: number;
  readonly cacheStaleIfErrorMs: number;
  readonly dbTimeoutMs: number;
}

export class ConfigError extends Error {}

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
    trustProxy: e.KEYWARD_TRUST_PROXY,
    jwtSecret: e.KEYWARD_JWT_SECRET ?? null,
    jwksUrl: e.KEYWARD_JWKS_URL ?? null,
    cacheSize: e.KEYWARD_CACHE_SIZE,
    cacheTtlMs: e.KEYWARD_CACHE_TTL_MS,
    cacheStaleIfErrorMs: e.KEYWARD_CACHE_STALE_IF_ERROR_MS,
    dbTimeoutMs: e.KEYWARD_DB_TIMEOUT_MS,
    authFailuresPerIp: e.KEYWARD_AUTH_FAILURES_PER_IP,
    authFailuresPerCredential: e.KEYWARD_AUTH_FAILURES_PER_CREDENTIAL,
    authFailureWindowMs: e.KEYWARD_AUTH_FAILURE_WINDOW_MS,
    managementCallsPerIp: e.KEYWARD_MANAGEMENT_CALLS_PER_IP,
    managementCallsPerCredential: e.KEYWARD_MANAGEMENT_CALLS_PER_CREDENTIAL,
    managementWindowMs: e.KEYWARD_MANAGEMENT_WINDOW_MS,
  });
}
