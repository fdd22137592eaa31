import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { HAS_CHROMIUM, launchChromium } from './browser.js';
import { LAPTOP } from './screenshots.js';
import { buildDashboard } from './web-build.js';
import { startTestServer, type TestServer } from './web-server.js';

/**
 * Issue 16 in the dashboard, lean: a person pastes a JSON file of keys into the project's
 * Import dialog and reads each item's result; the imported key verifies through the API. On
 * the org keys page, the leak policy is changed and read back.
 */
const engine = ENGINES[0]!;
let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  const [, launched, started] = await Promise.all([buildDashboard(), launchChromium(), startTestServer(engine)]);
  browser = launched;
  server = started;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.runIf(HAS_CHROMIUM)(`import dialog and leak policy (${engine.name})`, { timeout: 60_000 }, () => {
  it('imports pasted keys with per-item results, and saves the leak policy', async () => {
    const context = await browser.newContext({ viewport: LAPTOP });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    const project = await server.api(server.adminKey, 'POST', '/v1/projects', { name: 'Migrated' });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('API key').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.goto(`${server.url}/projects/${project.body.id}`);
    await page.getByRole('heading', { level: 1, name: 'Migrated' }).waitFor();

    const raw = 'sk_live_e2e_import_0123456789abcdef';
    await page.getByRole('button', { name: 'Import keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import keys' });
    await dialog.getByLabel('Or paste JSON').fill(JSON.stringify([{ name: 'legacy-prod', key: raw }, { name: 'no secret' }]));
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('1 imported, 1 refused.').waitFor();
    expect(await dialog.textContent()).toContain('VALIDATION');
    expect(await dialog.textContent()).not.toContain(raw);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'legacy-prod' }).first().waitFor();
    const verified = await server.api(server.adminKey, 'POST', '/v1/keys/verify', { key: raw });
    expect(verified.body).toMatchObject({ valid: true, code: 'VALID' });

    await page.goto(`${server.url}/org-keys`);
    await page.getByRole('heading', { name: 'Leaked keys' }).waitFor();
    await page.getByLabel(/Disable/).check();
    await page.getByRole('button', { name: 'Save leak policy' }).click();
    await page.getByText('Leak policy set to “disable”.').waitFor();
    expect((await server.api(server.adminKey, 'GET', '/v1/org')).body).toMatchObject({ leak_policy: 'disable' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
