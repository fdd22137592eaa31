import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules, checked on every import the TypeScript compiler's own pre-processor
 * finds (`ts.preProcessFile`: import and export declarations, type-only ones included,
 * `import()`, `require()` and triple-slash references), so an import in a comment or a
 * string is never counted and a real one is never missed.
 *
 * - src/core is plain TypeScript: it imports other src/core files (the Store port is there),
 *   `node:*` builtins and the few pure libraries of CORE_LIBRARIES only. Its own tests may also use their test tools.
 * - A dialect (src/http/dialects) maps wire formats onto core calls: it never reaches into
 *   src/store, whose only door is the port.
 * - The dashboard (web/) is a separate app talking HTTP: it imports web/ files and npm
 *   packages, never server code.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const NPM_PACKAGES = new Set([...Object.keys(PACKAGE.dependencies ?? {}), ...Object.keys(PACKAGE.devDependencies ?? {})]);
/** What tests in src/core may use besides core: their runner and property-based inputs. */
const CORE_TEST_TOOLS = new Set(['vitest', 'fast-check']);
/** Pure libraries core may use (no I/O, no framework): IP parsing for allowlists (src/core/ip-allowlist.ts). */
const CORE_LIBRARIES = new Set(['ipaddr.js']);

/** A source file, by its path from the repository root (with `/`), and its text. */
interface Source {
  readonly path: string;
  readonly text: string;
}

/** Every module specifier the file refers to, as the compiler reads them. */
function importsOf(text: string): string[] {
  const found = ts.preProcessFile(text, true, true);
  return [...found.importedFiles, ...found.referencedFiles].map((f) => f.fileName);
}

const isRelative = (spec: string) => spec.startsWith('.') || spec.startsWith('/');
const isBuiltin = (spec: string) => spec.startsWith('node:');
/** `react-dom/client` → `react-dom`; `@vitejs/plugin-react/x` → `@vitejs/plugin-react`. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
/** Where a relative specifier points, from the repository root (`.js` stands for the `.ts` beside it). */
const target = (from: string, spec: string) => posix.normalize(posix.join(posix.dirname(from), spec));
const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

interface Rule {
  readonly applies: (path: string) => boolean;
  /** Why an import is refused, or null when it is allowed. */
  readonly refuse: (path: string, spec: string) => string | null;
}

const RULES: readonly Rule[] = [
  {
    applies: (path) => inside(path, 'src/core'),
    refuse: (path, spec) => {
      if (isBuiltin(spec)) return null;
      if (isRelative(spec)) return inside(target(path, spec), 'src/core') ? null : 'src/core imports only src/core and node:*';
      if (path.endsWith('.test.ts') && CORE_TEST_TOOLS.has(packageOf(spec))) return null;
      if (CORE_LIBRARIES.has(packageOf(spec))) return null;
      return 'src/core imports no packages (only src/core and node:*)';
    },
  },
  {
    applies: (path) => inside(path, 'src/http/dialects'),
    refuse: (path, spec) =>
      isRelative(spec) && inside(target(path, spec), 'src/store')
        ? 'a dialect never imports src/store (use core and the Store port)'
        : null,
  },
  {
    applies: (path) => inside(path, 'web'),
    refuse: (path, spec) => {
      if (isRelative(spec))
        return inside(target(path, spec), 'web') ? null : 'web/ imports only web/ files and npm packages, never server code';
      if (isBuiltin(spec)) return null;
      const name = packageOf(spec);
      if (name === PACKAGE.name) return 'web/ never imports the server package itself';
      return NPM_PACKAGES.has(name) ? null : `web/ imports only npm packages of package.json (not '${name}')`;
    },
  },
];

