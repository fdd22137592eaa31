import type { Key } from '../api/types.js';
import { formatDateTime } from '../format.js';
import { STATUS_LABELS, isInGrace, keyStatus } from './key-status.js';

/** A word, not only a colour, so the status reads the same to everyone. */
export function StatusBadge({ apiKey }: { readonly apiKey: Pick<Key, 'enabled' | 'expires_at' | 'revoked_at'> }) {
  const status = keyStatus(apiKey);
  const grace = status === 'active' && isInGrace(apiKey);
  return (
    <span
      className={`badge badge-${status}`}
      title={grace && apiKey.revoked_at ? `Rolled: stops working ${formatDateTime(apiKey.revoked_at)}` : undefined}
    >
      {STATUS_LABELS[status]}
      {grace ? ' · rolling' : ''}
    </span>
  );
}
