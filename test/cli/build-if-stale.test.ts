import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * `npm start`'s prestart script, run as a process in a copy of the repo's layout with an
 * `npm` on PATH that only records that it was asked to build (a real build takes seconds).
 * File times are set explicitly, so "older" and "newer" never depend on timing.
 */
const SCRIPT = fileURLToPath(new URL('../../scripts/build-if-stale.mjs', import.meta.url));
const T_SOURCES = new Date('2030-01-01T00:00:00Z');
const T_BUILD = new Date('2030-01-02T00:00:00Z');
const T_LATER = new Date('2030-01-03T00:00:00Z');

let root: string;

function file(path: string, at: Date, text = ''): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  utimesSync(full, at, at);
}

/** Runs the script; `built` tells whether it called `npm run build`. */
function prestart(npmExit = 0): { code: number | null; stdout: string; built: boolean } {
  const bin = join(root, 'fake-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "$@" > "${join(root, 'npm-called')}"\nexit ${npmExit}\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  const run = spawnSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs')], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
  });
  const built = existsSync(join(root, 'npm-called'));
  if (built) expect(readFileSync(join(root, 'npm-called'), 'utf8')).toBe('run build --silent\n');
  return { code: run.status, stdout: run.stdout, built };
}

describe.skipIf(process.platform === 'win32')('npm start builds only when the build is stale', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'keyward-prestart-'));
    mkdirSync(join(root, 'scripts'));
    copyFileSync(SCRIPT, join(root, 'scripts/build-if-stale.mjs'));
    for (const path of [
      'package.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'src/cli/main.ts',
      'web/src/app.tsx',
      'web/vite.config.ts',
      'packages/client/src/index.ts',
    ]) {
      file(path, T_SOURCES);
    }
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const build = (at = T_BUILD): void => {
    file('packages/client/dist/index.js', at);
    file('dist/cli/main.js', at);
    file('dist/web/index.html', at);
  };

  it('builds when there is no build yet, saying so in one line', () => {
    const { code, stdout, built } = prestart();
    expect(stdout).toBe('keyward: building, no build yet (packages/client/dist/index.js is missing)\n');
    expect(built).toBe(true);
    expect(code).toBe(0);
  });

  it('does nothing, silently, when the build is newer than every source', () => {
    build();
    expect(prestart()).toEqual({ code: 0, stdout: '', built: false });
  });

  it.each([
    'src/cli/main.ts',
    'packages/client/src/index.ts',
    'web/src/app.tsx',
    'web/vite.config.ts',
    'tsconfig.build.json',
    'package.json',
  ])('builds when %s changed after the build', (path) => {
    build();
    file(path, T_LATER);
    const { stdout, built } = prestart();
    expect(stdout).toBe(`keyward: building, ${path} changed after the last build\n`);
    expect(built).toBe(true);
  });

  it('builds when only one of the two build steps is current (the dashboard is older)', () => {
    build();
    file('dist/web/index.html', T_SOURCES);
    file('src/core/x.ts', new Date('2030-01-01T12:00:00Z'));
    expect(prestart().built).toBe(true);
  });

  it('ignores tests and node_modules, which the build does not read', () => {
    build();
    file('src/core/key-format.test.ts', T_LATER);
    file('web/node_modules/x/index.js', T_LATER);
    expect(prestart().built).toBe(false);
  });

  it('fails the start when the build fails', () => {
    expect(prestart(3).code).toBe(3);
  });
});
