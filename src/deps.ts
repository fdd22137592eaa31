import type { Config } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import type { Deps } from './core/context.js';
import { secretHasher } from './core/hash-secret.js';
import { InProcessRateLimiter } from './core/rate-limiter.js';
import { UsageRecorder } from './core/usage-recorder.js';
import type { Store } from './store/store.js';

/** Wires the core's dependencies from config: the one place that decides implementations. */
export function buildDeps(store: Store, config: Pick<Config, 'pepper'>, clock: Clock = systemClock): Deps {
  return {
    store,
    clock,
    hash: secretHasher(config.pepper),
    rateLimiter: new InProcessRateLimiter(),
    usage: new UsageRecorder(),
    extraKeyFormats: [],
  };
}
