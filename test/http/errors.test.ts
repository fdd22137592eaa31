import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, KeywardError, type ErrorCode } from '../../src/core/errors.js';
import { STATUS_BY_CODE, installErrorHandling } from '../../src/http/errors.js';
import { echoRequestId } from '../../src/http/request-id.js';
import { expectError } from './expect-error.js';

/** The error mapping on its own: a bare app whose one route throws what it is told to. */
async function appThrowing(error: unknown) {
  const app = Fastify();
  installErrorHandling(app);
  echoRequestId(app);
  app.get('/boom', async () => {
    throw error;
  });
  await app.ready();
  return app;
}

describe('error mapping', () => {
  it('gives every error code of the contract a status, and the statuses of the contract', () => {
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    expect(STATUS_BY_CODE).toEqual({
      VALIDATION: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      RATE_LIMITED: 429,
      UNAVAILABLE: 503,
      INTERNAL: 500,
    });
  });

  it.each(ERROR_CODES.filter((c) => c !== 'INTERNAL'))(
    'answers a KeywardError %s with its status, message and field',
    async (code: ErrorCode) => {
      const app = await appThrowing(new KeywardError(code, `it is ${code}`, 'name'));
      const res = await app.inject({ method: 'GET', url: '/boom' });
      expect(expectError(res, code, 'name')['message']).toBe(`it is ${code}`);
      if (code === 'RATE_LIMITED') expect(res.headers['retry-after']).toBe('1');
      if (code === 'UNAVAILABLE') expect(res.headers['retry-after']).toBe('2');
      if (code === 'UNAUTHORIZED') expect(res.headers['www-authenticate']).toBe('Bearer');
    },
  );

  it('answers anything unexpected with a generic 500 that leaks neither message nor stack', async () => {
    for (const thrown of [new Error('password=hunter2'), new KeywardError('INTERNAL', 'pool exhausted'), 'a string', null]) {
      const app = await appThrowing(thrown);
      const res = await app.inject({ method: 'GET', url: '/boom' });
      expectError(res, 'INTERNAL');
      expect(res.body).not.toMatch(/hunter2|pool exhausted|a string|Error:/);
    }
  });

  it('maps Fastify’s own client errors onto the contract’s codes', async () => {
    const notFound = Object.assign(new Error('gone'), { statusCode: 404 });
    expectError(await (await appThrowing(notFound)).inject({ method: 'GET', url: '/boom' }), 'NOT_FOUND');
    const teapot = Object.assign(new Error('odd'), { statusCode: 418 });
    expectError(await (await appThrowing(teapot)).inject({ method: 'GET', url: '/boom' }), 'VALIDATION');
  });
});
