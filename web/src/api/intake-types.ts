/**
 * Wire types of the issue-16 calls the dashboard makes (org settings, key import), written out
 * here because openapi.d.ts is regenerated once at merge: then they can be taken from it like
 * types.ts's, e.g. `Json<'/v1/org', 'get', 200>`.
 */
export type LeakPolicy = 'revoke' | 'disable' | 'notify';

export interface OrgSettings {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly leak_policy: LeakPolicy;
}

export interface ImportItemError {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

export type ImportItemResult =
  { readonly index: number; readonly id: string } | { readonly index: number; readonly error: ImportItemError };

export interface ImportAnswer {
  readonly data: readonly ImportItemResult[];
  readonly created: number;
  readonly failed: number;
}
