import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('Redis settings in config', () => {
  it('are off by default: no URL, prefix "keyward", database signals', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: null, redisPrefix: 'keyward', cacheSignals: 'auto' });
  });

  it('read KEYWARD_REDIS_URL, KEYWARD_REDIS_PREFIX and KEYWARD_CACHE_SIGNALS', () => {
    const env = { KEYWARD_REDIS_URL: 'redis://r:6379/2', KEYWARD_REDIS_PREFIX: 'eu-1:keyward', KEYWARD_CACHE_SIGNALS: 'redis' };
    expect(loadConfig(env)).toMatchObject({ redisUrl: 'redis://r:6379/2', redisPrefix: 'eu-1:keyward', cacheSignals: 'redis' });
  });

  it.each([
    [{ KEYWARD_REDIS_URL: 'http://r:6379' }, 'KEYWARD_REDIS_URL'],
    [{ KEYWARD_REDIS_PREFIX: 'has space' }, 'KEYWARD_REDIS_PREFIX'],
    [{ KEYWARD_REDIS_PREFIX: 'x'.repeat(65) }, 'KEYWARD_REDIS_PREFIX'],
    [{ KEYWARD_CACHE_SIGNALS: 'carrier-pigeon' }, 'KEYWARD_CACHE_SIGNALS'],
    // Turning the database's signals off with nothing in their place would leave only the TTL.
    [{ KEYWARD_CACHE_SIGNALS: 'redis' }, 'KEYWARD_CACHE_SIGNALS'],
  ])('refuse %j, naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
