import pg from 'pg';
import type { KeyChangeListener } from '../../core/store.js';
import type { WatchKeyChanges } from '../key-changes.js';

const CHANNEL = 'keyward_key_changes';
/** Reconnect back-off after the listening connection drops: doubles from the first to the last. */
const RECONNECT_MS = { first: 100, last: 5000 };

/**
 * Watches PostgreSQL for key changes: LISTEN on a dedicated connection (a pooled one
 * could be handed to a query and miss notifications), to the NOTIFY sent by the
 * api_keys triggers at commit (migration 0002). Payloads name their schema; others are
 * ignored, so several Keyward deployments may share one database.
 *
 * If the connection drops, notifications sent meanwhile are lost: the listener is told
 * `null, 'disconnected'` (trust nothing held without re-reading it) at once and again
 * after reconnecting.
 */
export function postgresKeyChangeWatcher(connectionString: string, schema: string | null, connectMs: number): WatchKeyChanges {
  return async (listener) => {
    const watch = new PostgresWatch(connectionString, schema, connectMs, listener);
    await watch.connect();
    return () => watch.stop();
  };
}

class PostgresWatch {
  #client: pg.Client | null = null;
  #stopped = false;
  #delay = RECONNECT_MS.first;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    readonly connectionString: string,
    readonly schema: string | null,
    readonly connectMs: number,
    readonly listener: KeyChangeListener,
  ) {}

  async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'keyward-listen',
      // A reconnect attempt to a server that does not answer must fail and back off, not hang.
      connectionTimeoutMillis: this.connectMs,
      keepAlive: true,
      ...(this.schema ? { options: `-c search_path=${this.schema}` } : {}),
    });
    // 'error' is followed by 'end'; handled there. Unhandled, it would kill the process.
    client.on('error', () => {});
    try {
      await client.connect();
      const current = await client.query<{ schema: string }>('select current_schema() as schema');
      const schema = current.rows[0]?.schema ?? 'public';
      client.on('notification', (msg) => this.#deliver(schema, msg));
      await client.query(`listen ${CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    client.on('end', () => this.#lost());
    this.#client = client;
    this.#delay = RECONNECT_MS.first;
  }

  #deliver(schema: string, msg: pg.Notification): void {
    if (msg.channel !== CHANNEL || !msg.payload) return;
    const space = msg.payload.indexOf(' ');
    if (msg.payload.slice(0, space) !== schema) return;
    const body = msg.payload.slice(space + 1);
    this.listener(body === '*' ? null : body.split(','));
  }

  #lost(): void {
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
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}
