import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { DialectServer, JWT_SECRET, useDialectServer } from './dialect-server.js';

/**
 * User tokens (JWTs) on the dialects that take them (Basic, Braintrust): HS256 under
 * KEYWARD_JWT_SECRET, and RS256/ES256 under keys published at KEYWARD_JWKS_URL, served
 * here by a small JWKS server on 127.0.0.1. Tokens are signed by the test itself.
 */
interface Signer {
  readonly alg: 'RS256' | 'ES256';
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

async function signer(alg: Signer['alg'], kid: string): Promise<{ signer: Signer; jwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { signer: { alg, kid, privateKey }, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

class JwksServer {
  hits = 0;
  #server: Server | null = null;
  url = '';
  constructor(readonly keys: JWK[]) {}

  async start(): Promise<void> {
    this.#server = createServer((_, res) => {
      this.hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

const sign = (s: DialectServer, key: Signer, claims: Record<string, unknown>, expIn = 3600): Promise<string> => {
  const now = Math.floor(s.clock.now().getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuedAt(now)
    .setExpirationTime(now + expIn)
    .sign(key.privateKey);
};

for (const engine of ENGINES) {
  describe(`user tokens on ${engine.name}`, () => {
    let rsa: Signer, ec: Signer, stranger: Signer;
    let jwks: JwksServer;
    beforeAll(async () => {
      const r = await signer('RS256', 'rsa-1');
      const e = await signer('ES256', 'ec-1');
      stranger = (await signer('RS256', 'rsa-1')).signer; // same kid, a key the JWKS does not publish
      rsa = r.signer;
      ec = e.signer;
      jwks = new JwksServer([r.jwk, e.jwk]);
      await jwks.start();
    });
    afterAll(() => jwks.close());
    const server = useDialectServer(engine, () => ({ jwksUrl: jwks.url }));

    const braintrustCreate = (s: DialectServer, token: string) =>
      s.send({ method: 'POST', path: '/compat/braintrust/v1/api_key', headers: { authorization: `Bearer ${token}` }, body: { name: 'k' } });

    it('accepts RS256 and ES256 tokens from the JWKS, fetching the key set once', async () => {
      const s = server();
      for (const key of [rsa, ec]) {
        const token = await sign(s, key, { sub: `user-${key.alg}`, email: `${key.alg}@example.com`, org_id: s.org.id });
        const answer = await braintrustCreate(s, token);
        expect({ status: answer.status, body: answer.text }).toMatchObject({ status: 200 });
        expect(answer.body.user_email).toBe(`${key.alg}@example.com`);
        expect((await s.verify(answer.body.key)).code).toBe('VALID');
        const project = await s.createProject();
        const basic = await s.send({
          method: 'POST',
          path: `/compat/basic/project/${project.id}/key`,
          headers: { authorization: `Bearer ${token}` },
          body: { label: 'x', roles: 'r' },
        });
        expect(basic.status).toBe(200);
      }
      expect(jwks.hits).toBe(1);
    });

    it('refuses (401) an expired token, one signed by an unpublished key, an unsigned one, and one without sub, exp or org_id', async () => {
      const s = server();
      const claims = { sub: 'u', org_id: s.org.id };
      const now = Math.floor(s.clock.now().getTime() / 1000);
      const refused = [
        await sign(s, stranger, claims),
        new UnsecuredJWT(claims)
          .setIssuedAt(now)
          .setExpirationTime(now + 60)
          .encode(),
        await sign(s, rsa, { org_id: s.org.id }),
        await sign(s, rsa, { sub: 'u' }),
        await sign(s, rsa, { sub: 'u', org_id: 42 }),
        await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(rsa.privateKey),
        await s.signUser(claims, { secret: 'not-the-configured-secret-not-the-configured' }),
      ];
      for (const [i, token] of refused.entries()) {
        const answer = await braintrustCreate(s, token);
        expect({ i, status: answer.status, body: answer.body }).toEqual({ i, status: 401, body: { message: 'No valid API key provided' } });
      }
      // Expiry follows Keyward's clock: good now, refused once the clock passes exp (and the 30 s tolerance).
      const shortLived = await sign(s, ec, claims, 60);
      expect((await braintrustCreate(s, shortLived)).status).toBe(200);
      s.clock.advance(120_000);
      expect((await braintrustCreate(s, shortLived)).status).toBe(401);
    });

    it('refuses a token for an unknown or deleted org; takes its roles from a roles claim', async () => {
      const s = server();
      expect((await braintrustCreate(s, await sign(s, rsa, { sub: 'u', org_id: 'no-such-org' }))).status).toBe(401);
      const doomed = await s.native(s.rootKey, 'POST', '/orgs', { name: 'doomed' }, 201);
      const token = await sign(s, rsa, { sub: 'u', org_id: doomed.org.id });
      expect((await braintrustCreate(s, token)).status).toBe(200);
      await s.native(s.rootKey, 'DELETE', `/orgs/${doomed.org.id}`, undefined, 204);
      expect((await braintrustCreate(s, token)).status).toBe(401);

      const readOnly = await sign(s, rsa, { sub: 'reader', org_id: s.org.id, roles: ['keys:read', 'ingest'] });
      const refused = await braintrustCreate(s, readOnly);
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 403,
        body: { message: 'this key lacks the role keys:write' },
      });
      const admin = await braintrustCreate(s, await sign(s, rsa, { sub: 'boss', org_id: s.org.id, roles: 'admin audit:read' }));
      expect(await s.verify(admin.body.key)).toMatchObject({ valid: true, roles: ['admin', 'audit:read'] });
    });
  });
}

/** A token with exactly these claims (no iat or exp added), HS256 under the dialect tests' secret. */
const hs256 = (claims: Record<string, unknown>): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(JWT_SECRET));

for (const engine of ENGINES) {
  describe(`user token age on ${engine.name} (KEYWARD_JWT_MAX_AGE)`, () => {
    const byDefault = useDialectServer(engine);
    const tenMinutes = useDialectServer(engine, () => ({ jwtMaxAgeSeconds: 600 }));

    /** The token on Braintrust (its 401 body) and on Basic: the status and body each surface answered. */
    const answers = async (s: DialectServer, token: string) => {
      const project = await s.createProject();
      const braintrust = await s.send({
        method: 'POST',
        path: '/compat/braintrust/v1/api_key',
        headers: { authorization: `Bearer ${token}` },
        body: { name: 'k' },
      });
      const basic = await s.send({
        method: 'GET',
        path: `/compat/basic/project/${project.id}/key`,
        headers: { authorization: `Bearer ${token}` },
      });
      return { braintrust: { status: braintrust.status, body: braintrust.body }, basic: { status: basic.status, body: basic.body } };
    };

    it('refuses (401, in each dialect’s shape) a token older than 24 h, one made to last longer, and one without iat', async () => {
      const s = byDefault();
      const now = Math.floor(s.clock.now().getTime() / 1000);
      const claims = { sub: 'u', org_id: s.org.id };
      const refusal = await answers(s, await hs256({ ...claims, iat: now, exp: now + 60 }).then((t) => `${t}x`));
      expect(refusal.braintrust).toEqual({ status: 401, body: { message: 'No valid API key provided' } });
      expect(refusal.basic.status).toBe(401);
      const refused = {
        'issued 25 h ago, expiring in an hour': await hs256({ ...claims, iat: now - 25 * 3600, exp: now + 3600 }),
        'a 100-year token issued now': await hs256({ ...claims, iat: now, exp: now + 100 * 365 * 86_400 }),
        'a 25 h token issued now': await hs256({ ...claims, iat: now, exp: now + 25 * 3600 }),
        'no iat': await hs256({ ...claims, exp: now + 3600 }),
        'iat an hour in the future': await hs256({ ...claims, iat: now + 3600, exp: now + 7200 }),
      };
      for (const [what, token] of Object.entries(refused)) expect({ what, ...(await answers(s, token)) }).toEqual({ what, ...refusal });
      // Within the maximum: accepted, up to the 30 s clock tolerance.
      const accepted = {
        'a 24 h token issued now': await hs256({ ...claims, iat: now, exp: now + 24 * 3600 }),
        'issued 23 h ago, expiring in an hour': await hs256({ ...claims, iat: now - 23 * 3600, exp: now + 3600 }),
        'a 24 h token issued 24 h and 20 s ago': await hs256({ ...claims, iat: now - 24 * 3600 - 20, exp: now - 20 }),
      };
      for (const [what, token] of Object.entries(accepted)) {
        const got = await answers(s, token);
        expect({ what, braintrust: got.braintrust.status, basic: got.basic.status }).toEqual({ what, braintrust: 200, basic: 200 });
      }
    });

    it('follows a configured maximum, on Keyward’s clock', async () => {
      const s = tenMinutes();
      const now = Math.floor(s.clock.now().getTime() / 1000);
      const claims = { sub: 'u', org_id: s.org.id };
      expect((await answers(s, await hs256({ ...claims, iat: now, exp: now + 3600 }))).braintrust.status).toBe(401);
      const fiveMinutes = await hs256({ ...claims, iat: now, exp: now + 300 });
      expect((await answers(s, fiveMinutes)).braintrust.status).toBe(200);
      // A token whose lifetime is within the maximum ages out with it (here: expires first).
      const tenMinuteToken = await hs256({ ...claims, iat: now - 60, exp: now + 540 });
      expect((await answers(s, tenMinuteToken)).braintrust.status).toBe(200);
      s.clock.advance(600_000);
      expect((await answers(s, tenMinuteToken)).braintrust.status).toBe(401);
    });
  });
}

describe('user tokens when none are configured', () => {
  let s: DialectServer;
  beforeAll(async () => {
    s = await DialectServer.start(ENGINES[0]!, { jwtSecret: null });
  });
  afterAll(() => s.close());

  it('refuses every JWT with 401 while keys keep working', async () => {
    const token = await s.signUser({ sub: 'u', org_id: s.org.id });
    const answer = await s.send({
      method: 'POST',
      path: '/compat/braintrust/v1/api_key',
      headers: { authorization: `Bearer ${token}` },
      body: { name: 'k' },
    });
    expect(answer.status).toBe(401);
    const byKey = await s.send({
      method: 'POST',
      path: '/compat/braintrust/v1/api_key',
      headers: { authorization: `Bearer ${s.org.adminKey}` },
      body: { name: 'k' },
    });
    expect(byKey.status).toBe(200);
  });
});
