import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { encodeBase62 } from './base62.js';
import { BODY_LENGTH, CHECK_LENGTH, checksumOf, MAX_RAW_KEY_LENGTH } from './key-format.js';
import type { KeyFormat } from './key-formats.js';

/**
 * The key formats of the /compat dialects (DIALECTS.md, "Key bodies"). Each keeps a
 * checksum, so `verifyKey` and `authenticateKey` refuse a corrupted or invented key
 * before any lookup, as they do for Keyward's own keys. Each format's `preview` is the
 * platform's own mask, so the key looks the same wherever Keyward lists it.
 */

/**
 * `<leader><43 base62>_<6 base62>`: Keyward's body behind a platform's own leader
 * (`sk-`, `sk-ol-`, `confident_proj_`); the CRC32 covers everything before the check.
 * Keyward's native format puts a `_` after its prefix; these platforms write `-` or
 * nothing more, so the leader is taken whole.
 */
function leaderKeyFormat(name: string, leader: string, preview: (raw: string) => string): KeyFormat {
  const escaped = leader.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const pattern = new RegExp(`^${escaped}([0-9A-Za-z]{${BODY_LENGTH}})_([0-9A-Za-z]{${CHECK_LENGTH}})$`);
  return {
    name,
    mint() {
      const payload = `${leader}${encodeBase62(randomBytes(32), BODY_LENGTH)}`;
      return `${payload}_${checksumOf(payload)}`;
    },
    isWellFormed(raw) {
      if (raw.length > MAX_RAW_KEY_LENGTH) return false;
      const m = pattern.exec(raw);
      return m !== null && checksumOf(`${leader}${m[1]}`) === m[2];
    },
    preview,
  };
}

/** Langtrace keys are 64 lowercase hex characters: 28 CSPRNG bytes, then their CRC32 (4 bytes, big-endian). */
const HEX_SECRET_BYTES = 28;
const HEX_KEY = /^[0-9a-f]{64}$/;

function hexCrc(secret: Uint8Array): Buffer {
  const check = Buffer.alloc(4);
  check.writeUInt32BE(crc32(secret) >>> 0);
  return check;
}

export const LANGTRACE_KEY_FORMAT: KeyFormat = {
  name: 'langtrace:hex',
  mint() {
    const secret = randomBytes(HEX_SECRET_BYTES);
    return Buffer.concat([secret, hexCrc(secret)]).toString('hex');
  },
  isWellFormed(raw) {
    if (!HEX_KEY.test(raw)) return false;
    const bytes = Buffer.from(raw, 'hex');
    return hexCrc(bytes.subarray(0, HEX_SECRET_BYTES)).equals(bytes.subarray(HEX_SECRET_BYTES));
  },
  // No prefix to show: only the last four characters (which are checksum, not secret).
  preview: (raw) => `…${raw.slice(-4)}`,
};

/** Confident shows 15 asterisks and the last six characters, always 21 characters. */
export const CONFIDENT_PROJECT_KEY_FORMAT = leaderKeyFormat(
  'confident:project',
  'confident_proj_',
  (raw) => `${'*'.repeat(15)}${raw.slice(-6)}`,
);

/** Braintrust's `preview_name`: `sk-****` and the last four characters. */
export const BRAINTRUST_KEY_FORMAT = leaderKeyFormat('braintrust', 'sk-', (raw) => `sk-****${raw.slice(-4)}`);

/** Openlayer's masked `secureKey`, e.g. `sk-ol-*************************5PW0`. */
export const OPENLAYER_KEY_FORMAT = leaderKeyFormat('openlayer', 'sk-ol-', (raw) => `sk-ol-${'*'.repeat(25)}${raw.slice(-4)}`);

/** Every dialect format: `Deps.extraKeyFormats`, so native verification and auth accept these keys. */
export const DIALECT_KEY_FORMATS: readonly KeyFormat[] = [
  LANGTRACE_KEY_FORMAT,
  CONFIDENT_PROJECT_KEY_FORMAT,
  BRAINTRUST_KEY_FORMAT,
  OPENLAYER_KEY_FORMAT,
];
