import { KeywardError } from '../errors.js';
import { KeyTable, judge, type Entry, type StreamedKey } from './key-table.js';
import { LookupDigest } from './lookup.js';
import { UsageReporter } from './usage-report.js';
import type { Verification, VerifyBody } from '../types.js';

/** What the local verifier needs of the client: where the server is, and its own remote verify. */
export interface LocalTransport {
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  remoteVerify(body: VerifyBody, signal?: AbortSignal): Promise<Verification>;
}

/** The options of `kw.localVerifier()`. */
export interface LocalVerifierOptions {
  /** Hold one project's keys only (default: every key of the caller's org). */
  projectId?: string;
  /** Past this long without hearing from the change stream, verify remotely instead (default 30000 ms). */
  maxStaleMs?: number;
  /**
   * When stale and the server cannot be reached either: answer from the stale table (true), or
   * reject with a KeywardError UNAVAILABLE (false, the default: fail closed).
   */
  failOpen?: boolean;
}

/** What `kw.localVerifier()` resolves to; the middleware takes one as `local`. */
export interface LocalVerifier {
  /** A Verification from memory; keys it cannot decide exactly (credits, rate limits) are verified remotely. */
  verify(key: string, options?: LocalVerifyOptions): Promise<Verification>;
  /** Stops following the stream and sends the last usage counts. */
  close(): Promise<void>;
}

/** What a verification checks besides the key: the body of POST /v1/keys/verify without `key`. */
export type LocalVerifyOptions = Omit<VerifyBody, 'key'>;

export const DEFAULT_MAX_STALE_MS = 30_000;
/** Usage reports go at most this often. */
const REPORT_EVERY_MS = 1000;
/** Reconnection backoff, doubled per failure up to the cap (with jitter). */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;
/**
 * Entries of the keys recognised last, by raw key: a key seen again costs one map lookup
 * instead of two hashes. That memory holds raw keys this process was given anyway
 * (SECURITY.md, "Local verifiers"); dropped whole when full, and when the table is replaced.
 */
const MEMO_SIZE = 10_000;

/**
 * Starts a local verifier (docs/LOCAL-VERIFIER.md): resolves once it holds a snapshot of the
 * org's (or project's) verification records, then follows the server's change stream
 * (GET /v1/keys/stream), reconnecting and resuming from the last change number it holds.
 * Rejects (a KeywardError) when the first connection fails.
 */
export async function startLocalVerifier(transport: LocalTransport, options: LocalVerifierOptions = {}): Promise<LocalVerifier> {
  const maxStaleMs = options.maxStaleMs ?? DEFAULT_MAX_STALE_MS;
  if (!Number.isFinite(maxStaleMs) || maxStaleMs <= 0)
    throw new KeywardError({ code: 'VALIDATION', message: 'maxStaleMs must be a positive number', field: 'maxStaleMs' });
  if (options.projectId !== undefined && (typeof options.projectId !== 'string' || options.projectId === ''))
    throw new KeywardError({ code: 'VALIDATION', message: 'projectId must be a project id', field: 'projectId' });
  const verifier = new StreamedVerifier(transport, { ...options, maxStaleMs });
  await verifier.start();
  return verifier;
}

interface Hello {
  org_id: string;
  epoch: string;
  local: boolean;
  lookup_key: string | null;
  reset: boolean;
  seq: number;
}

type Line =
  | ({ type: 'hello' } & Hello)
  | { type: 'keys'; seq: number; keys: StreamedKey[] }
  | { type: 'synced'; seq: number }
  | { type: 'heartbeat'; seq: number };

class StreamedVerifier implements LocalVerifier {
  readonly #transport: LocalTransport;
  readonly #options: LocalVerifierOptions & { maxStaleMs: number };
  readonly #usage: UsageReporter;
  readonly #abort = new AbortController();
  #table: KeyTable | null = null;
  /** The table a reset snapshot is loaded into, swapped in at `synced`. */
  #loading: KeyTable | null = null;
  #digest: LookupDigest | null = null;
  #memo = new Map<string, Entry>();
  #loadingDigest: LookupDigest | null = null;
  #local = false;
  #epoch: string | null = null;
  #seq = 0;
  /** When the stream was last heard from (any line). */
  #heardAt = 0;
  #closed = false;
  #loop: Promise<void> | null = null;
  #reportTimer: ReturnType<typeof setInterval> | null = null;

