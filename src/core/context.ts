import type { AbuseGuard } from './abuse-guard.js';
import type { Clock } from './clock.js';
import type { SecretHasher } from './hash-secret.js';
import type { KeyAlerts } from './key-alerts.js';
import type { KeyFormat } from './key-formats.js';
import type { ImportedKeyIndex } from './imported-keys.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Actor, KeyOwner } from './types.js';
import type { UsageRecorder } from './usage-recorder.js';
import type { UserTokenVerifier } from './user-principal.js';
import type { Store } from './store.js';
import type { WebhookTargetPolicy } from './webhook-url.js';

/**
 * What use cases are given. Each use case takes the narrowest slice it needs
 * (`Pick<Deps, 'store' | 'clock'>`), so its dependencies are visible in its signature.
 */
export interface Deps {
  readonly store: Store;
  readonly clock: Clock;
  readonly hash: SecretHasher;
  readonly rateLimiter: RateLimiter;
  readonly usage: UsageRecorder;
  /** Key formats other than Keyward's own that `verifyKey` accepts (dialects add theirs). */
  readonly extraKeyFormats: readonly KeyFormat[];
  /** Checks user tokens (JWTs) where a dialect accepts them; absent or null when none is configured. */
  readonly userTokens?: UserTokenVerifier | null;
  /** Per-client limits on failed authentication and management calls; absent or null: none. */
  readonly abuse?: AbuseGuard | null;
  /** Which webhook URLs may be called (private targets refused unless allowed); absent: any http(s) URL. */
  readonly webhookTargets?: WebhookTargetPolicy | null;
  /** Which strings in no known format may be imported keys (imported-keys.ts); absent or null: none are looked up. */
  readonly importedKeys?: ImportedKeyIndex | null;
  /** Queues `key.rate_limited` / `key.credits_low` webhook events off the verification path (key-alerts.ts); absent or null: none. */
  readonly keyAlerts?: KeyAlerts | null;
}

/** The authenticated caller of a management call. */
export interface Principal {
  readonly kind: 'root' | 'org';
  /** Null for the root key. */
  readonly orgId: string | null;
  readonly roles: readonly string[];
  readonly actor: Actor;
  /** The key used, when a key (not a JWT user) made the call. */
  readonly keyId: string | null;
  /** Set when a JWT user made the call; becomes the owner of keys it mints. */
  readonly user: KeyOwner | null;
}

/** A principal that acts inside an org. */
export type OrgPrincipal = Principal & { readonly kind: 'org'; readonly orgId: string };

/** Who is asking, and the request facts the audit log records. */
export interface CallContext<P extends Principal = OrgPrincipal> {
  readonly principal: P;
  readonly requestId: string | null;
  readonly ip: string | null;
}
