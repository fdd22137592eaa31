/**
 * The server's verification answer (src/http/schemas/verification.ts, POST /v1/keys/verify),
 * as the local verifier answers it too. Only `valid` and `code` are always present: an
 * unknown key answers with those two alone.
 */
export type VerifyCode =
  | 'VALID'
  | 'NOT_FOUND'
  | 'MALFORMED'
  | 'REVOKED'
  | 'EXPIRED'
  | 'DISABLED'
  | 'IP_NOT_ALLOWED'
  | 'INSUFFICIENT_ROLES'
  | 'RATE_LIMITED'
  | 'USAGE_EXCEEDED';

export interface Verification {
  readonly valid: boolean;
  readonly code: VerifyCode;
  readonly key_id?: string;
  readonly org_id?: string;
  readonly project_id?: string | null;
  readonly name?: string;
  readonly roles?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly expires_at?: string | null;
  readonly owner_id?: string | null;
  readonly rate_limit?: { readonly limit: number; readonly remaining: number; readonly reset_at: string } | null;
  readonly credits?: { readonly remaining: number; readonly refill_at: string | null } | null;
}
