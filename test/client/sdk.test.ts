import { describe, expect, it } from 'vitest';
import { Keyward, KeywardError, type Verification } from '@keyward/client';
import { ENGINES } from '../helpers/engines.js';
import { useLiveServer } from './live-server.js';

/** The SDK against a real server: the quick start, pages, every route, and its errors. */
for (const engine of ENGINES) {
  describe(`@keyward/client SDK (${engine.name})`, () => {
    const live = useLiveServer(engine);

    it('runs the quick start: project, key, verify, every page, roll, revoke', async () => {
      const kw = new Keyward({ baseUrl: live().url, apiKey: live().adminKey });
      const project = await kw.projects.create({ name: 'checkout' });
      const created = await kw.keys.create(project.id, { name: 'ingest', roles: ['ingest'] });
      expect(created.key).toMatch(/^kw_proj_/);
      const v: Verification = await kw.keys.verify({ key: created.key, roles: ['ingest'] });
      expect(v).toMatchObject({ valid: true, code: 'VALID', key_id: created.id, project_id: project.id, roles: ['ingest'] });

      for (let i = 0; i < 4; i++) await kw.keys.create(project.id, { name: `more ${i}` });
      const seen: string[] = [];
      for await (const k of kw.keys.listAll(project.id, { limit: 2 })) seen.push(k.id);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      expect(seen).toContain(created.id);

      const rolled = await kw.keys.roll(created.id, { grace_seconds: 60 });
      expect(rolled.key).not.toBe(created.key);
      expect((await kw.keys.verify({ key: rolled.key })).valid).toBe(true);
      const revoked = await kw.keys.revoke(rolled.id);
      expect(revoked.revoked_at).not.toBeNull();
      expect(await kw.keys.verify({ key: rolled.key })).toMatchObject({ valid: false, code: 'REVOKED' });
    });

    it('has a method for every native route, and each answers', async () => {
      const kw = live().admin;
      const root = new Keyward({ baseUrl: live().url, apiKey: live().rootKey });
      const who = await kw.whoami();
      expect(who.roles).toEqual(['admin']);

      const org = await root.orgs.create({ name: `org ${Math.random()}` });
      expect((await root.orgs.get(org.org.id)).id).toBe(org.org.id);
      expect((await root.orgs.list({ limit: 100 })).data.map((o) => o.id)).toContain(org.org.id);
      const orgIds: string[] = [];
      for await (const o of root.orgs.listAll({ limit: 1 })) orgIds.push(o.id);
      expect(orgIds).toContain(org.org.id);
      await root.orgs.delete(org.org.id);

      const project = await kw.projects.create({ name: `p ${Math.random()}`, description: 'd' });
      expect((await kw.projects.get(project.id)).name).toBe(project.name);
      expect((await kw.projects.update(project.id, { description: 'e' })).description).toBe('e');
      expect((await kw.projects.list()).data.length).toBeGreaterThan(0);
      let projects = 0;
      for await (const _p of kw.projects.listAll({ limit: 1 })) projects++;
      expect(projects).toBeGreaterThan(0);

      const key = await kw.keys.create(project.id, { name: 'k' });
      expect((await kw.keys.get(key.id)).name).toBe('k');
      expect((await kw.keys.update(key.id, { name: 'renamed', enabled: false })).enabled).toBe(false);
      expect((await kw.keys.verify({ key: key.key })).code).toBe('DISABLED');
      expect((await kw.keys.list(project.id, { include_revoked: true })).data).toHaveLength(1);
      expect(Array.isArray((await kw.keys.usage(key.id, { days: 7 })).data)).toBe(true);
      expect(Array.isArray((await kw.projects.usage(project.id)).data)).toBe(true);
      expect(Array.isArray((await kw.usage.byKey(key.id)).data)).toBe(true);
      expect(Array.isArray((await kw.usage.byProject(project.id)).data)).toBe(true);

      const orgKey = await kw.orgKeys.create({ name: 'reader', roles: ['keys:read'] });
      expect(orgKey.key).toMatch(/^kw_org_/);
      expect((await kw.orgKeys.list()).data.map((k) => k.id)).toContain(orgKey.id);
      const orgKeyIds: string[] = [];
      for await (const k of kw.orgKeys.listAll()) orgKeyIds.push(k.id);
      expect(orgKeyIds).toContain(orgKey.id);
      expect(await kw.orgKeys.revokeUserKeys('nobody')).toEqual({ revoked: 0 });

      const events = await kw.audit.list({ target_id: key.id });
      expect(events.data.map((e) => e.action)).toEqual(expect.arrayContaining(['key.create', 'key.update']));
      let audited = 0;
      for await (const _e of kw.audit.listAll({ action: 'key.create', limit: 2 })) audited++;
      expect(audited).toBeGreaterThan(1);

      await kw.projects.delete(project.id);
      expect((await kw.keys.verify({ key: key.key })).valid).toBe(false);
    });

    it("answers an API error as a KeywardError with the server's code, status, field and request id", async () => {
      const kw = live().admin;
      const notFound = await kw.keys.get('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
      expect(notFound).toBeInstanceOf(KeywardError);
      expect(notFound).toMatchObject({ code: 'NOT_FOUND', status: 404, name: 'KeywardError' });
      expect((notFound as KeywardError).requestId).toEqual(expect.any(String));

      const invalid = await kw.projects.create({ name: '' }).catch((e: unknown) => e);
      expect(invalid).toMatchObject({ code: 'VALIDATION', status: 400, field: 'name' });

      const stranger = new Keyward({ baseUrl: live().url, apiKey: 'kw_org_nope' });
      expect(await stranger.whoami().catch((e: unknown) => e)).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });

      const orgOnly = new Keyward({ baseUrl: live().url, apiKey: await live().harness.keyWith('projects:read') });
      expect(await orgOnly.projects.create({ name: 'x' }).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    });

    it('never shows the key in an error', async () => {
      const kw = live().admin;
      const project = await kw.projects.create({ name: `secret ${Math.random()}` });
      const created = await kw.keys.create(project.id, { name: 'k' });
      const err = (await kw.keys.verify({ key: created.key, roles: [1 as never] }).catch((e: unknown) => e)) as KeywardError;
      expect(err).toMatchObject({ code: 'VALIDATION', field: 'roles[0]' });
      expect(JSON.stringify({ ...err, message: err.message })).not.toContain(created.key);
    });
  });
}
