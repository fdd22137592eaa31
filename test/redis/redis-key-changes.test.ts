import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeConnection, createRedisConnection, silentLog } from '../../src/redis/redis-connection.js';
import { RedisKeyChanges } from '../../src/redis/redis-key-changes.js';
import { REDIS } from '../helpers/redis.js';

const hash = (i: number): string => i.toString(16).padStart(64, '0');
const WAIT = { timeout: 10_000, interval: 10 };

/** One instance's side of the channel: its two connections and what its listener was told. */
interface Instance {
  readonly changes: RedisKeyChanges;
  readonly heard: Array<readonly string[] | null>;
  readonly name: string;
  close(): Promise<void>;
}

describe.runIf(REDIS)('RedisKeyChanges (real Redis)', () => {
  const open: Instance[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((i) => i.close()));
  });

  const instance = async (prefix: string, subscribe = true): Promise<Instance> => {
    const name = `${prefix}:${open.length}`;
    const publisher = createRedisConnection(REDIS!.url, `${name}:commands`);
    const subscriber = createRedisConnection(REDIS!.url, `${name}:subscriber`);
    const changes = new RedisKeyChanges(publisher, subscriber, prefix);
    const heard: Array<readonly string[] | null> = [];
    await publisher.connect();
    if (subscribe) await changes.watch((h) => heard.push(h), silentLog);
    const i: Instance = {
      changes,
      heard,
      name,
      async close() {
        changes.close();
        await Promise.all([closeConnection(publisher), closeConnection(subscriber)]);
      },
    };
    open.push(i);
    return i;
  };

  /** Cuts exactly one of this test's connections, server side (CLIENT KILL by its name). */
  const cut = async (connectionName: string): Promise<void> => {
    const admin = new Redis(REDIS!.url);
    try {
      const list = await admin.client('LIST');
      const id = String(list)
        .split('\n')
        .find((line) => line.includes(` name=${connectionName} `))
        ?.match(/^id=(\d+)/)?.[1];
      expect(id, connectionName).toBeDefined();
      await admin.client('KILL', 'ID', id!);
    } finally {
      admin.disconnect();
    }
  };

  it('delivers one instance’s committed changes to every other instance, not to itself, not across prefixes', async () => {
    const prefix = REDIS!.freshPrefix();
    const [a, b, c] = [await instance(prefix), await instance(prefix), await instance(prefix)];
    const elsewhere = await instance(REDIS!.freshPrefix());
    // Subscribing told each listener to forget everything once (it may have missed something before).
    for (const i of [a, b, c, elsewhere]) expect(i.heard).toEqual([null]);

    a.changes.publish([hash(1), hash(2)]);
    a.changes.publish(null);
    for (const i of [b, c]) await vi.waitFor(() => expect(i.heard).toEqual([null, [hash(1), hash(2)], null]), WAIT);
    // A change from b reaching a proves a was listening all along: a just skipped its own.
    b.changes.publish([hash(3)]);
    await vi.waitFor(() => expect(a.heard).toEqual([null, [hash(3)]]), WAIT);
    expect(elsewhere.heard).toEqual([null]);
  });

  it('forgets everything when the subscription drops and again once it is back, then hears changes again', async () => {
    const prefix = REDIS!.freshPrefix();
    const [a, b] = [await instance(prefix), await instance(prefix)];
    await cut(`${b.name}:subscriber`);
    // Lost (null), then resubscribed (null): both, in that order, and the subscription is back.
    await vi.waitFor(() => expect(b.changes.subscribed && b.heard.length >= 3).toBe(true), WAIT);
    expect(b.heard.every((h) => h === null)).toBe(true);
    a.changes.publish([hash(7)]);
    await vi.waitFor(() => expect(b.heard.at(-1)).toEqual([hash(7)]), WAIT);
  });

  it('keeps a change it could not publish and sends it once its connection is back', async () => {
    const prefix = REDIS!.freshPrefix();
    const [a, b] = [await instance(prefix), await instance(prefix)];
    await cut(`${a.name}:commands`);
    // Whether the publisher has noticed the cut yet or not, the change must arrive.
    a.changes.publish([hash(9)]);
    await vi.waitFor(() => expect(b.heard).toContainEqual([hash(9)]), WAIT);
  });

  /** Takes a message number by hand: a message that Redis numbered but this subscriber never got. */
  const loseOneMessage = async (prefix: string): Promise<void> => {
    const admin = new Redis(REDIS!.url);
    try {
      await admin.incr(`${prefix}:key-changes:seq`);
    } finally {
      admin.disconnect();
    }
  };

  it('notices a skipped message number at the next message: applies it, then re-reads everything', async () => {
    const prefix = REDIS!.freshPrefix();
    const [a, b] = [await instance(prefix), await instance(prefix)];
    a.changes.publish([hash(1)]);
    await vi.waitFor(() => expect(b.heard).toEqual([null, [hash(1)]]), WAIT);
    await loseOneMessage(prefix);
    a.changes.publish([hash(2)]);
    await vi.waitFor(() => expect(b.heard).toEqual([null, [hash(1)], [hash(2)], null]), WAIT);
    // The sender counts its own messages too: it saw the gap as well.
    await vi.waitFor(() => expect(a.heard).toEqual([null, null]), WAIT);
  });

  it('notices a lost last message from its heartbeat reading the counter, with no later message to show it', async () => {
    const prefix = REDIS!.freshPrefix();
    const [a, b] = [await instance(prefix), await instance(prefix)];
    a.changes.publish([hash(1)]);
    await vi.waitFor(() => expect(b.heard).toEqual([null, [hash(1)]]), WAIT);
    await loseOneMessage(prefix);
    await vi.waitFor(() => expect(b.heard).toEqual([null, [hash(1)], null]), WAIT);
  });
});
