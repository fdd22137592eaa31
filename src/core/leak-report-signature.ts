import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * Signed leak reports (GitHub's secret scanning partner program): the body is signed with
 * ECDSA P-256 over SHA-256, the signature sent base64 (DER) in `Github-Public-Key-Signature`,
 * the signing key named in `Github-Public-Key-Identifier`. The operator configures the public
 * keys (KEYWARD_SECRET_SCANNING_KEYS) in the shape GitHub publishes them at
 * api.github.com/meta/public_keys/secret_scanning; Keyward fetches nothing.
 */
export interface ScanningKey {
  readonly keyIdentifier: string;
  readonly key: KeyObject;
  readonly isCurrent: boolean;
}

/** Parses `{"public_keys": [{"key_identifier", "key" (PEM), "is_current"}]}`; throws an Error saying what is wrong. */
export function parseScanningKeys(text: string): readonly ScanningKey[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON');
  }
  const list = (doc as { public_keys?: unknown } | null)?.public_keys;
  if (!Array.isArray(list) || list.length === 0) throw new Error('must hold a non-empty "public_keys" list');
  return list.map((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e['key_identifier'] !== 'string' || e['key_identifier'] === '')
      throw new Error(`public_keys[${i}].key_identifier: must be a non-empty string`);
    if (typeof e['key'] !== 'string') throw new Error(`public_keys[${i}].key: must be a PEM public key`);
    let key: KeyObject;
    try {
      key = createPublicKey(e['key']);
    } catch {
      throw new Error(`public_keys[${i}].key: is not a PEM public key`);
    }
    if (key.asymmetricKeyType !== 'ec') throw new Error(`public_keys[${i}].key: must be an ECDSA (P-256) key`);
    return { keyIdentifier: e['key_identifier'], key, isCurrent: e['is_current'] !== false };
  });
}

/** Whether `signature` (base64 DER) over the exact `body` bytes verifies under the key named `keyIdentifier`. */
export function isSignedReport(
  keys: readonly ScanningKey[],
  keyIdentifier: string | undefined,
  signature: string | undefined,
  body: Buffer,
): boolean {
  if (!keyIdentifier || !signature) return false;
  const known = keys.find((k) => k.keyIdentifier === keyIdentifier);
  if (!known) return false;
  try {
    return verify('sha256', body, { key: known.key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