/** Every broken rule, as `file: 'specifier' (why)`. */
function violations(sources: readonly Source[]): string[] {
  const found: string[] = [];
  for (const source of sources) {
    const rules = RULES.filter((r) => r.applies(source.path));
    if (rules.length === 0) continue;
    for (const spec of importsOf(source.text)) {
      for (const rule of rules) {
        const why = rule.refuse(source.path, spec);
        if (why) found.push(`${source.path}: '${spec}' (${why})`);
      }
    }
  }
  return found;
}

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function readTree(folder: string): Source[] {
  const out: Source[] = [];
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !SOURCE_FILE.test(entry.name)) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(ROOT, full).split(sep).join('/');
    if (path.split('/').includes('node_modules')) continue;
    out.push({ path, text: readFileSync(full, 'utf8') });
  }
  return out;
}

describe('architecture: imports point down', () => {
  const repo = [...readTree('src'), ...readTree('web')];

  it('reads the whole tree (a check over no files would pass anything)', () => {
    expect(repo.filter((s) => inside(s.path, 'src/core')).length).toBeGreaterThan(30);
    expect(repo.filter((s) => inside(s.path, 'src/http/dialects')).length).toBeGreaterThan(10);
    expect(repo.filter((s) => inside(s.path, 'web')).length).toBeGreaterThan(10);
    expect(importsOf(repo.find((s) => s.path === 'src/core/context.ts')!.text)).toContain('./store.js');
  });

  it('src/core imports only src/core and node:*, dialects never import src/store, web/ imports no server code', () => {
    expect(violations(repo)).toEqual([]);
  });
});

describe('architecture: the checker refuses what the rules refuse', () => {
  const check = (path: string, text: string) => violations([{ path, text }]);

  it('refuses src/core importing the store, type-only imports and re-exports included', () => {
    expect(check('src/core/context.ts', "import type { Store } from '../store/store.js';")).toHaveLength(1);
    expect(check('src/core/use-cases/keys.ts', "import { x } from '../../store/kysely/key-queries.js';")).toHaveLength(1);
    expect(check('src/core/types.ts', "export type { KeyFilter } from '../store/store.js';")).toHaveLength(1);
    expect(check('src/core/clock.ts', "const m = await import('../http/app.js');")).toHaveLength(1);
  });

  it('refuses src/core importing a package, and allows node:* and core files', () => {
    expect(check('src/core/hash-secret.ts', "import { sql } from 'kysely';")).toHaveLength(1);
    expect(check('src/core/hash-secret.ts', "import fc from 'fast-check';")).toHaveLength(1);
    expect(check('src/core/hash-secret.ts', "import { createHmac } from 'node:crypto';\nimport type { Store } from './store.js';")).toEqual(
      [],
    );
    expect(check('src/core/roles.test.ts', "import fc from 'fast-check';\nimport { it } from 'vitest';")).toEqual([]);
  });

  it('counts no import written in a comment or a string', () => {
    const text = "// import { x } from '../store/store.js';\n/* import('kysely') */\nconst s = \"from '../store/store.js'\";";
    expect(check('src/core/roles.ts', text)).toEqual([]);
  });

  it('refuses a dialect importing src/store, and allows core', () => {
    expect(check('src/http/dialects/basic/index.ts', "import { openStore } from '../../../store/open-store.js';")).toHaveLength(1);
    expect(
      check('src/http/dialects/shared/all-pages.ts', "import type { KeyFilter } from '../../../store/kysely/tables.js';"),
    ).toHaveLength(1);
    expect(check('src/http/dialects/basic/index.ts', "import type { Store } from '../../../core/store.js';")).toEqual([]);
  });

  it('refuses web/ importing server code or an unlisted package, and allows web/ files and npm packages', () => {
    expect(check('web/src/api/types.ts', "import type { ApiKey } from '../../../src/core/types.js';")).toHaveLength(1);
    expect(check('web/src/app/app.tsx', "import { buildApp } from 'keyward/dist/http/app.js';")).toHaveLength(1);
    expect(check('web/src/app/app.tsx', "import leftPad from 'left-pad';")).toHaveLength(1);
    expect(
      check(
        'web/src/app/app.tsx',
        "import { useState } from 'react';\nimport { createRoot } from 'react-dom/client';\nimport { x } from '../api/client.js';",
      ),
    ).toEqual([]);
  });
});
