import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AbuseGuard, DEFAULT_ABUSE_LIMITS, NO_ABUSE_LIMITS, RateLimitedError, fingerprintOf, type AbuseLimits } from './abuse-guard.js';
import { InProcessRateLimiter } from './rate-limiter.js';

const LIMITS: AbuseLimits = {
  authFailuresPerIp: 20,
  authFailuresPerCredential: 3,
  authFailureWindowMs: 60_000,
  managementCallsPerIp: 8,
  managementCallsPerCredential: 5,
  managementWindowMs: 10_000,
};
/** 45 s into a minute window: 15 s left. */
const T = new Date('2026-03-01T12:00:45.000Z');
const at = (ms: number) => new Date(T.getTime() + ms);
const guardWith = (limits: AbuseLimits = LIMITS, trustedSize?: number) =>
  new AbuseGuard(new InProcessRateLimiter(), limits, trustedSize ? { trustedSize } : {});
const randomCredential = () => `kw_org_${randomBytes(24).toString('base64url')}`;

/** One whole attempt as the HTTP glue makes it: admit, then (it failed) count the failure. */
async function fail(guard: AbuseGuard, ip: string, credential: string | undefined, now = T): Promise<'401' | '429'> {
  const attempt = guard.attempt(ip, credential);
  try {
    await guard.admit(attempt, now);
    await guard.recordFailure(attempt, now);
    return '401';
  } catch (err) {
    if (err instanceof RateLimitedError) return '429';
    throw err;
  }
}

async function refusal(work: Promise<unknown>): Promise<RateLimitedError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RateLimitedError);
  return err as RateLimitedError;
}

