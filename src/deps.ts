import { CachingStore } from './cache/caching-store.js';
import { KeyCache } from './cache/key-cache.js';
import type { Config } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import { AbuseGuard, DEFAULT_ABUSE_LIMITS, type AbuseLimits } from './core/abuse-guard.js';
import type { Deps } from './core/context.js';
import { DIALECT_KEY_FORMATS } from './core/dialect-key-formats.js';
import { secretHasher } from './core/hash-secret.js';
import { ImportedKeyIndex } from './core/imported-keys.js';
import { KeyAlerts } from './core/key-alerts.js';
import { InProcessRateLimiter } from './core/rate-limiter.js';
import { UsageRecorder } from './core/usage-recorder.js';
import { userTokenVerifier } from './jwt/user-token-verifier.js';
import { RedisLink } from './redis/redis-link.js';
import type { Store } from './core/store.js';
import { webhookTargetPolicy } from './webhooks/target-policy.js';

/**
 * The verification cache's defaults for callers that pass no cache settings (tests, embedders).
 * Such a caller may never start `watch()`, so the TTL is the short one config.ts gives when
 * the database's signals are not heard (CACHE_TTL_MS.redisSignals), not the 10 s backstop.
 */
const CACHE_DEFAULTS = { cacheSize: 1_000_000, cacheTtlMs: 1000, cacheStaleIfErrorMs: 60_000 } as const;

/** KEYWARD_WEBHOOK_COOLDOWN_MS and KEYWARD_WEBHOOK_CREDITS_LOW's defaults, for callers without a config. */
const KEY_ALERT_DEFAULTS = { cooldownMs: 3_600_000, creditsLow: 10 } as const;

/** Counters the abuse limiter keeps at most (about 150 bytes each): past it the oldest windows go. */
const ABUSE_TRACKED_MAX = 200_000;

export type DepsConfig = Pick<Config, 'pepper'> &
  Partial<
    Pick<
      Config,
      | 'cacheSize'
      | 'cacheTtlMs'
      | 'cacheStaleIfErrorMs'
      | 'jwtSecret'
      | 'jwksUrl'
      | 'jwtMaxAgeSeconds'
      | 'redisUrl'
      | 'redisPrefix'
      | 'webhookAllowPrivate'
      | 'webhookCooldownMs'
      | 'webhookCreditsLow'
    >
  > &
  Partial<AbuseLimits>;

/**
 * Wires the core's dependencies from config: the one place that decides implementations.
 * The store is wrapped in the verification cache unless its size or TTL is 0.
 */
export function buildDeps(store: Store, config: DepsConfig, clock: Clock = systemClock): WiredDeps {
  const size = config.cacheSize ?? CACHE_DEFAULTS.cacheSize;
  const ttlMs = config.cacheTtlMs ?? CACHE_DEFAULTS.cacheTtlMs;
  const staleIfErrorMs = config.cacheStaleIfErrorMs ?? CACHE_DEFAULTS.cacheStaleIfErrorMs;
  const cached = size > 0 && ttlMs > 0 ? new CachingStore(store, new KeyCache({ size, ttlMs, staleIfErrorMs })) : null;
  // With KEYWARD_REDIS_URL: per-key verify limits shared by every instance, and cache changes published to them.
  const redis = config.redisUrl ? new RedisLink({ url: config.redisUrl, prefix: config.redisPrefix ?? 'keyward' }) : null;
  if (redis && cached) redis.shareCacheChanges(cached);
  return {
    store: cached ?? store,
    // Strings in no known format are looked up only when they may be imported keys; other instances' imports are read at most once a second.
    importedKeys: new ImportedKeyIndex(store),
    cachedStore: cached,
    clock,
    hash: secretHasher(config.pepper),
    rateLimiter: redis ? redis.rateLimiter('verify') : new InProcessRateLimiter(),
    usage: new UsageRecorder(),
    // The /compat dialects' key formats, so native verification and auth accept their keys.
    extraKeyFormats: DIALECT_KEY_FORMATS,
    // User tokens (JWTs) for the dialects that accept them, when KEYWARD_JWT_SECRET or KEYWARD_JWKS_URL is set.
    userTokens: userTokenVerifier(config),
    // Failed-auth and management-call limits per client, counted apart from the per-key verify limits.
    abuse: abuseGuard(config, redis),
    // Webhook URLs: private, loopback and link-local targets refused unless KEYWARD_WEBHOOK_ALLOW_PRIVATE.
    webhookTargets: webhookTargetPolicy(config.webhookAllowPrivate ?? false),
    // key.rate_limited / key.credits_low: a per-instance cooldown in memory, the outbox insert off the verification path.
    keyAlerts: new KeyAlerts({
      store,
      cooldownMs: config.webhookCooldownMs ?? KEY_ALERT_DEFAULTS.cooldownMs,
      creditsLow: config.webhookCreditsLow ?? KEY_ALERT_DEFAULTS.creditsLow,
    }),
    redis,
  };
}

/** Deps plus what the server opens before listening and closes after draining. */
export interface WiredDeps extends Deps {
  /**
   * The verification cache's store, the same object as `store`; null when the cache is off.
   * Held here so that whoever needs the cache (the server starts its `watch()`, the verify
   * lane reads it) is handed it, instead of finding it by type.
   */
  readonly cachedStore: CachingStore | null;
  /** Set when KEYWARD_REDIS_URL is: shared rate limits and cache changes (src/redis). */
  readonly redis: RedisLink | null;
}

/** Limits absent from `config` take their defaults (as config.ts would); with every limit 0 there is no guard. */
function abuseGuard(config: Partial<AbuseLimits>, redis: RedisLink | null): AbuseGuard | null {
  const limits: AbuseLimits = {
    authFailuresPerIp: config.authFailuresPerIp ?? DEFAULT_ABUSE_LIMITS.authFailuresPerIp,
    authFailuresPerCredential: config.authFailuresPerCredential ?? DEFAULT_ABUSE_LIMITS.authFailuresPerCredential,
    authFailureWindowMs: config.authFailureWindowMs ?? DEFAULT_ABUSE_LIMITS.authFailureWindowMs,
    managementCallsPerIp: config.managementCallsPerIp ?? DEFAULT_ABUSE_LIMITS.managementCallsPerIp,
    managementCallsPerCredential: config.managementCallsPerCredential ?? DEFAULT_ABUSE_LIMITS.managementCallsPerCredential,
    managementWindowMs: config.managementWindowMs ?? DEFAULT_ABUSE_LIMITS.managementWindowMs,
  };
  const any =
    limits.authFailuresPerIp + limits.authFailuresPerCredential + limits.managementCallsPerIp + limits.managementCallsPerCredential > 0;
  if (!any) return null;
  // Its own limiter (its own namespace), shared through Redis when there is one; in process
  // bounded well below the verify limiter, since an attacker inventing credentials and
  // addresses adds entries here.
  return new AbuseGuard(redis ? redis.rateLimiter('abuse') : new InProcessRateLimiter(ABUSE_TRACKED_MAX), limits);
}
