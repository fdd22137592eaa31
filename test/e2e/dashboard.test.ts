import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { HAS_CHROMIUM, launchChromium } from './browser.js';
import { LAPTOP, screenshotBoth } from './screenshots.js';
import { buildDashboard } from './web-build.js';
import { startTestServer, type TestServer } from './web-server.js';

/**
 * The dashboard in a real browser against a real server, on every engine: a person signs in,
 * creates a project, mints a key and reads it from the dialog; the key verifies through the
 * API; the person revokes it and sees that, the audit trail and the usage chart.
 */
let browser: Browser;
// In-page checks are passed as expressions (strings): the test program is typed for Node, not the DOM.

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  // Both in parallel: the build takes a few seconds, the browser one or two.
  const [, launched] = await Promise.all([buildDashboard(), launchChromium()]);
  browser = launched;
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Everything the browser logs as an error fails the run: a broken page must not pass quietly. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // 400/401/403/404/409 answers the test provokes on purpose are logged by Chromium as failed loads.
    if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 40[01349]/.test(msg.text())) {
      errors.push(`console: ${msg.text()}`);
    }
  });
  return errors;
}

async function signIn(page: Page, server: TestServer, key: string): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

for (const [index, engine] of ENGINES.entries()) {
  // Screenshots once (the pages look the same on both engines).
  const shoot = index === 0 ? screenshotBoth : async () => {};

  // Generous per-test limits: CI runs this beside the rest of the suite on two cores.
  describe.runIf(HAS_CHROMIUM)(`dashboard on ${engine.name}`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let context: BrowserContext;
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      server = await startTestServer(engine);
      context = await browser.newContext({ viewport: LAPTOP });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      errors = watchErrors(page);
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      await server?.close();
    });

    it('refuses a wrong key with the server’s message, then signs in with the org’s admin key', async () => {
      await page.goto(`${server.url}/`);
      await page.waitForURL(/\/sign-in$/);
      await heading(page, 'Sign in').waitFor();
      await shoot(page, 'sign-in');

      await signIn(page, server, 'kw_org_not-a-real-key');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('missing or invalid API key');

      await page.getByLabel('API key').fill(server.adminKey);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await heading(page, 'Projects').waitFor();
      expect(new URL(page.url()).pathname).toBe('/projects');
      expect(await page.getByTestId('whoami').textContent()).toContain('default');
      // The key sits in this tab's session storage and nowhere else.
      const stored = await page.evaluate('({ session: sessionStorage.length, local: localStorage.length })');
      expect(stored).toEqual({ session: 1, local: 0 });
      await page.getByText('No projects yet').waitFor();
      await shoot(page, 'projects-empty');
    });

    let projectId: string;
    let rawKey: string;
    let keyId: string;

    it('creates a project and mints a key shown once in a dialog, with a copy button', async () => {
      const newProject = page.getByRole('button', { name: 'New project' }).first();
      await newProject.click();
      const dialog = page.getByRole('dialog', { name: 'New project' });
      await dialog.waitFor();
      // Focus moves into the dialog; Escape closes it and gives focus back to the button.
      expect(await page.evaluate('document.activeElement?.id')).toBe('project-name');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('New project');

      await newProject.click();
      await dialog.getByRole('button', { name: 'Create project' }).click();
      await dialog.getByText('Give the project a name.').waitFor();
      await dialog.getByLabel('Name').fill('Checkout');
      await dialog.getByLabel('Description').fill('Payments API, production');
      await shoot(page, 'project-create-dialog');
      await dialog.getByRole('button', { name: 'Create project' }).click();
      await heading(page, 'Checkout').waitFor();
      projectId = new URL(page.url()).pathname.split('/')[2] ?? '';
      expect(projectId).toMatch(/^[0-9a-f-]{36}$/);
      await page.getByText('No keys yet').waitFor();
      await page.getByText('No verifications in the last 30 days').waitFor();
      await shoot(page, 'project-empty');

      await page.getByRole('button', { name: 'New key' }).first().click();
      const form = page.getByRole('dialog', { name: 'New key' });
      await form.getByLabel('Name').fill('ingest-prod');
      await form.getByLabel('Roles').fill('ingest, read');
      await form.getByLabel('Expires').selectOption({ label: 'In 30 days' });
      await form.getByLabel('Limit how often this key can be verified').check();
      await form.getByLabel('Verifications').fill('1000');
      await form.getByLabel('Per').selectOption({ label: 'minute' });
      await shoot(page, 'key-create-dialog');
      await form.getByRole('button', { name: 'Create key' }).click();

      const secret = page.getByRole('dialog', { name: 'Key “ingest-prod” created' });
      await secret.waitFor();
      expect(await secret.textContent()).toContain('You will not see it again');
      rawKey = await secret.getByTestId('secret-value').inputValue();
      expect(rawKey).toMatch(/^kw_proj_[A-Za-z0-9]+_[A-Za-z0-9]+$/);
      await secret.getByRole('button', { name: 'Copy' }).click();
      await secret.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(rawKey);
      // Escape must not throw away a key that cannot be shown again.
      await page.keyboard.press('Escape');
      expect(await secret.isVisible()).toBe(true);
      await shoot(page, 'key-secret-dialog');
      await secret.getByRole('button', { name: 'Done, I have stored it' }).click();
      await secret.waitFor({ state: 'detached' });

      const row = page.getByRole('row').filter({ hasText: 'ingest-prod' });
      await row.waitFor();
      expect(await row.textContent()).toContain(`…${rawKey.slice(-4)}`);
      expect(await row.textContent()).toContain('Active');
      expect(await row.textContent()).toContain('ingest');
      keyId = (await row.getByRole('link', { name: 'ingest-prod' }).getAttribute('href'))?.split('/')[2] ?? '';
      expect(keyId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('the key from the dialog verifies through the API, and the usage chart counts it', async () => {
      const verify = (roles?: string[]) =>
        server.api(server.adminKey, 'POST', '/v1/keys/verify', { key: rawKey, ...(roles ? { roles } : {}) });
      const ok = await verify();
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ valid: true, code: 'VALID', key_id: keyId, project_id: projectId, roles: ['ingest', 'read'] });
      expect((await verify(['ingest'])).body).toMatchObject({ valid: true, code: 'VALID' });
      expect((await verify(['admin'])).body).toMatchObject({ valid: false, code: 'INSUFFICIENT_ROLES' });

      // Usage is written in batches (every 100 ms here): wait for the batch, not for a time.
      await vi.waitFor(
        async () => {
          const usage = await server.api(server.adminKey, 'GET', `/v1/keys/${keyId}/usage`);
          const count = (code: string) => usage.body.data.filter((r: any) => r.code === code).reduce((n: number, r: any) => n + r.count, 0);
          expect([count('VALID'), count('INSUFFICIENT_ROLES')]).toEqual([2, 1]);
        },
        { timeout: 10_000, interval: 100 },
      );

      await page.getByRole('link', { name: 'ingest-prod' }).click();
      await heading(page, 'ingest-prod').waitFor();
      const chart = page.getByTestId('usage-chart');
      await chart.waitFor();
      expect(await chart.getAttribute('data-valid')).toBe('2');
      expect(await chart.getAttribute('data-invalid')).toBe('1');
      expect(await chart.locator('svg').getAttribute('aria-label')).toContain('2 valid and 1 invalid verifications in the last 30 days');
      expect(await page.getByRole('list', { name: 'Verifications by outcome' }).textContent()).toContain('INSUFFICIENT_ROLES 1');
      expect(await page.getByText('1,000 per minute').count()).toBe(1);
      await shoot(page, 'key');
    });

    it('revokes the key after a confirmation; the page and the API both show it revoked', async () => {
      await page.getByRole('button', { name: 'Revoke', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke key “ingest-prod”?' });
      expect(await confirm.textContent()).toContain('cannot be undone');
      await shoot(page, 'key-revoke-dialog');
      await confirm.getByRole('button', { name: 'Revoke key' }).click();
      await confirm.waitFor({ state: 'detached' });
      await page.getByText('Key revoked. Its next verification answers REVOKED.').waitFor();
      expect(await page.locator('.page-header .badge').first().textContent()).toBe('Revoked');
      // No more actions on a revoked key.
      expect(await page.getByRole('button', { name: 'Roll' }).count()).toBe(0);

      const after = await server.api(server.adminKey, 'POST', '/v1/keys/verify', { key: rawKey });
      expect(after.body).toMatchObject({ valid: false, code: 'REVOKED' });

      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Checkout' }).click();
      await heading(page, 'Checkout').waitFor();
      // Revoked keys are hidden by default and shown by the status filter.
      await page.getByText('No keys match').waitFor();
      await page.getByLabel('Status').selectOption('all');
      const row = page.getByRole('row').filter({ hasText: 'ingest-prod' });
      expect(await row.textContent()).toContain('Revoked');
      await shoot(page, 'project');
    });

    it('shows the audit entries by name and id end, filterable by action', async () => {
      const me = (await server.api(server.adminKey, 'GET', '/v1/whoami')).body;
      const myName = (await server.api(server.adminKey, 'GET', `/v1/keys/${me.key_id}`)).body.name;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
      await heading(page, 'Audit log').waitFor();
      const table = page.getByRole('table', { name: /Audit events/ });
      await table.waitFor();
      const text = (await table.textContent()) ?? '';
      for (const action of ['project.create', 'key.create', 'key.revoke']) expect(text).toContain(action);
      // Ids made minutes apart share their first characters (UUIDv7): rows show names and the id's end.
      const created = table.locator('tbody tr').filter({ hasText: 'project.create' });
      await vi.waitFor(async () => expect(await created.textContent()).toContain('Checkout'));
      expect(await created.locator('td[data-label="Target"]').getByRole('link').getAttribute('title')).toBe(`Checkout (${projectId})`);
      expect(await created.textContent()).toContain(`…${projectId.slice(-8)}`);
      expect(await created.textContent()).toContain(myName);
      await shoot(page, 'audit');

      await page.getByLabel('Action').selectOption('key.revoke');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/action=key\.revoke/);
      await vi.waitFor(async () => expect(await table.locator('tbody tr').count()).toBe(1));
      const revoked = table.locator('tbody tr').first();
      const target = revoked.locator('td[data-label="Target"]').getByRole('link');
      await vi.waitFor(async () => expect(await target.textContent()).toBe(`key ingest-prod …${keyId.slice(-8)}`));
      expect(await target.getAttribute('title')).toBe(`ingest-prod (${keyId})`);
      const actor = revoked.locator('td[data-label="Actor"]').getByRole('link');
      expect(await actor.textContent()).toBe(`key ${myName} …${me.key_id.slice(-8)}`);
      expect(await actor.getAttribute('title')).toBe(`${myName} (${me.key_id})`);
      // The org itself is named from the session.
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.waitForURL(/\/audit$/);
      const orgCreated = table.locator('tbody tr').filter({ hasText: 'org.create' });
      expect(await orgCreated.locator('td[data-label="Target"]').textContent()).toBe(`org default …${me.org_id.slice(-8)}`);

      // The server's own message, inline, for a filter it refuses.
      await page.getByLabel('Target ID').fill('not-a-uuid');
      await page.getByRole('button', { name: 'Apply' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('target_id');
    });

    it('deletes a project only after naming the keys it revokes', async () => {
      const key = await server.api(server.adminKey, 'POST', `/v1/projects/${projectId}/keys`, { name: 'web-staging' });
      expect(key.status).toBe(201);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
      await heading(page, 'Projects').waitFor();
      await shoot(page, 'projects');
      await page.getByRole('button', { name: 'Delete Checkout' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete project “Checkout”?' });
      await confirm.getByText('web-staging').waitFor();
      const text = (await confirm.textContent()) ?? '';
      expect(text).toContain('its 1 key');
      expect(text).not.toContain('ingest-prod'); // already revoked: nothing left to cut off
      const submit = confirm.getByRole('button', { name: 'Delete project and revoke keys' });
      expect(await submit.isDisabled()).toBe(true);
      await confirm.getByLabel(/to confirm/).fill('Checkout');
      await shoot(page, 'project-delete-dialog');
      await submit.click();
      await page.getByText('Project “Checkout” deleted and its keys revoked.').waitFor();
      await page.getByText('No projects yet').waitFor();
      const verify = await server.api(server.adminKey, 'POST', '/v1/keys/verify', { key: key.body.key });
      expect(verify.body).toMatchObject({ valid: false, code: 'REVOKED' });
    });

    it('lists org keys for an admin', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Org keys' }).click();
      await heading(page, 'Org keys').waitFor();
      const row = page.getByRole('row').filter({ hasText: 'admin' });
      await row.first().waitFor();
      expect(await page.getByText('The key you signed in with').count()).toBe(0);
      await shoot(page, 'org-keys');
    });

    it('pages and sorts a long list of keys', async () => {
      const project = await server.api(server.adminKey, 'POST', '/v1/projects', { name: 'Mobile' });
      // 25 keys, made out of alphabetical order: key-24 first, key-00 last.
      for (let i = 24; i >= 0; i--) {
        const made = await server.api(server.adminKey, 'POST', `/v1/projects/${project.body.id}/keys`, {
          name: `key-${String(i).padStart(2, '0')}`,
        });
        expect(made.status).toBe(201);
      }
      await page.goto(`${server.url}/projects/${project.body.id}`);
      await heading(page, 'Mobile').waitFor();
      const pager = page.getByRole('navigation', { name: 'Keys pages' });
      await pager.getByText('1–20 of 25').waitFor();
      const firstName = () => page.locator('tbody tr').first().getByRole('link').first().textContent();
      expect(await firstName()).toBe('key-00'); // newest first
      await pager.getByRole('button', { name: 'Next' }).click();
      await pager.getByText('21–25 of 25').waitFor();
      expect(await page.locator('tbody tr').count()).toBe(5);

      const nameHeader = page.getByRole('columnheader', { name: /Name/ });
      await nameHeader.getByRole('button').click();
      expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');
      await pager.getByText('1–20 of 25').waitFor(); // sorting goes back to the first page
      expect(await firstName()).toBe('key-00');
      await nameHeader.getByRole('button').click();
      expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');
      expect(await firstName()).toBe('key-24');

      await page.getByLabel('Search').fill('key-1');
      await pager.getByText('1–10 of 10').waitFor();
    });

    it('edits, disables, enables and rolls a key with a grace period', async () => {
      await page.getByRole('link', { name: 'key-13' }).click();
      await heading(page, 'key-13').waitFor();
      const keyPath = new URL(page.url()).pathname;

      await page.getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit key “key-13”' });
      await edit.getByLabel('Name').fill('ingest-eu');
      await edit.getByLabel('Roles').fill('ingest, eu');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await heading(page, 'ingest-eu').waitFor();
      expect(await page.getByRole('list', { name: 'Roles' }).textContent()).toBe('ingesteu');

      await page.getByRole('button', { name: 'Disable' }).click();
      await page.getByText('Key disabled', { exact: false }).waitFor();
      expect(await page.locator('.page-header .badge').first().textContent()).toBe('Disabled');
      const keyId = keyPath.split('/')[2] ?? '';
      expect((await server.api(server.adminKey, 'GET', `/v1/keys/${keyId}`)).body.enabled).toBe(false);
      await page.getByRole('button', { name: 'Enable' }).click();
      await page.getByText('Key enabled', { exact: false }).waitFor();
      expect(await page.locator('.page-header .badge').first().textContent()).toBe('Active');

      await page.getByRole('button', { name: 'Roll' }).click();
      const roll = page.getByRole('dialog', { name: 'Roll key “ingest-eu”' });
      await roll.getByLabel('Grace period for the old key').selectOption({ label: '1 hour' });
      await roll.getByRole('button', { name: 'Roll key' }).click();
      const secret = page.getByRole('dialog', { name: 'Key “ingest-eu” rolled' });
      const newKey = await secret.getByTestId('secret-value').inputValue();
      await secret.getByRole('button', { name: 'Done, I have stored it' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/keys/') && url.pathname !== keyPath);
      await heading(page, 'ingest-eu').waitFor();
      const verified = await server.api(server.adminKey, 'POST', '/v1/keys/verify', { key: newKey });
      expect(verified.body).toMatchObject({ valid: true, roles: ['ingest', 'eu'], name: 'ingest-eu' });

      // The old key works through its grace period, and says so.
      await page.goto(server.url + keyPath);
      await page.getByText('This key was rolled.', { exact: false }).waitFor();
      expect(await page.locator('.page-header .badge').first().textContent()).toBe('Active · rolling');
      await shoot(page, 'key-rolled');
    });

    // Issue 13 in the dashboard: one pass through the project "Mobile" the tests above made.
    let ownedKeyId: string;

    it('sets a project’s key prefix and per-owner cap; new keys carry the prefix, one past the cap is refused', async () => {
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Mobile' }).click();
      await heading(page, 'Mobile').waitFor();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const edit = page.getByRole('dialog', { name: 'Edit project “Mobile”' });
      await edit.getByLabel('Key prefix').fill('acme');
      await edit.getByLabel('Keys per owner').fill('1');
      await edit.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Project “Mobile” saved.').waitFor();
      await page.locator('.meta-line').getByText('acme_').waitFor();

      // An owner, credits with a monthly refill, and an allowlist with one bad entry first.
      await page.getByRole('button', { name: 'New key' }).first().click();
      const form = page.getByRole('dialog', { name: 'New key' });
      await form.getByLabel('Name').fill('customer-a');
      await form.getByLabel('Owner').fill('cus_a');
      await form.getByLabel('Limit usage with credits').check();
      await form.getByLabel('Credits remaining').fill('500');
      await form.getByLabel('Refill', { exact: true }).selectOption('monthly');
      await form.getByLabel('Refill to').fill('1000');
      await form.getByLabel('On day').selectOption('15');
      await form.getByLabel('Allowed IPs').fill('10.0.0.0/8\n10.0.0.0/33');
      await shoot(page, 'key-create-policy-dialog');
      await form.getByRole('button', { name: 'Create key' }).click();
      const refused = form.getByRole('alert');
      await refused.waitFor();
      expect(await refused.textContent()).toMatch(/allowed_ips\[1\].*IPv4 or IPv6 address or CIDR/);
      expect(await form.getByLabel('Allowed IPs').getAttribute('aria-invalid')).toBe('true');
      await form.getByLabel('Allowed IPs').fill('10.0.0.0/8\n2001:db8::/32');
      await form.getByRole('button', { name: 'Create key' }).click();
      const secret = page.getByRole('dialog', { name: 'Key “customer-a” created' });
      const raw = await secret.getByTestId('secret-value').inputValue();
      expect(raw).toMatch(/^acme_[A-Za-z0-9]+_[A-Za-z0-9]+$/);
      await secret.getByRole('button', { name: 'Done, I have stored it' }).click();

      // The cap is 1 key per owner: a second key for cus_a is refused with the server's 409.
      await page.getByRole('button', { name: 'New key' }).first().click();
      await form.getByLabel('Name').fill('customer-a-2');
      await form.getByLabel('Owner').fill('cus_a');
      await form.getByRole('button', { name: 'Create key' }).click();
      const conflict = form.getByRole('alert');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('max_keys_per_owner is 1');
      expect(await conflict.textContent()).toContain('409 CONFLICT');
      await form.getByRole('button', { name: 'Cancel' }).click();

      const verified = await server.api(server.adminKey, 'POST', '/v1/keys/verify', { key: raw, ip: '10.1.2.3', cost: 5 });
      expect(verified.body).toMatchObject({ valid: true, owner_id: 'cus_a', credits: { remaining: 495 } });
      expect((await server.api(server.adminKey, 'POST', '/v1/keys/verify', { key: raw, ip: '192.0.2.1' })).body).toMatchObject({
        valid: false,
        code: 'IP_NOT_ALLOWED',
      });
    });

    it('filters the keys table by owner on the server, and shows the owner, credits and allowlist on the key page', async () => {
      const filter = page.getByRole('search').getByLabel('Owner');
      await filter.fill('cus_a');
      await filter.press('Enter');
      const rows = page.getByRole('table', { name: /^Keys/ }).locator('tbody tr');
      await vi.waitFor(async () => expect(await rows.count()).toBe(1));
      expect(await rows.first().textContent()).toContain('customer-a');
      expect(await rows.first().textContent()).toContain('cus_a');
      await filter.fill('cus_nobody');
      await filter.press('Enter');
      await page.getByText('No keys for this owner').waitFor();
      await filter.fill('cus_a');
      await filter.press('Enter');

      await page.getByRole('link', { name: 'customer-a' }).click();
      await heading(page, 'customer-a').waitFor();
      ownedKeyId = new URL(page.url()).pathname.split('/')[2] ?? '';
      const details = page.locator('.details');
      expect(await details.textContent()).toContain('cus_a');
      expect(await page.getByTestId('key-credits').textContent()).toMatch(/^495 left · refills to 1,000 monthly on the 15th \(next /);
      expect(await page.getByRole('list', { name: 'Allowed IPs' }).textContent()).toBe('10.0.0.0/82001:db8::/32');
    });

    it('edits a key’s owner, balance and allowlist from the key page', async () => {
      await page.getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit key “customer-a”' });
      expect(await edit.getByLabel('Owner').inputValue()).toBe('cus_a');
      expect(await edit.getByLabel('Refill', { exact: true }).inputValue()).toBe('monthly');
      await edit.getByLabel('Owner').fill('cus_b');
      await edit.getByLabel('Limit how often this key can be verified').check();
      await edit.getByLabel('Verifications').fill('50');
      await edit.getByLabel(/^Shared by every key of the same owner/).check();
      await edit.getByLabel('Credits remaining').fill('42');
      await edit.getByLabel('Allowed IPs').fill('');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Key saved.').waitFor();
      expect(await page.getByTestId('key-credits').textContent()).toMatch(/^42 left · refills to 1,000 monthly/);
      expect(await page.locator('.details').textContent()).toContain('Any address');
      expect(await page.locator('.details').textContent()).toContain('cus_b');
      expect(await page.locator('.details').textContent()).toContain('shared by every key of its owner');

      const key = (await server.api(server.adminKey, 'GET', `/v1/keys/${ownedKeyId}`)).body;
      expect(key).toMatchObject({
        owner_id: 'cus_b',
        rate_limit: { limit: 50, scope: 'owner' },
        credits: { remaining: 42, refill: { day_of_month: 15 } },
        allowed_ips: null,
      });
      const audit = await server.api(server.adminKey, 'GET', `/v1/audit?action=key.credits_set&target_id=${ownedKeyId}`);
      expect(audit.body.data).toHaveLength(1);
      expect(audit.body.data[0].details).toEqual({ from: 495, to: 42 });
    });

    it('signs out, clearing the key from the tab', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await heading(page, 'Sign in').waitFor();
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      await page.goto(`${server.url}/projects`);
      await page.waitForURL(/\/sign-in\?next=%2Fprojects$/);
    });

    it('sends a person back to sign-in when the server stops accepting their key (401)', async () => {
      const minted = await server.api(server.adminKey, 'POST', '/v1/org/keys', { name: 'temporary', roles: ['projects:read'] });
      expect(minted.status).toBe(201);
      await signIn(page, server, minted.body.key);
      await heading(page, 'Projects').waitFor();
      // Only what this key may do is offered.
      expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'New project' }).count()).toBe(0);

      expect((await server.api(server.adminKey, 'DELETE', `/v1/keys/${minted.body.id}`)).status).toBe(200);
      await page.reload();
      await heading(page, 'Sign in').waitFor();
      expect(await page.getByRole('status').first().textContent()).toContain('no longer accepts this key');
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
    });

    it('opens the organizations page for the root key', async () => {
      await signIn(page, server, server.rootKey);
      await heading(page, 'Organizations').waitFor();
      const row = page.getByRole('row').filter({ hasText: 'default' });
      await row.waitFor();
      expect(await page.getByTestId('whoami').textContent()).toContain('Root key');

      await page.getByRole('button', { name: 'New organization' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'New organization' });
      await dialog.getByLabel('Name').fill('acme');
      await dialog.getByRole('button', { name: 'Create organization' }).click();
      const secret = page.getByRole('dialog', { name: 'Organization “acme” created' });
      const adminKey = await secret.getByTestId('secret-value').inputValue();
      expect(adminKey).toMatch(/^kw_org_/);
      await secret.getByRole('button', { name: 'Done, I have stored it' }).click();
      expect((await server.api(adminKey, 'GET', '/v1/whoami')).body).toMatchObject({ org_name: 'acme' });
      await page.getByRole('row').filter({ hasText: 'acme' }).waitFor();
      await shoot(page, 'orgs');
      // Deep links the root key cannot use land on its own page.
      await page.goto(`${server.url}/audit`);
      await heading(page, 'Organizations').waitFor();
    });

    it('logged no browser errors', () => {
      expect(errors).toEqual([]);
    });
  });
}
