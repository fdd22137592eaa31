import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isPublicAddress } from './target-policy.js';

/** What one POST to a receiver gave. `status` null: no response (refused, timeout, connection). */
export interface SendResult {
  readonly status: number | null;
  readonly body: string | null;
  readonly error: string | null;
  readonly latencyMs: number;
}

export interface SendOptions {
  readonly timeoutMs: number;
  /** Bytes of the response body kept; the rest is not read. */
  readonly maxBodyBytes: number;
  readonly allowPrivate: boolean;
}

/**
 * The connection's DNS lookup, refusing non-public addresses at connect time: checking
 * the name before the request and letting the socket resolve it again would let a DNS
 * answer that changes in between (rebinding) reach a private address.
 */
function guardedLookup(
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return callback(Object.assign(new Error(`refused: ${hostname} resolves to a non-public address`), { code: 'EPRIVATE' }), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    return callback(null, first.address, first.family);
  });
}

/**
 * POSTs `body` once. Redirects are not followed (node:http never does: a 3xx is the answer),
 * the whole exchange is bounded by `timeoutMs`, and at most `maxBodyBytes` of the answer are
 * read before the socket is closed. Never throws.
 */
export function sendWebhook(url: string, headers: Record<string, string>, body: string, opts: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<SendResult, 'latencyMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(opts.allowPrivate ? {} : { lookup: guardedLookup as never }),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (): void => {
          const text = Buffer.concat(chunks).subarray(0, opts.maxBodyBytes).toString('utf8');
          done({ status: response.statusCode ?? null, body: text, error: null });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= opts.maxBodyBytes) finish();
        });
        response.on('end', finish);
        response.on('error', finish);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`timed out after ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    request.on('error', (err) => done({ status: null, body: null, error: err.message }));
    request.end(body);
  });
}
