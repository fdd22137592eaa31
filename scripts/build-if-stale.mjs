#!/usr/bin/env node
/**
 * `npm start`'s prestart: runs `npm run build` only when the build is missing or older than
 * what it is built from, so a start after `npm ci` (whose `prepare` builds) or after an
 * earlier start serves at once instead of spending seconds on tsc and vite every time.
 * Prints one line saying why when it builds, nothing when the build is current.
 *
 * Compared by modification time: the newest source file against the oldest build output
 * (tsc and vite rewrite every output on each build). Plain Node, no dependency: it runs
 * before anything of the project is built.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What the build reads: the server's, the client package's and dashboard's sources, their configs and the package manifest. */
const SOURCE_DIRS = ['src', 'web', 'packages/client/src'];
const SOURCE_FILES = ['package.json', ...readdirSync(ROOT).filter((name) => /^tsconfig.*\.json$/.test(name))];
/** Files under SOURCE_DIRS the build leaves out: tests change nothing in dist/. */
const IGNORED = /(^|\/)node_modules(\/|$)|\.test\.tsx?$/;

/** One file from each build step: the client package and the CLI (tsc), and the dashboard (vite). */
const OUTPUTS = ['packages/client/dist/index.js', 'dist/cli/main.js', 'dist/web/index.html'];

const mtime = (path) => statSync(join(ROOT, path), { throwIfNoEntry: false })?.mtimeMs;

/** The most recently modified file under `dir` (relative to ROOT), or null for an empty or missing folder. */
function newestUnder(dir) {
  let newest = null;
  let entries;
  try {
    entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return null;
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (IGNORED.test(path)) continue;
    const candidate = entry.isDirectory() ? newestUnder(path) : entry.isFile() ? { path, at: mtime(path) ?? 0 } : null;
    if (candidate && (!newest || candidate.at > newest.at)) newest = candidate;
  }
  return newest;
}

function reasonToBuild() {
  const missing = OUTPUTS.find((path) => mtime(path) === undefined);
  if (missing) return `no build yet (${missing} is missing)`;
  const builtAt = Math.min(...OUTPUTS.map((path) => mtime(path) ?? 0));
  const sources = [...SOURCE_DIRS.map(newestUnder), ...SOURCE_FILES.map((path) => ({ path, at: mtime(path) ?? 0 }))];
  const newest = sources.reduce((a, b) => (b && (!a || b.at > a.at) ? b : a), null);
  if (newest && newest.at > builtAt) return `${newest.path} changed after the last build`;
  return null;
}

const reason = reasonToBuild();
if (reason) {
  console.log(`keyward: building, ${reason}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = build.status ?? 1;
}
