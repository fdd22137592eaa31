import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where the tests leave their screenshots (gitignored with the rest of test-results/). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** Resolves after the next two frames (layout settled); a page expression, run in the browser. */
const NEXT_FRAME = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';

export const LAPTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * Photographs the page as it stands at laptop and phone widths (full page), then puts the
 * laptop size back. Layout only: no assertion depends on the pictures.
 */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}-1280x800.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  // Let the chart and other width-aware parts re-measure.
  await page.evaluate(NEXT_FRAME);
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}-390x844.png`, fullPage: true });
  await page.setViewportSize(LAPTOP);
  await page.evaluate(NEXT_FRAME);
}
