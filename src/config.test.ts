import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { DEFAULT_ABUSE_LIMITS } from './core/abuse-guard.js';

describe('config', () => {
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
  ])('fails fast naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
