import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mintKeyward } from '../../src/core/key-format.js';
import {
  BRAINTRUST_KEY_FORMAT,
  CONFIDENT_PROJECT_KEY_FORMAT,
  LANGTRACE_KEY_FORMAT,
  LEGACY_CONFIDENT_PROJECT_KEY_FORMAT,
  OPENLAYER_KEY_FORMAT,
} from '../../src/core/dialect-key-formats.js';
import { KEY_PATTERNS } from '../../src/core/secret-scanning-patterns.js';

/** The token-pattern table of docs/SECRET-SCANNING.md: `| \`type\` | \`regex\` | what |` rows. */
function documentedPatterns(): Array<{ type: string; regex: string }> {
  const doc = readFileSync(new URL('../../docs/SECRET-SCANNING.md', import.meta.url), 'utf8');
  return [...doc.matchAll(/^\| `([a-z_]+)` \| `([^`]+)` \|/gm)].map((m) => ({ type: m[1]!, regex: m[2]! }));
}

/** A freshly minted key of each type. */
const MINTERS: Record<string, () => string> = {
  keyward_root_key: () => mintKeyward('kw_root'),
  keyward_org_key: () => mintKeyward('kw_org'),
  keyward_project_key: () => mintKeyward('kw_proj'),
  keyward_project_key_custom_prefix: () => mintKeyward('acme'),
  keyward_langtrace_key: () => LANGTRACE_KEY_FORMAT.mint(),
  keyward_confident_project_key: () => CONFIDENT_PROJECT_KEY_FORMAT.mint(),
  keyward_confident_project_key_legacy: () => LEGACY_CONFIDENT_PROJECT_KEY_FORMAT.mint(),
  keyward_braintrust_key: () => BRAINTRUST_KEY_FORMAT.mint(),
  keyward_openlayer_key: () => OPENLAYER_KEY_FORMAT.mint(),
};

describe('docs/SECRET-SCANNING.md token patterns', () => {
  it('publishes exactly the patterns the code recognises, type by type', () => {
    expect(documentedPatterns()).toEqual(KEY_PATTERNS.map((p) => ({ type: p.type, regex: p.regex })));
  });

  it('has a regex for every format Keyward mints, and each matches its minted keys whole, also inside text', () => {
    expect(Object.keys(MINTERS).sort()).toEqual(KEY_PATTERNS.map((p) => p.type).sort());
    for (const pattern of KEY_PATTERNS) {
      const whole = new RegExp(`^(?:${pattern.regex})$`);
      const inText = new RegExp(pattern.regex);
      for (let i = 0; i < 200; i++) {
        const key = MINTERS[pattern.type]!();
        expect({ type: pattern.type, key, whole: whole.test(key) }).toEqual({ type: pattern.type, key, whole: true });
        expect(inText.exec(`API_KEY="${key}"\n`)?.[0]).toBe(key);
      }
    }
  });

  it('matches the prefixes projects may choose, from 2 to 12 characters', () => {
    const custom = new RegExp(`^(?:${KEY_PATTERNS.find((p) => p.type === 'keyward_project_key_custom_prefix')!.regex})$`);
    for (const prefix of ['ab', 'acme', 'a1b2c3d4e5f6']) expect(custom.test(mintKeyward(prefix))).toBe(true);
  });
});
