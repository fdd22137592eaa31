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
 * (`sk-`, `sk-ol-`, and `confident_proj_` until 2026-12); the CRC32 covers everything before the check.
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
const confidentMask = (raw: string): string => `${'*'.repeat(15)}${raw.slice(-6)}`;

/**
 * The Confident project keys Keyward minted until 2026-12: `confident_proj_<43 base62>_<6 base62>`.
 * No longer minted, still recognised, so keys already handed out keep working.
 */
export const LEGACY_CONFIDENT_PROJECT_KEY_FORMAT = leaderKeyFormat('confident:project:v1', 'confident_proj_', confidentMask);

const CONFIDENT_LEADER = 'confident_proj_';
/**
 * 12 CSPRNG bytes: 96 bits. Keys are only ever tested online, one guess per request, against
 * a SHA-256 (or HMAC) of the whole key, and a guess must hit one of the live keys: with a
 * million of them, 10^12 guesses succeed with odds of about 10^-11. Offline, a stolen hash
 * would take ~2^95 hashes to reverse. That is the floor we accept for matching the platform's
 * look; Keyward's own keys keep 256 bits.
 */
const CONFIDENT_RANDOM_BYTES = 12;
const CONFIDENT_KEY = /^confident_proj_([0-9a-f]{24})([0-9a-f]{8})$/;

const crc32Hex = (payload: string): string => (crc32(Buffer.from(payload, 'utf8')) >>> 0).toString(16).padStart(8, '0');

/**
 * Confident AI's project keys as its page shows them (`confident_proj_` + 32 lowercase hex,
 * e.g. `confident_proj_9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d`), so a client or a secret scanner that
 * expects that shape accepts ours: 24 hex of randomness (96 bits), then the CRC-32 of everything
 * before it as 8 hex. Keys of the legacy format still pass, each under its own checksum.
 */
export const CONFIDENT_PROJECT_KEY_FORMAT: KeyFormat = {
  name: 'confident:project',
  mint() {
    const payload = `${CONFIDENT_LEADER}${randomBytes(CONFIDENT_RANDOM_BYTES).toString('hex')}`;
    return `${payload}${crc32Hex(payload)}`;
  },
  isWellFormed(raw) {
    const m = CONFIDENT_KEY.exec(raw);
    if (m === null) return LEGACY_CONFIDENT_PROJECT_KEY_FORMAT.isWellFormed(raw);
    return crc32Hex(`${CONFIDENT_LEADER}${m[1]}`) === m[2];
  },
  preview: confidentMask,
};

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
