import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`; .ci/run installs it). Never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests can run. Off on a machine without chromium (a fresh clone's
 * `npm test` stays green, and the global setup prints why); in CI a missing browser is an
 * error instead, so CI can never quietly skip the dashboard.
 */
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

if (process.env['CI'] && !HAS_CHROMIUM) {
  throw new Error(`CI is set but ${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium)`);
}

export async function launchChromium(): Promise<Browser> {
  if (!HAS_CHROMIUM) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
