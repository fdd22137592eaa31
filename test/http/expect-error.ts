import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ErrorCode } from '../../src/core/errors.js';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/**
 * Asserts the contract's error answer: the status of the code, the one body shape with the
 * request id the response header carries, and (when given) the field at fault.
 */
export function expectError(res: LightMyRequestResponse, code: ErrorCode, field?: string): Record<string, any> {
  expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: STATUS[code] });
  const body = res.json() as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error['code']).toBe(code);
  expect(typeof body.error['message']).toBe('string');
  expect(body.error['request_id']).toBe(res.headers['x-request-id']);
  expect(JSON.stringify(body)).not.toMatch(/\bat .+:\d+:\d+/); // never a stack trace
  if (field !== undefined) expect(body.error['field']).toBe(field);
  for (const k of Object.keys(body.error)) expect(['code', 'message', 'field', 'request_id']).toContain(k);
  return body.error;
}
