import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { HAS_CHROMIUM, launchChromium } from './browser.js';
import { LAPTOP } from './screenshots.js';
import { buildDashboard } from './web-build.js';
import { startTestServer, type TestServer } from './web-server.js';

/**
 * The Webhooks page in a real browser: an admin adds an endpoint, copies its secret from the
 * one-time dialog, sees a key's creation delivered (signed with that secret) and redelivers it.
 */
describe.runIf(HAS_CHROMIUM)('webhooks page', { timeout: 90_000 }, () => {
  let browser: Browser;
  let server: TestServer;
  let receiver: WebhookReceiver;
  let page: Page;

  beforeAll(async () => {
    const [, launched, started, rec] = await Promise.all([
      buildDashboard(),
      launchChromium(),
      startTestServer(ENGINES[0]!, { webhooks: true }),
      WebhookReceiver.start(),
    ]);
    [browser, server, receiver] = [launched, started, rec];
    page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
  });

  it('adds an endpoint, shows its secret once, lists a signed delivery and redelivers it', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('API key').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();

    await page.getByRole('button', { name: 'New webhook' }).click();
    await page.getByLabel('URL').fill(receiver.url('page'));
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();

    const project = await server.api(server.adminKey, 'POST', '/v1/projects', { name: 'hooked' });
    await server.api(server.adminKey, 'POST', `/v1/projects/${project.body.id}/keys`, { name: 'k' });
    const [got] = await receiver.waitFor('page', 1);
    expect(WebhookReceiver.verify(secret, got!)['type']).toBe('key.created');

    await page.getByRole('button', { name: 'Deliveries' }).click();
    const table = page.getByRole('table', { name: `Deliveries to ${receiver.url('page')}` });
    // The loop records the answer just after the receiver got it: refresh until the row says so.
    while (
      !(await table
        .getByText('delivered')
        .isVisible()
        .catch(() => false))
    ) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(100);
    }
    await expect(table.getByText('key.created').isVisible()).resolves.toBe(true);
    await table.getByRole('button', { name: 'Redeliver' }).click();
    await receiver.waitFor('page', 2);
  });
});
