import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KeyChangeListener } from '../core/store.js';
import { SignalSequence } from '../store/signal-sequence.js';
import { decodeKeyChange, keyChangeBody, MAX_HASHES } from './key-change-message.js';
import { reason, silentLog, startConnecting, type RedisLog } from './redis-connection.js';

/**
 * The subscriber PINGs Redis this often; a PING unanswered within the connection's
 * command timeout drops and remakes the connection (and so forgets everything). Without
 * it a connection cut silently (a crashed host, a network partition) would look alive,
 * and its lost messages go unnoticed, until TCP gives up.
 */
const HEARTBEAT_MS = 1000;

/**
 * Numbers and publishes one message atomically (a script runs alone): numbers follow
 * publish order, so a subscriber receives them in order, and a skipped one was lost.
 * KEYS[1]: the counter; ARGV: channel, sender, body.
 */
const PUBLISH_NUMBERED = `local n = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], ARGV[2] .. ':' .. n .. ' ' .. ARGV[3])
return n`;

type NumberingRedis = Redis & {
  keywardPublishChange(counter: string, channel: string, sender: string, body: string): Promise<number>;
};

/**
 * Cache invalidation between instances over Redis pub/sub, beside the database's own
 * signals (never instead of them unless KEYWARD_CACHE_SIGNALS=redis says so).
 *
 * Sending: `publish` is called once a write has committed, with the hashes it changed;
 * it never waits and never throws (a write must not fail because Redis is down). What
 * could not be sent is kept (up to MAX_HASHES, then "everything") and sent once the
 * connection is back: late is better than never, and the cache TTL bounds the gap.
 *
 * Receiving: a dedicated connection SUBSCRIBEs (a connection in subscriber mode can run
 * nothing else). Pub/sub delivers only to those subscribed at the time, so whenever the
 * subscription may have missed something the listener is told `null, 'disconnected'`
 * (re-read everything before trusting it; see core/store.ts, KeyChangeListener): when the connection
 * drops, and again once the SUBSCRIBE is confirmed after it is back (not before: a change
 * published between forgetting and subscribing would be lost). A `*` message is `null`.
 *
 * Lost messages: pub/sub is at-most-once, and a subscriber connection that lives on may
 * still have missed a message (one dropped by a proxy, an output buffer limit, a bug). So
 * each message carries a number from one counter in Redis (`<prefix>:key-changes:seq`),
 * INCRed by the script that publishes it: numbers are unique across publishers and arrive
 * in order. The receiver tells the listener `null, 'disconnected'` when a number is
 * skipped (a later one arrived first), and when its heartbeat reads the counter past what
 * it has heard and the missing numbers still have not arrived a heartbeat later (the lost
 * message may have been the last one), or reads it lower than before (Redis emptied or
 * restarted). One global counter rather than a counter per publisher: a per-publisher gap
 * shows only when that publisher sends again, possibly never; the global counter can be
 * read. Its cost is one INCR per write that changes keys, in the same round trip.
 */
export class RedisKeyChanges {
  /** Tells this process's messages from the others' (it has forgotten its own changes already). */
  readonly #sender = randomBytes(6).toString('hex');
  readonly #channel: string;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  #log: RedisLog = silentLog;
  #listener: KeyChangeListener | null = null;
  #subscribed = false;
  /** The subscription has been lost (or never made) and that was logged; cleared when it is back. */
  #down = false;
  #subscribing: Promise<void> = Promise.resolve();
  #unsent = new Set<string>();
  #unsentAll = false;
  #closed = false;
  #heartbeat: NodeJS.Timeout | null = null;
  readonly #counter: string;
  /** Numbers heard since subscribing; a missing one is lost after one heartbeat. */
  readonly #sequence = new SignalSequence({ graceMs: HEARTBEAT_MS, ordered: true });

