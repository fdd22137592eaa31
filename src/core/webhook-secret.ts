import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets. Standard Webhooks signs with HMAC-SHA256 under the secret
 * itself, so Keyward must be able to read it back: it is stored sealed (AES-256-GCM, the
 * webhook's id as associated data, so a sealed secret moved to another row does not open),
 * under a key derived (HKDF) from a random secret of the database's own
 * (`Store.webhookSealingSecret`, migration 0010), like list cursors (pagination.ts). The raw
 * secret is shown once, in the answer that made it; never logged.
 */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretSealer {
  readonly #key: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.length < 32) throw new Error('the webhook sealing secret must hold at least 32 bytes');
    this.#key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'keyward webhook secret v1', 32));
  }

  seal(webhookId: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(webhookId, 'utf8'));
    return Buffer.concat([iv, cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64url');
  }

  open(webhookId: string, sealed: string): string {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(webhookId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
