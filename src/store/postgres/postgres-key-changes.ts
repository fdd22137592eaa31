import pg from 'pg';
import type { KeyChangeListener } from '../../core/store.js';
import type { WatchKeyChanges } from '../key-changes.js';
import { SignalSequence } from '../signal-sequence.js';

const CHANNEL = 'keyward_key_changes';
/** Reconnect back-off after the listening connection drops: doubles from the first to the last. */
const RECONNECT_MS = { first: 100, last: 5000 };

export interface PostgresWatchOptions {
  /**
   * How often the listening connection reads the change sequence (a heartbeat): a connection
   * that stopped answering, or numbers taken that never arrived, are noticed within about
   * this plus `graceMs`. Default 1000.
   */
  readonly heartbeatMs?: number;
  /** How long a skipped number may still arrive (a transaction committing late) before it counts as lost. Default 1000. */
  readonly graceMs?: number;
  /** The listening connection's application_name (tests tell theirs apart); default `keyward-listen`. */
  readonly applicationName?: string;
}

/** A NOTIFY's payload: `<schema> <hash>,…[,#<n>]` or `<schema> *` (migrations 0002, 0003, 0013). */
function parsePayload(payload: string): { schema: string; hashes: string[] | null; seq: number | null } {
  const space = payload.indexOf(' ');
  const schema = payload.slice(0, space);
  const body = payload.slice(space + 1);
  if (body === '*') return { schema, hashes: null, seq: null };
  const hashes = body.split(',');
  const last = hashes[hashes.length - 1]!;
  if (!last.startsWith('#')) return { schema, hashes, seq: null };
  hashes.pop();
  const seq = Number(last.slice(1));
  return { schema, hashes, seq: Number.isSafeInteger(seq) ? seq : null };
}

/**
 * Watches PostgreSQL for key changes: LISTEN on a dedicated connection (a pooled one
 * could be handed to a query and miss notifications), to the NOTIFY sent by the
 * api_keys triggers at commit (migrations 0002, 0003, 0013). Payloads name their schema;
 * others are ignored, so several Keyward deployments may share one database.
 *
 * Since 0013 each NOTIFY naming hashes carries a number from the schema's
 * `keyward_key_change_seq`. Whenever signals may have been missed the listener is told
 * `null, 'disconnected'` (trust nothing held without re-reading it):
 * - the connection dropped: at once, and again after reconnecting (NOTIFYs sent meanwhile
 *   are lost);
 * - a heartbeat read of the sequence (every `heartbeatMs`, on the same connection) fails or
 *   does not answer within `connectMs`: the connection is dropped and remade. This catches a
 *   connection cut silently (no FIN: a crashed host, a partition), which TCP would notice
 *   only after minutes;
 * - a number was taken and its NOTIFY has not arrived `graceMs` after it was known missing
 *   (a later NOTIFY, or the heartbeat reading the sequence past it, revealed it). A
 *   transaction that took a number and rolled back looks the same: a needless re-read, once.
 */
export function postgresKeyChangeWatcher(
  connectionString: string,
  schema: string | null,
  connectMs: number,
  options: PostgresWatchOptions = {},
): WatchKeyChanges {
  return async (listener) => {
    const watch = new PostgresWatch(connectionString, schema, connectMs, options, listener);
    await watch.connect();
    return () => watch.stop();
  };
}

class PostgresWatch {
  #client: pg.Client | null = null;
  #schema = 'public';
  #stopped = false;
  #delay = RECONNECT_MS.first;
  #timer: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #probing = false;
  readonly #sequence: SignalSequence;

  constructor(
    readonly connectionString: string,
    readonly schema: string | null,
    readonly connectMs: number,
    readonly options: PostgresWatchOptions,
    readonly listener: KeyChangeListener,
  ) {
    this.#sequence = new SignalSequence({ graceMs: options.graceMs ?? 1000, ordered: false });
  }

  async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: this.options.applicationName ?? 'keyward-listen',
      // A reconnect attempt to a server that does not answer must fail and back off, not hang.
      connectionTimeoutMillis: this.connectMs,
      keepAlive: true,
      ...(this.schema ? { options: `-c search_path=${this.schema}` } : {}),
    });
    // 'error' is followed by 'end'; handled there. Unhandled, it would kill the process.
    client.on('error', () => {});
    let base: number | null;
    try {
      await client.connect();
      const current = await client.query<{ schema: string }>('select current_schema() as schema');
      const schema = current.rows[0]?.schema ?? 'public';
      client.on('notification', (msg) => this.#deliver(schema, msg));
      await client.query(`listen ${CHANNEL}`);
      // Numbers taken before LISTEN are covered by the flush that (re)connecting causes.
      this.#schema = schema;
      base = await this.#readSequence(client);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#sequence.reset(base);
    client.on('end', () => this.#lost(client));
    this.#client = client;
    this.#delay = RECONNECT_MS.first;
    this.#heartbeat ??= setInterval(() => this.#beat(), this.options.heartbeatMs ?? 1000);
    this.#heartbeat.unref();
  }

  /** The sequence's last number (0: none taken yet); null when there is none (schema before 0013). */
  async #readSequence(client: pg.Client): Promise<number | null> {
    const { rows } = await client.query<{ last: string | null }>(
      `select coalesce(last_value, 0)::text as last from pg_sequences where schemaname = $1 and sequencename = 'keyward_key_change_seq'`,
      [this.#schema],
    );
    return rows[0] ? Number(rows[0].last) : null;
  }

  #deliver(schema: string, msg: pg.Notification): void {
    if (msg.channel !== CHANNEL || !msg.payload) return;
    const change = parsePayload(msg.payload);
    if (change.schema !== schema) return;
    this.listener(change.hashes);
    if (change.seq !== null && this.#sequence.heard(change.seq)) this.#missed();
  }

  #beat(): void {
    const client = this.#client;
    if (client === null || this.#probing) return;
    if (this.#sequence.overdue()) this.#missed();
    this.#probing = true;
    const asked = this.#sequence.high;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('heartbeat unanswered')), this.connectMs);
    });
    Promise.race([this.#readSequence(client), timeout])
      .then(
        (last) => {
          if (last !== null && client === this.#client && this.#sequence.exists(last, asked)) this.#missed();
        },
        // Unanswered or failed: the connection can no longer be trusted to deliver NOTIFYs.
        () => {
          if (client !== this.#client) return;
          void client.end().catch(() => {});
          this.#lost(client);
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.#probing = false;
      });
  }

  /** A numbered signal never arrived: whatever it named is unknown. */
  #missed(): void {
    this.listener(null, 'disconnected');
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    if (this.#stopped) return;
    this.listener(null, 'disconnected');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#stopped) return;
      this.connect().then(
        // Whatever changed while disconnected was not heard.
        () => this.listener(null, 'disconnected'),
        () => {
          this.#delay = Math.min(this.#delay * 2, RECONNECT_MS.last);
          this.#scheduleReconnect();
        },
      );
    }, this.#delay);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}
