import { useMemo } from 'react';
import type { UsageRow, VerifyCode } from '../api/types.js';
import { formatNumber } from '../format.js';
import { useWidth } from '../hooks/use-width.js';

export interface DayTotals {
  readonly day: string;
  readonly valid: number;
  readonly invalid: number;
}

/** The last `days` UTC days, oldest first, as the server names them (YYYY-MM-DD). */
export function lastDays(days: number, now: Date = new Date()): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    out.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i)).toISOString().slice(0, 10));
  }
  return out;
}

/** Server rows (day, code, count) → one valid/invalid pair per day, zero-filled. */
export function totalsByDay(rows: readonly UsageRow[], days: number): DayTotals[] {
  const byDay = new Map(lastDays(days).map((day) => [day, { day, valid: 0, invalid: 0 }]));
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    if (row.code === 'VALID') entry.valid += row.count;
    else entry.invalid += row.count;
  }
  return [...byDay.values()];
}

export function totalsByCode(rows: readonly UsageRow[]): [VerifyCode, number][] {
  const totals = new Map<VerifyCode, number>();
  for (const row of rows) totals.set(row.code, (totals.get(row.code) ?? 0) + row.count);
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

/** 0 → 4, 7 → 8, 13 → 15, 230 → 250: a round top for the y axis. */
function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLabel = (day: string): string => shortDay.format(new Date(`${day}T00:00:00Z`));

const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 26, left: 44 };

/**
 * Verifications per day, valid below and invalid stacked on top, drawn as plain SVG sized to
 * its container (a chart library would outweigh the rest of the dashboard). Each day carries a
 * tooltip; the figures are also in a table below for screen readers and for copying.
 */
export function UsageChart({ rows, days, label }: { readonly rows: readonly UsageRow[]; readonly days: number; readonly label: string }) {
  const [ref, width] = useWidth<HTMLDivElement>(640);
  const totals = useMemo(() => totalsByDay(rows, days), [rows, days]);
  const valid = totals.reduce((n, d) => n + d.valid, 0);
  const invalid = totals.reduce((n, d) => n + d.invalid, 0);
  const top = niceMax(Math.max(...totals.map((d) => d.valid + d.invalid)));

  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 10);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const step = innerWidth / totals.length;
  const barWidth = Math.max(1, Math.min(step * 0.72, 28));
  const y = (value: number): number => MARGIN.top + innerHeight - (value / top) * innerHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(top * f));
  // About one date label per 80 px, always including the last (today).
  const labelEvery = Math.max(1, Math.ceil(totals.length / Math.max(2, Math.floor(innerWidth / 80))));
  const summary = `${label}: ${formatNumber(valid)} valid and ${formatNumber(invalid)} invalid verifications in the last ${days} days`;

  return (
    <figure className="chart" ref={ref} data-testid="usage-chart" data-valid={valid} data-invalid={invalid}>
      <svg width={width} height={HEIGHT} role="img" aria-label={summary} className="chart-svg">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="chart-tick">
              {formatNumber(t)}
            </text>
          </g>
        ))}
        {totals.map((d, i) => {
          const x = MARGIN.left + i * step + (step - barWidth) / 2;
          const showLabel = (totals.length - 1 - i) % labelEvery === 0;
          return (
            <g key={d.day}>
              <title>{`${dayLabel(d.day)}: ${formatNumber(d.valid)} valid, ${formatNumber(d.invalid)} invalid`}</title>
              {/* A full-height transparent target so the tooltip works on short bars too. */}
              <rect x={MARGIN.left + i * step} y={MARGIN.top} width={step} height={innerHeight} fill="transparent" />
              {d.valid > 0 && <rect x={x} y={y(d.valid)} width={barWidth} height={y(0) - y(d.valid)} className="chart-valid" rx={1} />}
              {d.invalid > 0 && (
                <rect
                  x={x}
                  y={y(d.valid + d.invalid)}
                  width={barWidth}
                  height={y(d.valid) - y(d.valid + d.invalid)}
                  className="chart-invalid"
                  rx={1}
                />
              )}
              {showLabel && (
                // The last label (today) ends at the right edge rather than running past it.
                <text
                  x={i === totals.length - 1 ? width - MARGIN.right : MARGIN.left + i * step + step / 2}
                  y={HEIGHT - 8}
                  textAnchor={i === totals.length - 1 ? 'end' : 'middle'}
                  className="chart-tick"
                >
                  {dayLabel(d.day)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <span className="legend-item">
          <span className="legend-swatch chart-valid" aria-hidden="true" /> Valid <strong>{formatNumber(valid)}</strong>
        </span>
        <span className="legend-item">
          <span className="legend-swatch chart-invalid" aria-hidden="true" /> Invalid <strong>{formatNumber(invalid)}</strong>
        </span>
      </figcaption>
      <details className="chart-table">
        <summary>Daily numbers</summary>
        <table className="table table-compact">
          <caption className="visually-hidden">{summary}</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Valid</th>
              <th scope="col">Invalid</th>
            </tr>
          </thead>
          <tbody>
            {totals
              .filter((d) => d.valid + d.invalid > 0)
              .map((d) => (
                <tr key={d.day}>
                  <td data-label="Day (UTC)">{d.day}</td>
                  <td data-label="Valid">{formatNumber(d.valid)}</td>
                  <td data-label="Invalid">{formatNumber(d.invalid)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
