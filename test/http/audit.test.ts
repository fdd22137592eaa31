import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness } from './harness.js';
import { runCommonRouteTests } from './security.js';

const AUDIT_FIELDS = ['action', 'actor', 'created_at', 'details', 'id', 'ip', 'org_id', 'request_id', 'target'];

for (const engine of ENGINES) {
  describe(`${engine.name}: GET /v1/audit`, () => {
    const harness = useHarness(engine);

    it('records who did what to which target, with the request id and the caller’s IP', async () => {
      const h = harness();
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/projects',
        headers: { authorization: `Bearer ${h.org.adminKey}`, 'x-request-id': 'trace-abc.1' },
        remoteAddress: '203.0.113.7',
        payload: { name: 'audited' },
      });
      const project = res.json();
      const whoami = await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/whoami' }, 200);
      const page = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/audit?target_id=${project.id}` }, 200);
      expect(page['data']).toHaveLength(1);
      const event = page['data'][0];
      expect(Object.keys(event).sort()).toEqual(AUDIT_FIELDS);
      expect(event).toMatchObject({
        org_id: h.org.id,
        actor: { type: 'key', id: whoami['key_id'] },
        action: 'project.create',
        target: { type: 'project', id: project.id },
        request_id: 'trace-abc.1',
        ip: '203.0.113.7',
      });
    });

    it('filters by action, pages newest first, and never shows another org’s events', async () => {
      const h = harness();
      const other = await h.otherOrg();
      await h.createProject(other);
      const made = [await h.createProject(), await h.createProject()];
      const first = await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/audit?action=project.create&limit=1' }, 200);
      expect(first['data'].map((e: { target: { id: string } }) => e.target.id)).toEqual([made[1]!['id']]);
      const next = await h.expectStatus(
        h.org.adminKey,
        { method: 'GET', url: `/v1/audit?action=project.create&limit=1&cursor=${first['next_cursor']}` },
        200,
      );
      expect(next['data'][0].target.id).toBe(made[0]!['id']);
      const all = await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/audit?limit=100' }, 200);
      expect(all['data'].every((e: { org_id: string }) => e.org_id === h.org.id)).toBe(true);
    });

    it('refuses an unknown action, a non-UUID target_id and a forged cursor (400 naming the field)', async () => {
      const h = harness();
      expectError(await h.send(h.org.adminKey, { method: 'GET', url: '/v1/audit?action=key.steal' }), 'VALIDATION', 'action');
      expectError(await h.send(h.org.adminKey, { method: 'GET', url: '/v1/audit?target_id=42' }), 'VALIDATION', 'target_id');
      expectError(
        await h.send(h.org.adminKey, { method: 'GET', url: '/v1/audit?cursor=czk5OTk5OTk5OTk5OTk5OTk5OQ' }),
        'VALIDATION',
        'cursor',
      );
    });

    runCommonRouteTests(harness, {
      name: 'GET /v1/audit',
      needs: 'audit:read',
      ok: 200,
      build: async () => ({ method: 'GET', url: '/v1/audit' }),
    });
  });
}
