import { useId, useState } from 'react';
import type { UsageRow } from '../api/types.js';
import { formatNumber } from '../format.js';
import { useApi } from '../hooks/use-api.js';
import { EmptyState } from './empty-state.js';
import { ErrorMessage } from './error-message.js';
import { Loading } from './loading.js';
import { UsageChart, totalsByCode } from './usage-chart.js';

const PERIODS = [7, 30, 90] as const;

/** A usage section: the period picker, the chart, and the outcomes behind "invalid". */
export function UsagePanel({ label, load }: { readonly label: string; readonly load: (days: number) => Promise<{ data: UsageRow[] }> }) {
  const [days, setDays] = useState<number>(30);
  const usage = useApi(() => load(days), [days, label]);
  const selectId = useId();
  const rows = usage.data?.data ?? [];
  const byCode = totalsByCode(rows);

  return (
    <section className="card" aria-labelledby={`${selectId}-title`}>
      <div className="card-header">
        <h2 id={`${selectId}-title`}>Verifications per day</h2>
        <div className="inline-field">
          <label htmlFor={selectId}>Period</label>
          <select id={selectId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                Last {p} days
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={usage.error} context="Could not load usage" />
      {usage.loading && !usage.data ? (
        <Loading what="usage" />
      ) : rows.length === 0 && !usage.error ? (
        <EmptyState title={`No verifications in the last ${days} days`}>
          Counts appear here a few seconds after your backend checks a key with <code>POST /v1/keys/verify</code>. Days are UTC.
        </EmptyState>
      ) : usage.data ? (
        <>
          <UsageChart rows={rows} days={days} label={label} />
          {byCode.length > 0 && (
            <ul className="code-totals" aria-label="Verifications by outcome">
              {byCode.map(([code, count]) => (
                <li key={code} className={code === 'VALID' ? 'code-valid' : 'code-invalid'}>
                  <span className="mono">{code}</span> {formatNumber(count)}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}
