import type { LightMyRequestResponse } from 'fastify';
import { mintKeyward } from '../../src/core/key-format.js';
import type { Harness, Method } from '../http/harness.js';

/** One request from a client address (the socket's, as a proxy-less server sees it). */
export interface FromClient {
  readonly method: Method | 'PUT';
  readonly url: string;
  readonly ip: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export function fromClient(h: Harness, req: FromClient): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: req.method,
    url: req.url,
    remoteAddress: req.ip,
    headers: req.headers ?? {},
    ...(req.body !== undefined ? { payload: req.body as object } : {}),
  });
}

/** A well-formed org key (right prefix, length, checksum) that was never issued: each one costs a lookup. */
export const inventedKey = (): string => mintKeyward('kw_org');

/**
 * Sends `attempt(i)` until the first 429 (at most `max` tries): the statuses before it, and the 429.
 * Anything other than 401 before the 429 fails the caller's expectations on `before`.
 */
export async function untilRateLimited(
  max: number,
  attempt: (i: number) => Promise<LightMyRequestResponse>,
): Promise<{ before: number[]; refused: LightMyRequestResponse | null }> {
  const before: number[] = [];
  for (let i = 0; i < max; i++) {
    const res = await attempt(i);
    if (res.statusCode === 429) return { before, refused: res };
    before.push(res.statusCode);
  }
  return { before, refused: null };
}

/** Seconds from the harness clock to the end of its current fixed window (what Retry-After must say). */
export function secondsLeftInWindow(h: Harness, windowMs: number): number {
  const t = h.clock.now().getTime();
  return Math.max(1, Math.ceil((t - (t % windowMs) + windowMs - t) / 1000));
}

/** Statuses counted: `{401: 100}`. */
export function tally(statuses: readonly number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}
