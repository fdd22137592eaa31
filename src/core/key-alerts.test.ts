import { describe, expect, it } from 'vitest';
import { KeyAlerts, type ObservedVerification } from './key-alerts.js';
import type { KeyRecord } from './types.js';
import type { WebhookEvent } from './webhooks.js';

const keyOf = (id: string, orgId: string | null = 'org-1'): KeyRecord => ({ id, orgId }) as KeyRecord;
const answer = (code: ObservedVerification['code'], id: string, remaining: number | null = null): ObservedVerification => ({
  code,
  key: keyOf(id),
  credits: remaining === null ? null : { remaining },
});

/** A store that records what is queued, or fails every insert. */
function outbox(fail = false) {
  const queued: WebhookEvent[] = [];
  return {
    queued,
    store: {
      enqueueWebhookEvent: (event: WebhookEvent) => {
        if (fail) return Promise.reject(new Error('database down'));
        queued.push(event);
        return Promise.resolve();
      },
    },
  };
}

describe('key alerts', () => {
  const t0 = new Date('2026-12-02T10:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('queues one event per key and type per cooldown, for the codes and balances that qualify', async () => {
    const { store, queued } = outbox();
    const alerts = new KeyAlerts({ store, cooldownMs: 1000, creditsLow: 10 });
    for (let i = 0; i < 5; i++) alerts.observe(answer('RATE_LIMITED', 'a'), later(i));
    alerts.observe(answer('VALID', 'a', 11), t0); // not low yet
    alerts.observe(answer('VALID', 'a', 10), t0);
    alerts.observe(answer('USAGE_EXCEEDED', 'a', 0), t0); // same cooldown as credits_low
    alerts.observe(answer('VALID', 'b'), t0);
    alerts.observe(answer('REVOKED', 'b'), t0);
    alerts.observe({ ...answer('RATE_LIMITED', 'root'), key: keyOf('root', null) }, t0); // no org: no webhooks
    await alerts.settled();
    expect(queued.map((e) => [e.type, e.target.id])).toEqual([
      ['key.rate_limited', 'a'],
      ['key.credits_low', 'a'],
    ]);
    expect(queued[0]).toMatchObject({ orgId: 'org-1', actor: { type: 'system' }, occurredAt: t0.toISOString() });
    alerts.observe(answer('RATE_LIMITED', 'a'), later(999));
    alerts.observe(answer('RATE_LIMITED', 'a'), later(1000));
    await alerts.settled();
    expect(queued.map((e) => e.type)).toEqual(['key.rate_limited', 'key.credits_low', 'key.rate_limited']);
  });

  it('forgets the oldest cooldown past its bound', async () => {
    const { store, queued } = outbox();
    const alerts = new KeyAlerts({ store, cooldownMs: 60_000, creditsLow: 0, maxTracked: 2 });
    for (const id of ['a', 'b', 'c', 'a']) alerts.observe(answer('RATE_LIMITED', id), t0);
    await alerts.settled();
    // `a` was forgotten when `c` came, so it is announced again; `c` is still remembered.
    expect(queued.map((e) => e.target.id)).toEqual(['a', 'b', 'c', 'a']);
    alerts.observe(answer('RATE_LIMITED', 'c'), t0);
    await alerts.settled();
    expect(queued).toHaveLength(4);
  });

  it('never throws into the verification: a failed insert is reported, and the cooldown still holds', async () => {
    const { store } = outbox(true);
    const alerts = new KeyAlerts({ store, cooldownMs: 1000, creditsLow: 0 });
    const errors: unknown[] = [];
    alerts.logErrorsTo((err) => errors.push(err));
    expect(() => alerts.observe(answer('RATE_LIMITED', 'a'), t0)).not.toThrow();
    alerts.observe(answer('RATE_LIMITED', 'a'), t0);
    await alerts.settled();
    expect(errors.map((e) => (e as Error).message)).toEqual(['database down']);
  });
});