  constructor(publisher: Redis, subscriber: Redis, prefix: string) {
    this.#channel = `${prefix}:key-changes`;
    this.#counter = `${prefix}:key-changes:seq`;
    publisher.defineCommand('keywardPublishChange', { numberOfKeys: 1, lua: PUBLISH_NUMBERED });
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    publisher.on('ready', () => this.#sendUnsent());
    subscriber.on('ready', () => {
      this.#subscribing = this.#subscribe();
    });
    subscriber.on('close', () => this.#lost('connection closed'));
    subscriber.on('message', (channel: string, message: string) => this.#receive(channel, message));
  }

  get channel(): string {
    return this.#channel;
  }

  /** Whether other instances' changes are arriving now. */
  get subscribed(): boolean {
    return this.#subscribed;
  }

  /** After a committed write: tell the other instances (hashes, or null for "anything"). */
  readonly publish: KeyChangeListener = (hashes) => {
    if (this.#closed) return;
    if (hashes !== null && hashes.length === 0) return;
    if (this.#publisher.status !== 'ready') {
      this.#keepUnsent(hashes);
      return;
    }
    const publisher = this.#publisher as NumberingRedis;
    publisher.keywardPublishChange(this.#counter, this.#channel, this.#sender, keyChangeBody(hashes)).catch((err: unknown) => {
      this.#keepUnsent(hashes);
      this.#log.warn(reason(err), 'Redis publish of a key change failed; it is sent again once Redis answers');
    });
  };

  /**
   * Starts delivering the other instances' changes to `listener`. Resolves once the first
   * attempt to subscribe has succeeded or failed; never rejects (Redis down at start-up
   * must not stop the server: the database signals and the TTL cover until it is back).
   */
  async watch(listener: KeyChangeListener, log: RedisLog): Promise<void> {
    this.#listener = listener;
    this.#log = log;
    this.#heartbeat ??= setInterval(() => this.#checkAlive(), HEARTBEAT_MS);
    this.#heartbeat.unref();
    if (!(await startConnecting(this.#subscriber))) this.#lost('unreachable at start-up');
    await this.#subscribing;
  }

  /** Sets the logger for publish failures when this instance does not subscribe. */
  useLog(log: RedisLog): void {
    this.#log = log;
  }

  close(): void {
    this.#closed = true;
    this.#listener = null;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
  }

  #checkAlive(): void {
    if (!this.#subscribed) return;
    if (this.#sequence.overdue()) this.#missed('a numbered message never arrived');
    this.#readCounter();
    const subscriber = this.#subscriber;
    subscriber.ping().catch(() => {
      if (this.#closed || subscriber.status !== 'ready') return;
      this.#lost('heartbeat unanswered');
      subscriber.disconnect(true);
    });
  }

  async #subscribe(): Promise<void> {
    try {
      await this.#subscriber.subscribe(this.#channel);
    } catch (err) {
      this.#log.warn(reason(err), 'Redis SUBSCRIBE failed; reconnecting');
      this.#subscriber.disconnect(true);
      return;
    }
    this.#subscribed = true;
    // Whatever was published while unsubscribed is lost: trust nothing held without re-reading it.
    this.#sequence.reset(null);
    this.#listener?.(null, 'disconnected');
    // Numbers up to the counter now were covered by that; later ones must all arrive.
    this.#readCounter();
    if (this.#down) {
      this.#down = false;
      this.#log.info({ channel: this.#channel }, 'Redis subscription back: cache changes from other instances arrive again');
    }
  }

  #lost(why: string): void {
    const wasSubscribed = this.#subscribed;
    this.#subscribed = false;
    if (this.#closed) return;
    if (wasSubscribed) this.#listener?.(null, 'disconnected');
    if (!this.#down && this.#listener) {
      this.#down = true;
      this.#log.warn(
        { why },
        'Redis subscription lost: cache changes from other instances arrive through database signals and the cache TTL until it is back',
      );
    }
  }

  #receive(channel: string, message: string): void {
    if (channel !== this.#channel || !this.#listener) return;
    const change = decodeKeyChange(message);
    // Its own messages count for the numbering, though their changes were applied already.
    if (change.sender !== this.#sender) this.#listener(change.hashes);
    if (change.seq !== null && this.#sequence.heard(change.seq)) this.#missed('a message number was skipped');
  }

  /** The counter, read on the command connection (a subscribed one can run nothing else). */
  #readCounter(): void {
    if (this.#publisher.status !== 'ready') return;
    const asked = this.#sequence.high;
    this.#publisher.get(this.#counter).then(
      (value) => {
        if (this.#subscribed && this.#sequence.exists(Number(value ?? 0), asked)) this.#missed('the message counter went backwards');
      },
      // Unanswered: the subscriber's own heartbeat judges the subscription.
      () => {},
    );
  }

  /** A message may have been lost while subscribed: whatever it named is unknown. */
  #missed(why: string): void {
    this.#log.warn({ why, channel: this.#channel }, 'Redis key change lost: the cache re-reads every key before trusting it');
    this.#listener?.(null, 'disconnected');
  }

  #keepUnsent(hashes: readonly string[] | null): void {
    if (hashes === null) this.#unsentAll = true;
    else for (const h of hashes) this.#unsent.add(h);
    if (this.#unsent.size > MAX_HASHES) this.#unsentAll = true;
    if (this.#unsentAll) this.#unsent.clear();
  }

  #sendUnsent(): void {
    if (!this.#unsentAll && this.#unsent.size === 0) return;
    const hashes = this.#unsentAll ? null : [...this.#unsent];
    this.#unsentAll = false;
    this.#unsent = new Set();
    this.publish(hashes);
  }
}
