import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness } from './harness.js';

/**
 * The local verifiers' server side through the app: who may open a stream, what a bad
 * request gets, which writes renumber a key (migration 0012), and usage reports. The stream
 * itself, live, is tested against real servers in test/client/local-verifier.test.ts.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: key stream and usage reports`, () => {
    const harness = useHarness(engine);

    it('refuses a caller without keys:verify, a project of another org and a bad resume point', async () => {
      const h = harness();
      const reader = await h.keyWith('keys:read');
      expectError(await h.send(reader, { method: 'GET', url: '/v1/keys/stream' }), 'FORBIDDEN');
      const theirs = await h.createProject(await h.otherOrg());
      const verifier = await h.keyWith('keys:verify');
      expectError(await h.send(verifier, { method: 'GET', url: `/v1/keys/stream?project_id=${theirs['id']}` }), 'NOT_FOUND');
      expectError(await h.send(verifier, { method: 'GET', url: '/v1/keys/stream?after=-1' }), 'VALIDATION', 'after');
      expectError(await h.send(verifier, { method: 'GET', url: '/v1/keys/stream?heartbeat_ms=5' }), 'VALIDATION', 'heartbeat_ms');
      expectError(await h.send(null, { method: 'GET', url: '/v1/keys/stream' }), 'UNAUTHORIZED');
    });

    it('renumbers a key on every change verification reads, and not on usage or credit spends', async () => {
      const h = harness();
      const project = await h.createProject();
      const key = await h.mintProjectKey(project['id'] as string, h.org, { credits: { remaining: 10 } });
      const seqOf = async () => {
        const changes = await h.store.keyChangesSince({ orgId: h.org.id, projectId: project['id'] as string }, 0, 100);
        return changes.find((c) => c.id === key['id'])!.changeSeq;
      };
      const created = await seqOf();
      expect(created).toBeGreaterThan(0);
      expect(await h.store.lastKeyChange(h.org.id)).toBeGreaterThanOrEqual(created);

      const verifier = await h.keyWith('keys:verify');
      await h.expectStatus(verifier, { method: 'POST', url: '/v1/keys/verify', body: { key: key['key'] } }, 200);
      await h.deps.usage.flush(h.store);
      expect(await seqOf()).toBe(created);

      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${key['id']}`, body: { enabled: false } }, 200);
      const disabled = await seqOf();
      expect(disabled).toBeGreaterThan(created);
      expect(await h.store.keyChangesSince({ orgId: h.org.id, projectId: project['id'] as string }, disabled, 100)).toEqual([]);

      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/projects/${project['id']}` }, 204);
      const [revoked] = await h.store.keyChangesSince({ orgId: h.org.id, projectId: project['id'] as string }, disabled, 100);
      expect(revoked).toMatchObject({ id: key['id'], revokedAt: expect.any(String) });
      // Another org's scope never sees it.
      expect(await h.store.keyChangesSince({ orgId: (await h.otherOrg()).id, projectId: null }, 0, 1000)).not.toContainEqual(
        expect.objectContaining({ id: key['id'] }),
      );
    });

    it('counts reported local verifications in the usage chart, ignores other orgs’ keys and refuses bad entries by field', async () => {
      const h = harness();
      const project = await h.createProject();
      const key = await h.mintProjectKey(project['id'] as string);
      const theirs = await h.mintProjectKey((await h.createProject(await h.otherOrg()))['id'] as string, await h.otherOrg());
      const verifier = await h.keyWith('keys:verify');
      const at = new Date().toISOString();
      const report = (entries: unknown) => h.send(verifier, { method: 'POST', url: '/v1/keys/usage/report', body: { entries } });

      const res = await report([
        { key_id: key['id'], code: 'VALID', count: 41, at },
        { key_id: key['id'], code: 'INSUFFICIENT_ROLES', count: 2, at },
        { key_id: theirs['id'], code: 'VALID', count: 5, at },
      ]);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ accepted: 2, ignored: 1 });
      await h.deps.usage.flush(h.store);
      const usage = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${key['id']}/usage` }, 200);
      expect(usage['data']).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'VALID', count: 41 }),
          expect.objectContaining({ code: 'INSUFFICIENT_ROLES', count: 2 }),
        ]),
      );
      const read = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${key['id']}` }, 200);
      expect(read['last_used_at']).not.toBeNull();

      expectError(await report([{ key_id: key['id'], code: 'NOT_FOUND', count: 1, at }]), 'VALIDATION', 'entries.0.code');
      expectError(await report([{ key_id: key['id'], code: 'VALID', count: 0, at }]), 'VALIDATION');
      expectError(await report([{ key_id: 'nope', code: 'VALID', count: 1, at }]), 'VALIDATION');
      expectError(await report([{ key_id: key['id'], code: 'VALID', count: 1, at: 'yesterday' }]), 'VALIDATION');
      expectError(await report(Array.from({ length: 1001 }, () => ({ key_id: key['id'], code: 'VALID', count: 1, at }))), 'VALIDATION');
      expectError(
        await h.send(await h.keyWith('keys:read'), { method: 'POST', url: '/v1/keys/usage/report', body: { entries: [] } }),
        'FORBIDDEN',
      );
    });
  });
}
