import { formatDateTime, formatRelative } from '../format.js';

/** "3 hours ago", with the exact local time on hover and in the markup. */
export function Timestamp({ iso, empty = '—' }: { readonly iso: string | null; readonly empty?: string }) {
  if (!iso) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}
