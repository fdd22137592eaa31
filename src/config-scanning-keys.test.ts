import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const doc = (key: string) => JSON.stringify({ public_keys: [{ key_identifier: 'k1', key, is_current: true }] });

describe('KEYWARD_SECRET_SCANNING_KEYS', () => {
  it('is empty when unset, and reads the document inline or from a file', () => {
    expect(loadConfig({}).secretScanningKeys).toEqual([]);
    expect(loadConfig({}).leakReportsPerMinute).toBe(60);
    expect(loadConfig({ KEYWARD_SECRET_SCANNING_KEYS: doc(ec) }).secretScanningKeys).toMatchObject([
      { keyIdentifier: 'k1', isCurrent: true },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'keyward-scanning-'));
    try {
      const file = join(dir, 'keys.json');
      writeFileSync(file, doc(ec));
      expect(loadConfig({ KEYWARD_SECRET_SCANNING_KEYS: file }).secretScanningKeys).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails start-up naming the variable and the fault for a bad document', () => {
    const cases: Array<[string, RegExp]> = [
      ['{not json', /KEYWARD_SECRET_SCANNING_KEYS: is not valid JSON/],
      ['{"public_keys": []}', /non-empty "public_keys"/],
      [JSON.stringify({ public_keys: [{ key: ec }] }), /public_keys\[0\]\.key_identifier/],
      [doc('not a pem'), /public_keys\[0\]\.key: is not a PEM public key/],
      [doc(rsa), /public_keys\[0\]\.key: must be an ECDSA/],
      ['/no/such/file.json', /cannot read the file/],
    ];
    for (const [value, message] of cases) {
      expect(() => loadConfig({ KEYWARD_SECRET_SCANNING_KEYS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ KEYWARD_SECRET_SCANNING_KEYS: value })).toThrow(message);
    }
  });
});
