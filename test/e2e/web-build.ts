import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_WEB_ROOT } from '../../src/http/web-ui.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds the dashboard from web/ into dist/web, where the server looks for it, exactly as
 * `npm run build:web` does: the browser tests always exercise the current source.
 */
export async function buildDashboard(): Promise<string> {
  await promisify(execFile)(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (!existsSync(`${DEFAULT_WEB_ROOT}/index.html`)) throw new Error(`vite build left no index.html in ${DEFAULT_WEB_ROOT}`);
  return DEFAULT_WEB_ROOT;
}
