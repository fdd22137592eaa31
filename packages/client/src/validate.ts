import { KeywardError } from './errors.js';
import type { CallOptions } from './transport.js';

/**
 * Checks of what a caller hands an SDK method, before anything is sent: a wrong type is a
 * KeywardError VALIDATION naming the argument, never a TypeError from inside the client.
 * The fields inside a body are the server's to judge: it answers VALIDATION naming them.
 */
const invalid = (field: string, message: string): KeywardError => new KeywardError({ code: 'VALIDATION', field, message });

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An id for a path segment: a non-empty string. */
export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(field, `${field} must be a non-empty string, got ${describe(value)}`);
  return value;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string, got ${describe(value)}`);
  return value;
}

/** A JSON object body (or query); `undefined` is allowed only when `optional`. */
export function requireObject(value: unknown, field: string, optional = false): Record<string, unknown> | undefined {
  if (value === undefined && optional) return undefined;
  if (!isPlainObject(value)) throw invalid(field, `${field} must be an object, got ${describe(value)}`);
  return value;
}

export function requireArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(field, `${field} must be an array, got ${describe(value)}`);
  return value;
}

/** A query object whose values are scalars (what a query string can carry). */
export function requireQuery(value: unknown, field = 'query'): Record<string, string | number | boolean | null | undefined> | undefined {
  const query = requireObject(value, field, true);
  for (const [name, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
      throw invalid(`${field}.${name}`, `${field}.${name} must be a string, number or boolean, got ${describe(v)}`);
    }
  }
  return query as Record<string, string | number | boolean | null | undefined> | undefined;
}

export function requireCallOptions(value: unknown): CallOptions {
  const options = requireObject(value, 'options', true) ?? {};
  const { signal, timeoutMs } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalid('options.signal', 'options.signal must be an AbortSignal');
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw invalid('options.timeoutMs', 'options.timeoutMs must be a positive number of milliseconds');
  }
  return { signal: signal as AbortSignal | undefined, timeoutMs: timeoutMs as number | undefined };
}

export function requireCount(value: unknown, field: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw invalid(field, `${field} must be an integer ≥ ${min}`);
  return value;
}
