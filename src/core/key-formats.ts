import { isWellFormedKeyward, mintKeyward, previewKeyward } from './key-format.js';

/**
 * A way of writing keys. Keyward's own format is one; a dialect whose platform
 * uses another shape (e.g. Langtrace's 64 hex characters) registers its own, with
 * its own checksum, so that `verifyKey` can still refuse a corrupted key before
 * touching the database.
 */
export interface KeyFormat {
  readonly name: string;
  mint(): string;
  /** Shape and checksum only; says nothing about whether the key exists. */
  isWellFormed(raw: string): boolean;
  /** The masked form shown wherever the key is listed. */
  preview(raw: string): string;
}

export function keywardFormat(prefix: string): KeyFormat {
  return {
    name: `keyward:${prefix}`,
    mint: () => mintKeyward(prefix),
    isWellFormed: isWellFormedKeyward,
    preview: previewKeyward,
  };
}

export const ROOT_KEY_FORMAT = keywardFormat('kw_root');
export const ORG_KEY_FORMAT = keywardFormat('kw_org');
export const PROJECT_KEY_FORMAT = keywardFormat('kw_proj');

/** True when any known format accepts the key. Formats other than Keyward's are added by dialects. */
export function isWellFormedKey(raw: string, extraFormats: readonly KeyFormat[] = []): boolean {
  if (isWellFormedKeyward(raw)) return true;
  return extraFormats.some((f) => f.isWellFormed(raw));
}
