import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('defaults to 127.0.0.1:8080 on ./keyward.db', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: 'sqlite:./keyward.db', pepper: null });
  });

  it('reads HOST, PORT and the database URL, treating empty strings as unset', () => {
    const c = loadConfig({ HOST: '0.0.0.0', PORT: '9000', KEYWARD_DATABASE_URL: 'postgres://u@h/db', KEYWARD_PEPPER: '' });
    expect(c).toMatchObject({ host: '0.0.0.0', port: 9000, databaseUrl: 'postgres://u@h/db', pepper: null });
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
  ])('fails fast naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
