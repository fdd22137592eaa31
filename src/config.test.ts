import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig, MAX_WORKERS, workerCount } from './config.js';
import { DEFAULT_ABUSE_LIMITS } from './core/abuse-guard.js';

describe('config', () => {
  it('reads KEYWARD_WORKERS: 1 by default, a count, or auto (the available cores); anything else fails naming it', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ KEYWARD_WORKERS: '4' }).workers).toBe(4);
    expect(loadConfig({ KEYWARD_WORKERS: ' 2 ' }).workers).toBe(2);
    expect(loadConfig({ KEYWARD_WORKERS: 'auto' }).workers).toBe(Math.min(availableParallelism(), MAX_WORKERS));
    expect(loadConfig({ KEYWARD_WORKERS: 'AUTO' }).workers).toBeGreaterThanOrEqual(1);
    expect(loadConfig({ KEYWARD_WORKERS: String(MAX_WORKERS) }).workers).toBe(MAX_WORKERS);
    for (const bad of ['0', '-1', '1.5', 'two', '257', '99999', '0x2', 'auto2']) {
      expect(() => loadConfig({ KEYWARD_WORKERS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ KEYWARD_WORKERS: bad }), bad).toThrow(/^invalid KEYWARD_WORKERS: expected auto or a number/);
    }
    // The flag (serve --workers) is read by the same rule, named as given.
    expect(workerCount('--workers', '3')).toBe(3);
    expect(() => workerCount('--workers', 'many')).toThrow(/^invalid --workers: /);
  });

  it('defaults to 127.0.0.1:8080 on ./keyward.db', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: 'sqlite:./keyward.db', pepper: null });
  });

  it('reads HOST, PORT and the database URL, treating empty strings as unset', () => {
    const c = loadConfig({ HOST: '0.0.0.0', PORT: '9000', KEYWARD_DATABASE_URL: 'postgres://u@h/db', KEYWARD_PEPPER: '' });
    expect(c).toMatchObject({ host: '0.0.0.0', port: 9000, databaseUrl: 'postgres://u@h/db', pepper: null });
  });

  it('reads the abuse limits, with defaults that match the core (0 turns a limit off)', () => {
    expect(loadConfig({})).toMatchObject(DEFAULT_ABUSE_LIMITS);
    const c = loadConfig({
      KEYWARD_AUTH_FAILURES_PER_IP: '0',
      KEYWARD_AUTH_FAILURES_PER_CREDENTIAL: '25',
      KEYWARD_AUTH_FAILURE_WINDOW_MS: '300000',
      KEYWARD_MANAGEMENT_CALLS_PER_IP: '500',
      KEYWARD_MANAGEMENT_CALLS_PER_CREDENTIAL: '100',
      KEYWARD_MANAGEMENT_WINDOW_MS: '1000',
    });
    expect(c).toMatchObject({
      authFailuresPerIp: 0,
      authFailuresPerCredential: 25,
      authFailureWindowMs: 300_000,
      managementCallsPerIp: 500,
      managementCallsPerCredential: 100,
      managementWindowMs: 1000,
    });
  });

  it('reads KEYWARD_TRUST_PROXY: false by default, true (one hop), or a list of proxy addresses and CIDR ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ KEYWARD_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ KEYWARD_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ KEYWARD_TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
    expect(loadConfig({ KEYWARD_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ KEYWARD_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ KEYWARD_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,fd00::/8, ::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'fd00::/8',
      '::1',
    ]);
  });

  it('reads KEYWARD_JWT_MAX_AGE in seconds or with a unit (24 h by default)', () => {
    expect(loadConfig({}).jwtMaxAgeSeconds).toBe(86_400);
    expect(loadConfig({ KEYWARD_JWT_MAX_AGE: '3600' }).jwtMaxAgeSeconds).toBe(3600);
    expect(loadConfig({ KEYWARD_JWT_MAX_AGE: '90s' }).jwtMaxAgeSeconds).toBe(90);
    expect(loadConfig({ KEYWARD_JWT_MAX_AGE: '30m' }).jwtMaxAgeSeconds).toBe(1800);
    expect(loadConfig({ KEYWARD_JWT_MAX_AGE: '12h' }).jwtMaxAgeSeconds).toBe(43_200);
    expect(loadConfig({ KEYWARD_JWT_MAX_AGE: '7d' }).jwtMaxAgeSeconds).toBe(604_800);
  });

  it('reads the key alert cooldown (1 h by default) and credits-low threshold (10 by default); out of range fails naming it', () => {
    expect(loadConfig({})).toMatchObject({ webhookCooldownMs: 3_600_000, webhookCreditsLow: 10 });
    expect(loadConfig({ KEYWARD_WEBHOOK_COOLDOWN_MS: '60000', KEYWARD_WEBHOOK_CREDITS_LOW: '0' })).toMatchObject({
      webhookCooldownMs: 60_000,
      webhookCreditsLow: 0,
    });
    expect(() => loadConfig({ KEYWARD_WEBHOOK_COOLDOWN_MS: '10' })).toThrow(/KEYWARD_WEBHOOK_COOLDOWN_MS/);
    expect(() => loadConfig({ KEYWARD_WEBHOOK_CREDITS_LOW: '-1' })).toThrow(/KEYWARD_WEBHOOK_CREDITS_LOW/);
  });

  it('reads the webhook delivery retention (30 days by default); under a day fails naming it', () => {
    expect(loadConfig({})).toMatchObject({ webhookRetentionDays: 30 });
    expect(loadConfig({ KEYWARD_WEBHOOK_RETENTION_DAYS: '7' })).toMatchObject({ webhookRetentionDays: 7 });
    expect(() => loadConfig({ KEYWARD_WEBHOOK_RETENTION_DAYS: '0' })).toThrow(/KEYWARD_WEBHOOK_RETENTION_DAYS/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ KEYWARD_PEPPER: 'too short' }, 'KEYWARD_PEPPER'],
    [{ KEYWARD_DATABASE_URL: 'mysql://x' }, 'KEYWARD_DATABASE_URL'],
    [{ KEYWARD_LOG_LEVEL: 'loud' }, 'KEYWARD_LOG_LEVEL'],
    [{ KEYWARD_AUTH_FAILURES_PER_IP: '-1' }, 'KEYWARD_AUTH_FAILURES_PER_IP'],
    [{ KEYWARD_AUTH_FAILURES_PER_CREDENTIAL: 'ten' }, 'KEYWARD_AUTH_FAILURES_PER_CREDENTIAL'],
    [{ KEYWARD_AUTH_FAILURE_WINDOW_MS: '10' }, 'KEYWARD_AUTH_FAILURE_WINDOW_MS'],
    [{ KEYWARD_MANAGEMENT_CALLS_PER_IP: 'lots' }, 'KEYWARD_MANAGEMENT_CALLS_PER_IP'],
    [{ KEYWARD_MANAGEMENT_WINDOW_MS: '999999999' }, 'KEYWARD_MANAGEMENT_WINDOW_MS'],
    [{ KEYWARD_TRUST_PROXY: 'yes' }, 'KEYWARD_TRUST_PROXY'],
    [{ KEYWARD_TRUST_PROXY: '10.0.0.1,proxy.internal' }, 'KEYWARD_TRUST_PROXY'],
    [{ KEYWARD_TRUST_PROXY: '10.0.0.0/33' }, 'KEYWARD_TRUST_PROXY'],
    [{ KEYWARD_TRUST_PROXY: '10.0.0.1,,10.0.0.2' }, 'KEYWARD_TRUST_PROXY'],
    [{ KEYWARD_TRUST_PROXY: '2' }, 'KEYWARD_TRUST_PROXY'],
    [{ KEYWARD_JWT_MAX_AGE: '1 day' }, 'KEYWARD_JWT_MAX_AGE'],
    [{ KEYWARD_JWT_MAX_AGE: '24hours' }, 'KEYWARD_JWT_MAX_AGE'],
    [{ KEYWARD_JWT_MAX_AGE: '0' }, 'KEYWARD_JWT_MAX_AGE'],
    [{ KEYWARD_JWT_MAX_AGE: '400d' }, 'KEYWARD_JWT_MAX_AGE'],
    [{ KEYWARD_JWT_MAX_AGE: '-5m' }, 'KEYWARD_JWT_MAX_AGE'],
  ])('fails fast naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
