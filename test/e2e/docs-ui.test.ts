import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { HAS_CHROMIUM, launchChromium } from './browser.js';
import { startTestServer, type TestServer } from './web-server.js';

/**
 * /docs shares its origin with the dashboard (and the admin key it keeps in sessionStorage),
 * so it carries the dashboard's security headers and a strict CSP (issue 17, item 6). The
 * policy must not break the UI: it renders its operation list in Chromium with no CSP
 * violation, and cannot be framed. The docs do not touch the database: one engine is enough.
 */
let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  [browser, server] = await Promise.all([launchChromium(), startTestServer(ENGINES[0]!)]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** CSP violations as the page reports them, and every console error or page error. */
async function watch(page: Page): Promise<{ violations: string[]; errors: string[] }> {
  const seen = { violations: [] as string[], errors: [] as string[] };
  await page.exposeFunction('reportViolation', (v: string) => seen.violations.push(v));
  // Runs in the page (a string: this project's TypeScript has no DOM types).
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI));",
  });
  page.on('pageerror', (err) => seen.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.errors.push(`console: ${msg.text()}`);
  });
  return seen;
}

describe.runIf(HAS_CHROMIUM)('the API docs at /docs', { timeout: 60_000 }, () => {
  it('send the dashboard’s security headers on the page, its assets and the documents', async () => {
    for (const path of [
      '/docs',
      '/docs/',
      '/docs/static/swagger-ui-bundle.js',
      '/docs/static/swagger-ui.css',
      '/docs/json',
      '/openapi.json',
    ]) {
      const res = await fetch(server.url + path, { redirect: 'manual' });
      expect(res.status, path).toBeLessThan(400);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
      await res.arrayBuffer();
    }
  });

  it('render the operation list in Chromium with no CSP violation or console error', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = await watch(page);
    const res = await page.goto(`${server.url}/docs/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    await expect(page.locator('.opblock-summary-path', { hasText: '/v1/keys/verify' }).count()).resolves.toBeGreaterThan(0);
    // Open one operation: its details render too (more of the UI's code runs).
    await page.locator('.opblock-summary', { hasText: '/v1/keys/verify' }).first().click();
    await page.locator('.opblock-body').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(seen).toEqual({ violations: [], errors: [] });
    await context.close();
  });

  it('cannot be framed by another page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(`<iframe id="f" src="${server.url}/docs/" width="800" height="600"></iframe>`);
    const frame = await (await page.$('#f'))!.contentFrame();
    await page.waitForTimeout(0);
    await frame!.waitForLoadState();
    expect(await frame!.locator('#swagger-ui').count()).toBe(0);
    await context.close();
  });
});
