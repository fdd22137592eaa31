import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/** What the security suites read of an answer (an injected one, or a stream read as far as it goes). */
export type Answer = Pick<LightMyRequestResponse, 'statusCode' | 'headers' | 'body' | 'json'>;

/**
 * Routes whose success is a long-lived NDJSON stream that never ends by itself (GET
 * /v1/keys/stream: a snapshot, then changes and heartbeats until the client hangs up), so
 * a plain inject() of them would wait forever. The suites send them through `injectStream`.
 */
export const STREAM_ROUTES: readonly string[] = ['/v1/keys/stream'];

export const isStreamPath = (url: string): boolean => STREAM_ROUTES.includes(new URL(url, 'http://x').pathname);

const syncedIn = (body: string): boolean =>
  body
    .split('\n')
    .slice(0, -1) // only complete lines
    .some((line) => {
      try {
        return (JSON.parse(line) as { type?: unknown }).type === 'synced';
      } catch {
        return false;
      }
    });

/**
 * Injects a request whose answer may be an endless stream: the body is read up to and
 * including its `synced` line (the whole snapshot, so a leak check sees every key it
 * carries), then the client hangs up as a disconnecting replica would (the route's
 * `close` handler ends the stream). Any other answer (an error, a HEAD) is read to its end.
 */
export async function injectStream(app: FastifyInstance, opts: InjectOptions): Promise<Answer> {
  const res = await app.inject({ ...opts, payloadAsStream: true });
  let body = '';
  const stream = res.stream();
  for await (const chunk of stream) {
    body += String(chunk);
    if (syncedIn(body)) break;
  }
  stream.destroy();
  res.raw.res.destroy();
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    body,
    json: <T>() => JSON.parse(body) as T,
  };
}
