import { describe, expect, it } from 'vitest';
import { SecretSealer, newSigningSecret } from './webhook-secret.js';
import { checkWebhookUrl } from './webhook-url.js';
import { DEFAULT_RETRY_POLICY, nextAttemptAt, webhookEventFor } from './webhooks.js';

describe('webhook retries', () => {
  const from = '2026-01-01T00:00:00.000Z';
  const at = (attempts: number, random: number, nowMs = Date.parse(from)) =>
    nextAttemptAt(DEFAULT_RETRY_POLICY, attempts, from, new Date(nowMs), () => random)?.getTime() ?? null;

  it('doubles the delay per attempt, half of it jittered, capped at an hour', () => {
    const t0 = Date.parse(from);
    expect(at(1, 0)! - t0).toBe(2500);
    expect(at(1, 1)! - t0).toBe(5000);
    expect(at(3, 0)! - t0).toBe(10_000);
    expect(at(30, 1)! - t0).toBe(3_600_000);
  });

  it('gives up once the next attempt would fall after the window', () => {
    expect(at(5, 0, Date.parse(from) + 24 * 3_600_000 - 1000)).toBeNull();
  });
});

describe('webhook events and URLs', () => {
  it('maps audit actions to events, including actions added later', () => {
    expect(webhookEventFor('key.create')).toBe('key.created');
    expect(webhookEventFor('key.credits_set')).toBe('key.updated');
    expect(webhookEventFor('key.leaked')).toBe('key.leaked');
    expect(webhookEventFor('org.create')).toBeNull();
  });

  it('accepts http(s) only, without credentials', () => {
    expect(checkWebhookUrl('https://example.com/x')).toBe('https://example.com/x');
    for (const bad of ['ftp://example.com', 'javascript:alert(1)', 'example.com', 'https://a:b@example.com']) {
      expect(() => checkWebhookUrl(bad)).toThrow(/^url: /);
    }
  });

  it('seals a signing secret so that only its own webhook opens it', () => {
    const sealer = new SecretSealer(Buffer.alloc(32, 7));
    const secret = newSigningSecret();
    const sealed = sealer.seal('a', secret);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(sealer.open('a', sealed)).toBe(secret);
    expect(() => sealer.open('b', sealed)).toThrow();
  });
});
