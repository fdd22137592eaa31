import { CachingStore } from './cache/caching-store.js';
import { KeyCache } from './cache/key-cache.js';
import type { Config } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import type { Deps } from './core/context.js';
import { DIALECT_KEY_FORMATS } from './core/dialect-key-formats.js';
import { secretHasher } from './core/hash-secret.js';
import { InProcessRateLimiter } from './core/rate-limiter.js';
import { UsageRecorder } from './core/usage-recorder.js';
import { userTokenVerifier } from './http/dialects/shared/user-tokens.js';
import type { Store } from './store/store.js';

/** The verification cache's defaults, as in config.ts (for callers that pass no cache settings). */
const CACHE_DEFAULTS = { cacheSize: 1_000_000, cacheTtlMs: 1000 } as const;

type DepsConfig = Pick<Config, 'pepper'> & Partial<Pick<Config, 'cacheSize' | 'cacheTtlMs' | 'jwtSecret' | 'jwksUrl'>>;

/**
 * Wires the core's dependencies from config: the one place that decides implementations.
 * The store is wrapped in the verification cache unless its size or TTL is 0.
 */
export function buildDeps(store: Store, config: DepsConfig, clock: Clock = systemClock): Deps {
  const size = config.cacheSize ?? CACHE_DEFAULTS.cacheSize;
  const ttlMs = config.cacheTtlMs ?? CACHE_DEFAULTS.cacheTtlMs;
  return {
    store: size > 0 && ttlMs > 0 ? new CachingStore(store, new KeyCache({ size, ttlMs })) : store,
    clock,
    hash: secretHasher(config.pepper),
    rateLimiter: new InProcessRateLimiter(),
    usage: new UsageRecorder(),
    // The /compat dialects' key formats, so native verification and auth accept their keys.
    extraKeyFormats: DIALECT_KEY_FORMATS,
    // User tokens (JWTs) for the dialects that accept them, when KEYWARD_JWT_SECRET or KEYWARD_JWKS_URL is set.
    userTokens: userTokenVerifier(config),
  };
}
