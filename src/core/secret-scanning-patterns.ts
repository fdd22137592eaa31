import { BODY_LENGTH, CHECK_LENGTH } from './key-format.js';

/**
 * The regular expressions of every key format Keyward mints, as secret-scanning programs ask
 * for them (GitHub's partner program: a type name and a regex per token type). They are
 * published in docs/SECRET-SCANNING.md, and a test reads that page back and compares it with
 * this list, so the two cannot drift. A scanner's match still has to pass the format's
 * checksum: a report of a string that matches but fails it is a false positive, answered
 * without a lookup.
 */
export interface KeyPattern {
  /** The token type: the `type` a scanner sends back in its report. */
  readonly type: string;
  /** The regular expression, unanchored (scanners search text with it). */
  readonly regex: string;
  readonly description: string;
}

const BODY = `[0-9A-Za-z]{${BODY_LENGTH}}_[0-9A-Za-z]{${CHECK_LENGTH}}`;

export const KEY_PATTERNS: readonly KeyPattern[] = [
  { type: 'keyward_root_key', regex: `kw_root_${BODY}`, description: 'The instance root key' },
  { type: 'keyward_org_key', regex: `kw_org_${BODY}`, description: 'Org (management) keys' },
  { type: 'keyward_project_key', regex: `kw_proj_${BODY}`, description: 'Project keys under the default prefix' },
  {
    type: 'keyward_project_key_custom_prefix',
    regex: `[a-z][a-z0-9]{1,11}_${BODY}`,
    description: "Project keys under a project's own `key_prefix` (`^[a-z][a-z0-9]{1,11}$`)",
  },
  { type: 'keyward_langtrace_key', regex: '[0-9a-f]{64}', description: 'Langtrace dialect keys: 28 random bytes and their CRC-32, in hex' },
  { type: 'keyward_confident_project_key', regex: 'confident_proj_[0-9a-f]{32}', description: 'Confident dialect project keys' },
  {
    type: 'keyward_confident_project_key_legacy',
    regex: `confident_proj_${BODY}`,
    description: 'Confident project keys minted until 2026-12',
  },
  { type: 'keyward_braintrust_key', regex: `sk-${BODY}`, description: 'Braintrust dialect keys' },
  { type: 'keyward_openlayer_key', regex: `sk-ol-${BODY}`, description: 'Openlayer dialect keys' },
];

const ANCHORED = KEY_PATTERNS.map((p) => new RegExp(`^(?:${p.regex})$`));

/** Whether the whole of `token` has the shape of one of Keyward's formats (its checksum unchecked). */
export const hasKeywardShape = (token: string): boolean => ANCHORED.some((re) => re.test(token));
