import { isoNow } from '../clock.js';
import type { Deps } from '../context.js';
import { uuidV7 } from '../uuid-v7.js';
import { SYSTEM_ACTOR } from '../webhooks.js';

/**
 * Queues `key.expired` for keys whose expiry has passed, when it passes rather than when
 * someone next looks at the key: run periodically by every instance's webhook loop. Each
 * key is claimed once (Store.claimExpiredKeys: a conditional update), so with several
 * instances only one queues it; the claim and the queued deliveries share a transaction.
 * Returns how many keys it announced (at most `limit`; call again while it returns `limit`).
 */
export async function announceExpiredKeys(deps: Pick<Deps, 'store' | 'clock'>, limit = 100): Promise<number> {
  const now = isoNow(deps.clock);
  return deps.store.transaction(async (tx) => {
    const keys = await tx.claimExpiredKeys(now, limit);
    for (const key of keys) {
      // A key revoked before it expired never expired for anyone; root keys have no org.
      if (key.orgId === null || (key.revokedAt !== null && key.revokedAt <= key.expiresAt)) continue;
      await tx.enqueueWebhookEvent({
        id: uuidV7(),
        orgId: key.orgId,
        type: 'key.expired',
        actor: SYSTEM_ACTOR,
        target: { type: 'key', id: key.id },
        occurredAt: key.expiresAt,
      });
    }
    return keys.length;
  });
}
