import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from '../http/expect-error.js';
import { useHarness, type Harness, type OrgHandle, type Wire } from '../http/harness.js';

/**
 * Issue 17, item 5: list cursors were base64 of `s<seq>`, and `seq` counts the rows of every
 * org, so a tenant could count the rows other tenants created between two of its pages. A
 * cursor is now sealed (AES-256-GCM under the database's own secret, bound to its list): it
 * shows no number, and only the list that gave it accepts it.
 */

interface Lister {
  readonly name: string;
  readonly url: string;
  /** The key that reads the list (an org admin, or the root key for orgs). */
  readonly key: string;
  /** Adds one row to the list. */
  add(): Promise<void>;
}

async function listers(h: Harness, org: OrgHandle): Promise<Lister[]> {
  const project = await h.createProject(org);
  return [
    { name: 'projects', url: '/v1/projects', key: org.adminKey, add: async () => void (await h.createProject(org)) },
    {
      name: 'project keys',
      url: `/v1/projects/${project['id']}/keys`,
      key: org.adminKey,
      add: async () => void (await h.mintProjectKey(project['id'], org)),
    },
    { name: 'org keys', url: '/v1/org/keys', key: org.adminKey, add: async () => void (await h.mintOrgKey(['keys:read'], org)) },
    // Every creation writes an audit event.
    { name: 'audit events', url: '/v1/audit', key: org.adminKey, add: async () => void (await h.createProject(org)) },
    {
      name: 'orgs',
      url: '/v1/orgs',
      key: h.rootKey,
      add: async () => void (await h.expectStatus(h.rootKey, { method: 'POST', url: '/v1/orgs', body: { name: 'o' } }, 201)),
    },
  ];
}

const page = (h: Harness, key: string, url: string, cursor?: string) =>
  h.send(key, { method: 'GET', url: `${url}?limit=2${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}` });

async function firstCursor(h: Harness, l: Lister): Promise<string> {
  const res = await page(h, l.key, l.url);
  expect(res.statusCode).toBe(200);
  const cursor = (res.json() as Wire)['next_cursor'] as string | null;
  expect(cursor).toEqual(expect.any(String));
  return cursor!;
}

for (const engine of ENGINES) {
  describe(`${engine.name}: list cursors are sealed (issue 17)`, () => {
    const harness = useHarness(engine);
    const other = useHarness(engine);

    it('pages through every list exactly once while another org keeps creating rows', async () => {
      const h = harness();
      const b = await h.otherOrg();
      const mine = await listers(h, h.org);
      const theirs = await listers(h, b);
      for (const [i, l] of mine.entries()) {
        for (let n = 0; n < 5; n++) await l.add();
        const expected = ((await h.send(l.key, { method: 'GET', url: `${l.url}?limit=100` })).json() as Wire)['data'].map(
          (x: Wire) => x['id'],
        );
        expect(expected.length).toBeGreaterThan(4);
        const seen: string[] = [];
        let cursor: string | undefined;
        for (;;) {
          const res = await page(h, l.key, l.url, cursor);
          expect(res.statusCode, l.name).toBe(200);
          const body = res.json() as Wire;
          seen.push(...body['data'].map((x: Wire) => x['id']));
          if (body['next_cursor'] === null) break;
          cursor = body['next_cursor'] as string;
          // Rows of another org (or, for the root's list of orgs, new orgs) appear meanwhile.
          await theirs[i]!.add();
        }
        if (l.name === 'orgs') expect(seen.slice(0, expected.length)).toEqual(expected);
        else expect(seen, l.name).toEqual(expected);
        expect(new Set(seen).size).toBe(seen.length);
      }
    });

    it('a cursor shows no counter: the same page twice gives two different cursors, both working', async () => {
      const h = harness();
      for (const l of await listers(h, h.org)) {
        for (let n = 0; n < 3; n++) await l.add();
        const a = await firstCursor(h, l);
        const b = await firstCursor(h, l);
        expect(a, l.name).not.toBe(b);
        const pa = (await page(h, l.key, l.url, a)).json() as Wire;
        const pb = (await page(h, l.key, l.url, b)).json() as Wire;
        expect(pa['data']).toEqual(pb['data']);
        expect(Buffer.from(a, 'base64url').toString('latin1')).not.toMatch(/^s[0-9]+$/);
      }
    });

    it('refuses a cursor from another org, another list or another database with a 400 naming cursor', async () => {
      const h = harness();
      const b = await h.otherOrg();
      const mine = await listers(h, h.org);
      const theirs = await listers(h, b);
      const elsewhere = await listers(other(), other().org);
      for (const [i, l] of mine.entries()) {
        for (let n = 0; n < 3; n++) await l.add();
        const cursor = await firstCursor(h, l);
        if (l.name !== 'orgs') expectError(await page(h, b.adminKey, theirs[i]!.url, cursor), 'VALIDATION', 'cursor');
        const otherList = mine[(i + 1) % mine.length]!;
        expectError(await page(h, otherList.key, otherList.url, cursor), 'VALIDATION', 'cursor');
        const there = elsewhere[i]!;
        for (let n = 0; n < 3; n++) await there.add();
        expectError(await page(other(), there.key, there.url, cursor), 'VALIDATION', 'cursor');
      }
    });

    it('refuses every tampered or truncated cursor with a 400 naming cursor, never a 500', async () => {
      const h = harness();
      const l = (await listers(h, h.org)).find((x) => x.name === 'org keys')!;
      for (let n = 0; n < 3; n++) await l.add();
      const cursor = await firstCursor(h, l);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const tampered = new Set<string>();
      for (let i = 0; i < cursor.length; i++) {
        const c = cursor[i]!;
        tampered.add(cursor.slice(0, i) + alphabet[(alphabet.indexOf(c) + 1) % 64] + cursor.slice(i + 1));
        tampered.add(cursor.slice(0, i));
        tampered.add(cursor.slice(0, i) + cursor.slice(i + 1));
      }
      tampered.delete('');
      for (const t of tampered) expectError(await page(h, l.key, l.url, t), 'VALIDATION', 'cursor');
    });
  });
}