  constructor(transport: LocalTransport, options: LocalVerifierOptions & { maxStaleMs: number }) {
    this.#transport = transport;
    this.#options = options;
    this.#usage = new UsageReporter(async (entries) => {
      const res = await transport.fetch(`${transport.baseUrl}/v1/keys/usage/report`, {
        method: 'POST',
        headers: { authorization: `Bearer ${transport.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ entries }),
        signal: AbortSignal.timeout(5000),
      });
      await res.body?.cancel();
      if (!res.ok) throw new KeywardError({ code: 'UNAVAILABLE', message: `usage report answered ${res.status}`, status: res.status });
    });
  }

  /** Connects and loads the first snapshot; then keeps following in the background. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#loop = this.#follow(resolve, reject);
    });
    this.#reportTimer = setInterval(() => void this.#usage.flush().catch(() => undefined), REPORT_EVERY_MS);
    this.#reportTimer.unref?.();
  }

  verify(key: string, options?: LocalVerifyOptions): Promise<Verification> {
    if (typeof key !== 'string' || key.length === 0)
      return Promise.reject(new KeywardError({ code: 'VALIDATION', message: 'key must be a non-empty string', field: 'key' }));
    if (this.#closed) return Promise.reject(new KeywardError({ code: 'UNAVAILABLE', message: 'the local verifier is closed' }));
    const now = Date.now();
    const table = this.#table;
    if (!this.#local || table === null || this.#digest === null) return this.#remote(key, options, null);
    if (now - this.#heardAt > this.#options.maxStaleMs) return this.#remote(key, options, () => this.#fromTable(table, key, options, now));
    const answer = this.#fromTable(table, key, options, now);
    return answer === 'remote' ? this.#remote(key, options, null) : Promise.resolve(answer);
  }

  #fromTable(table: KeyTable, key: string, options: { roles?: string[] } | undefined, now: number): Verification | 'remote' {
    let entry = this.#memo.get(key);
    if (entry === undefined) {
      entry = table.get(this.#digest!.of(key));
      // Not in the org's (or project's) records: the server would not find it either.
      if (entry === undefined) return NOT_FOUND;
      if (this.#memo.size >= MEMO_SIZE) this.#memo = new Map();
      this.#memo.set(key, entry);
    }
    const answer = judge(entry, options?.roles, now);
    if (answer !== 'remote') this.#usage.record(entry, answer.code, now);
    return answer;
  }

  /**
   * Asks the server. `stale`: the stream is too old to trust, and this answers from the table
   * when the server cannot be reached and the caller chose failOpen; otherwise that failure is
   * UNAVAILABLE (fail closed). A refusal of the call itself (bad input, a revoked credential)
   * is passed on as it is.
   */
  async #remote(
    key: string,
    options: LocalVerifyOptions | undefined,
    stale: (() => Verification | 'remote') | null,
  ): Promise<Verification> {
    try {
      return await this.#transport.remoteVerify({ key, ...options });
    } catch (err) {
      if (err instanceof KeywardError && ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN'].includes(err.code)) throw err;
      if (stale !== null && this.#options.failOpen) {
        const answer = stale();
        if (answer !== 'remote') return answer;
      }
      throw new KeywardError({
        code: 'UNAVAILABLE',
        message: 'the server cannot verify keys right now and the local records are stale',
        cause: err,
      });
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    if (this.#reportTimer) clearInterval(this.#reportTimer);
    await this.#loop?.catch(() => undefined);
    await this.#usage.flush().catch(() => undefined);
  }

  /**
   * Follows the stream: reconnects after every drop, resuming from the last number held, with
   * backoff. Until the first snapshot is in, a failure rejects `start` and ends this instead.
   */
  async #follow(ready: () => void, failed: (err: unknown) => void): Promise<void> {
    let isReady = false;
    const synced = (): void => {
      isReady = true;
      ready();
    };
    let wait = RETRY_MIN_MS;
    while (!this.#closed) {
      const started = Date.now();
      try {
        await this.#connect(synced);
      } catch (err) {
        if (!isReady) {
          this.#closed = true;
          failed(err);
          return;
        }
        // Down, refused or cut: try again (the staleness bound covers the meantime).
      }
      if (!isReady) {
        this.#closed = true;
        failed(new KeywardError({ code: 'UNAVAILABLE', message: 'the key stream ended before its snapshot' }));
        return;
      }
      if (this.#closed) return;
      // A stream that lived a while earns a quick reconnect.
      if (Date.now() - started > RETRY_MAX_MS) wait = RETRY_MIN_MS;
      await sleep(wait * (0.5 + Math.random() / 2), this.#abort.signal);
      wait = Math.min(wait * 2, RETRY_MAX_MS);
    }
  }

  /** One connection: reads lines until the stream ends or fails. */
  async #connect(onSynced: () => void): Promise<void> {
    const { baseUrl, apiKey } = this.#transport;
    const heartbeat = Math.max(100, Math.min(5000, Math.floor(this.#options.maxStaleMs / 3)));
    const query = new URLSearchParams({ heartbeat_ms: String(heartbeat) });
    if (this.#options.projectId !== undefined) query.set('project_id', this.#options.projectId);
    if (this.#epoch !== null && this.#seq > 0) {
      query.set('after', String(this.#seq));
      query.set('epoch', this.#epoch);
    }
    let res: Response;
    try {
      res = await this.#transport.fetch(`${baseUrl}/v1/keys/stream?${query}`, {
        headers: { authorization: `Bearer ${apiKey}`, accept: 'application/x-ndjson' },
        signal: this.#abort.signal,
      });
    } catch (err) {
      throw new KeywardError({ code: 'UNAVAILABLE', message: 'the key stream cannot be reached', cause: err });
    }
    if (!res.ok || res.body === null) throw await errorOf(res);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.#heardAt = Date.now();
        // What is buffered holds no newline: only the new text is searched (a snapshot line is
        // hundreds of kilobytes, arriving in many chunks).
        const from = buffered.length;
        buffered += value;
        let nl = buffered.indexOf('\n', from);
        while (nl >= 0) {
          const text = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (text.length > 0) this.#apply(JSON.parse(text) as Line, onSynced);
          nl = buffered.indexOf('\n');
        }
      }
    } finally {
      reader.releaseLock();
    }
  }

  #apply(line: Line, onSynced: () => void): void {
    switch (line.type) {
      case 'hello':
        this.#local = line.local;
        // A resume keeps its lookup key (same epoch); a reset's may differ (another database or
        // credential) and goes with the table it loads, swapped in together at `synced`.
        this.#loadingDigest = line.lookup_key === null ? null : new LookupDigest(line.lookup_key);
        this.#epoch = line.epoch;
        // A resume continues into the table held; a reset loads beside it and swaps at `synced`,
        // so verifications keep their answers during the reload.
        this.#loading = line.reset || this.#table === null ? new KeyTable(line.org_id) : null;
        this.#seq = line.seq;
        return;
      case 'keys': {
        const table = this.#loading ?? this.#table!;
        for (const k of line.keys) table.apply(k);
        this.#seq = line.seq;
        return;
      }
      case 'synced':
        if (this.#loading !== null) {
          this.#table = this.#loading;
          this.#loading = null;
          this.#digest = this.#loadingDigest;
          this.#memo = new Map();
        }
        this.#seq = line.seq;
        onSynced();
        return;
      case 'heartbeat':
        return;
    }
  }
}

const NOT_FOUND: Verification = Object.freeze({ valid: false, code: 'NOT_FOUND' });

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The server's native error body as a KeywardError. */
async function errorOf(res: Response): Promise<KeywardError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; field?: string; request_id?: string };
  } | null;
  const e = body?.error;
  return new KeywardError({
    code: e?.code ?? (res.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL'),
    message: e?.message ?? `the key stream answered ${res.status}`,
    status: res.status,
    ...(e?.field ? { field: e.field } : {}),
    ...(e?.request_id ? { requestId: e.request_id } : {}),
  });
}