describe('abuse guard: failed authentication', () => {
  it('refuses one credential after its budget, with Retry-After to the end of the window', async () => {
    const guard = guardWith();
    const bad = randomCredential();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await fail(guard, '192.0.2.1', bad));
    expect(answers).toEqual(['401', '401', '401', '429', '429']);
    const err = await refusal(guard.admit(guard.attempt('192.0.2.1', bad), T));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterSeconds).toBe(15);
    expect(err.message).toBe('too many failed authentication attempts; retry after 15 s');
    // From any address: the budget is the credential's.
    expect(await fail(guard, '198.51.100.9', bad)).toBe('429');
    // And it is whole again in the next window.
    expect(await fail(guard, '192.0.2.1', bad, at(15_000))).toBe('401');
  });

  it('does not let one credential retried in a loop block its address', async () => {
    const guard = guardWith();
    const revoked = randomCredential();
    for (let i = 0; i < 200; i++) await fail(guard, '192.0.2.1', revoked);
    // Only its first 3 failures counted against the address (budget 20): a new key works from there.
    for (let i = 0; i < 17; i++) expect(await fail(guard, '192.0.2.1', randomCredential())).toBe('401');
    expect(await fail(guard, '192.0.2.1', randomCredential())).toBe('429');
  });

  it('refuses an address spraying distinct credentials, and only that address (IPv6: its /64)', async () => {
    const guard = guardWith();
    const answers = [];
    for (let i = 0; i < 25; i++) answers.push(await fail(guard, '2001:db8:1:2::1', randomCredential()));
    expect(answers.filter((a) => a === '401')).toHaveLength(20);
    expect(answers.slice(20)).toEqual(['429', '429', '429', '429', '429']);
    expect(await fail(guard, '2001:db8:1:2:ffff::7', randomCredential())).toBe('429');
    expect(await fail(guard, '2001:db8:1:2::1', undefined)).toBe('429');
    expect(await fail(guard, '2001:db8:1:3::1', randomCredential())).toBe('401');
    expect(await fail(guard, '192.0.2.1', randomCredential())).toBe('401');
  });

  it('counts requests with no credential against the address only', async () => {
    const guard = guardWith();
    for (let i = 0; i < 20; i++) expect(await fail(guard, '192.0.2.1', undefined)).toBe('401');
    expect(await fail(guard, '192.0.2.1', undefined)).toBe('429');
    expect(await fail(guard, '192.0.2.1', '')).toBe('429');
  });

  it('lets a credential that worked recently through its blocked address, until it fails', async () => {
    const guard = guardWith();
    const good = guard.attempt('192.0.2.1', randomCredential());
    await guard.admit(good, T);
    guard.recordSuccess(good, T);
    for (let i = 0; i < 20; i++) await fail(guard, '192.0.2.1', randomCredential());
    expect(await fail(guard, '192.0.2.1', randomCredential())).toBe('429');
    // The working key beside the attacker (a shared NAT) is not locked out...
    await expect(guard.admit(good, T)).resolves.toBeUndefined();
    // ...until it fails itself (revoked): then it is a stranger again, and the block applies.
    await expect(guard.recordFailure(good, T)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guard.admit(good, T)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('checks a credential that costs no blind lookup even from a blocked address: it works if valid, is 429 if not', async () => {
    const guard = guardWith();
    for (let i = 0; i < 20; i++) await fail(guard, '192.0.2.1', randomCredential());
    // An invented key (checkable: false, the default) is refused before any lookup.
    await expect(guard.admit(guard.attempt('192.0.2.1', randomCredential()), T)).rejects.toBeInstanceOf(RateLimitedError);
    // A checkable one (a just-minted key, a user token) is let through to be checked...
    const fresh = guard.attempt('192.0.2.1', randomCredential());
    let asked = 0;
    await expect(guard.admit(fresh, T, () => ++asked > 0)).resolves.toBeUndefined();
    expect(asked).toBe(1);
    guard.recordSuccess(fresh, T);
    await expect(guard.admit(fresh, T)).resolves.toBeUndefined();
    // ...and when it fails, the answer is 429 (the address's budget is spent), and it spends its own budget.
    const forged = guard.attempt('192.0.2.1', randomCredential());
    for (let i = 0; i < 3; i++) {
      await expect(guard.admit(forged, T, () => true)).resolves.toBeUndefined();
      await expect(guard.recordFailure(forged, T)).rejects.toBeInstanceOf(RateLimitedError);
    }
    await expect(guard.admit(forged, T, () => true)).rejects.toBeInstanceOf(RateLimitedError);
    // Asked only when the address is blocked: an open address never pays for the check.
    await expect(guard.admit(guard.attempt('192.0.2.2', randomCredential()), T, () => expect.fail('asked'))).resolves.toBeUndefined();
  });

  it('keeps the set of recently good credentials bounded', async () => {
    const guard = guardWith(LIMITS, 50);
    for (let i = 0; i < 500; i++) guard.recordSuccess(guard.attempt('192.0.2.1', randomCredential()), at(i));
    expect(guard.trustedCount).toBe(50);
  });

  it('with a limit at 0 never refuses', async () => {
    const guard = guardWith(NO_ABUSE_LIMITS);
    const bad = randomCredential();
    for (let i = 0; i < 500; i++) expect(await fail(guard, '192.0.2.1', i % 2 ? bad : randomCredential())).toBe('401');
  });
});

describe('abuse guard: management calls', () => {
  it('refuses a credential past its budget, with Retry-After to the end of its window', async () => {
    const guard = guardWith();
    for (let i = 0; i < 5; i++) await guard.countManagementCall('192.0.2.1', 'key:a', T);
    const err = await refusal(guard.countManagementCall('192.0.2.1', 'key:a', T));
    // 45 s into the minute is 5 s into a 10 s window.
    expect(err.retryAfterSeconds).toBe(5);
    expect(err.message).toBe('too many requests for this credential; retry after 5 s');
    await expect(guard.countManagementCall('192.0.2.1', 'key:a', at(5_000))).resolves.toBeUndefined();
  });

  it('refuses an address past its budget whatever credentials it uses', async () => {
    const guard = guardWith();
    for (let i = 0; i < 8; i++) await guard.countManagementCall('192.0.2.1', `key:${i}`, T);
    const err = await refusal(guard.countManagementCall('192.0.2.1', 'key:fresh', T));
    expect(err.message).toBe('too many requests from this address; retry after 5 s');
    await expect(guard.countManagementCall('192.0.2.2', 'key:fresh', T)).resolves.toBeUndefined();
  });

  it('counts apart from failed authentications (another namespace)', async () => {
    const guard = guardWith();
    for (let i = 0; i < 8; i++) await guard.countManagementCall('192.0.2.1', `key:${i}`, T);
    await expect(guard.countManagementCall('192.0.2.1', 'key:x', T)).rejects.toBeInstanceOf(RateLimitedError);
    expect(await fail(guard, '192.0.2.1', randomCredential())).toBe('401');
  });
});

describe('credential fingerprints', () => {
  it('are short, stable, distinct, and neither the secret nor its lookup hash', () => {
    const raw = randomCredential();
    const fp = fingerprintOf(raw);
    expect(fp).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(fingerprintOf(raw)).toBe(fp);
    expect(fingerprintOf(`${raw}x`)).not.toBe(fp);
    expect(raw.includes(fp) || fp.includes(raw.slice(7, 20))).toBe(false);
    const lookupHash = createHash('sha256').update(raw).digest();
    expect(lookupHash.toString('base64url').startsWith(fp)).toBe(false);
    expect(lookupHash.toString('hex').startsWith(Buffer.from(fp, 'base64url').toString('hex'))).toBe(false);
    expect(new AbuseGuard(new InProcessRateLimiter(), DEFAULT_ABUSE_LIMITS).attempt('192.0.2.1', raw).fingerprint).toBe(fp);
  });
});
