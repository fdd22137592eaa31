import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

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
});

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly pepper: string | null;
  readonly redisUrl: string | null;
  readonly logLevel: string;
  readonly usageFlushMs: number;
  readonly trustProxy: boolean;
  readonly jwtSecret: string | null;
  readonly jwksUrl: string | null;
  readonly cacheSize: number;
  readonly cacheTtlMs: number;
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
  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.KEYWARD_DATABASE_URL,
    pepper: e.KEYWARD_PEPPER ?? null,
    redisUrl: e.KEYWARD_REDIS_URL ?? null,
    logLevel: e.KEYWARD_LOG_LEVEL,
    usageFlushMs: e.KEYWARD_USAGE_FLUSH_MS,
    trustProxy: e.KEYWARD_TRUST_PROXY,
    jwtSecret: e.KEYWARD_JWT_SECRET ?? null,
    jwksUrl: e.KEYWARD_JWKS_URL ?? null,
    cacheSize: e.KEYWARD_CACHE_SIZE,
    cacheTtlMs: e.KEYWARD_CACHE_TTL_MS,
  });
}
