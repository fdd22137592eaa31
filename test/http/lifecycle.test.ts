import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { useHarness, type Req, type Wire } from './harness.js';

/** The "done when" walk-through, as a client sees it, step by step. */
for (const engine of ENGINES) {
  describe(`${engine.name}: the key lifecycle`, () => {
    const harness = useHarness(engine);

    it('create project → mint → verify → list → roll with grace → revoke → REVOKED → audit of each step', async () => {
      const h = harness();
      let step = 0;
      const call = async (req: Req, status: number): Promise<Wire> => {
        const res = await h.app.inject({
          method: req.method,
          url: req.url,
          headers: { authorization: `Bearer ${h.org.adminKey}`, 'x-request-id': `step-${++step}` },
          remoteAddress: '198.51.100.4',
          ...(req.body !== undefined ? { payload: req.body as object } : {}),
        });
        expect({ url: req.url, status: res.statusCode }).toEqual({ url: req.url, status });
        expect(res.headers['x-request-id']).toBe(`step-${step}`);
        return res.json() as Wire;
      };
      const verify = (key: string) => call({ method: 'POST', url: '/v1/keys/verify', body: { key } }, 200);

      const project = await call({ method: 'POST', url: '/v1/projects', body: { name: 'lifecycle' } }, 201); // step-1
      const minted = await call(
        { method: 'POST', url: `/v1/projects/${project['id']}/keys`, body: { name: 'ci', roles: ['ingest'] } },
        201,
      ); // step-2
      expect(await verify(minted['key'])).toMatchObject({ valid: true, code: 'VALID', project_id: project['id'], roles: ['ingest'] });

      const list = await call({ method: 'GET', url: `/v1/projects/${project['id']}/keys` }, 200);
      expect(list['data']).toEqual([expect.objectContaining({ id: minted['id'], preview: `kw_proj_…${minted['key'].slice(-4)}` })]);
      expect(JSON.stringify(list)).not.toContain(minted['key']);
      expect(list['data'][0]).not.toHaveProperty('key');

      const rolled = await call({ method: 'POST', url: `/v1/keys/${minted['id']}/roll`, body: { grace_seconds: 300 } }, 201); // step-5
      expect(await verify(minted['key'])).toMatchObject({ valid: true, code: 'VALID' });
      expect(await verify(rolled['key'])).toMatchObject({ valid: true, code: 'VALID' });

      const revoked = await call({ method: 'DELETE', url: `/v1/keys/${rolled['id']}` }, 200); // step-8
      expect(revoked['revoked_at']).not.toBeNull();
      expect(await verify(rolled['key'])).toMatchObject({ valid: false, code: 'REVOKED' });
      h.clock.advanceSeconds(301);
      expect(await verify(minted['key'])).toMatchObject({ valid: false, code: 'REVOKED' });

      const audit = await call({ method: 'GET', url: '/v1/audit?limit=100' }, 200);
      const mine = (audit['data'] as Wire[])
        .filter((e) => e['request_id']?.startsWith('step-'))
        .map((e) => [e['request_id'], e['action'], e['target'].id, e['ip']])
        .reverse();
      expect(mine).toEqual([
        ['step-1', 'project.create', project['id'], '198.51.100.4'],
        ['step-2', 'key.create', minted['id'], '198.51.100.4'],
        ['step-5', 'key.roll', minted['id'], '198.51.100.4'],
        ['step-5', 'key.create', rolled['id'], '198.51.100.4'],
        ['step-8', 'key.revoke', rolled['id'], '198.51.100.4'],
      ]);
      expect(JSON.stringify(audit)).not.toContain(minted['key']);
      expect(JSON.stringify(audit)).not.toContain(rolled['key']);
    });
  });
}
