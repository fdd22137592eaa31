import { useEffect, useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  readonly id: string;
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** Present for sortable columns. Nulls sort last whatever the direction. */
  readonly sortValue?: (row: T) => string | number | null;
  readonly className?: string;
}

export interface SortState {
  readonly column: string;
  readonly direction: 'ascending' | 'descending';
}

interface DataTableProps<T> {
  readonly caption: string;
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly initialSort: SortState;
  readonly pageSize?: number;
  /** Shown instead of the table when there are no rows. */
  readonly empty: ReactNode;
}

const compare = (a: string | number | null, b: string | number | null): number => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
};

/**
 * A sortable, paginated table. Headers are buttons (keyboard and screen-reader friendly,
 * with aria-sort); on narrow screens each row becomes a card, its cells labelled by their
 * column (styles.css, `data-label`).
 */
export function DataTable<T>({ caption, rows, columns, rowKey, initialSort, pageSize = 20, empty }: DataTableProps<T>) {
  const [sort, setSort] = useState<SortState>(initialSort);
  const [page, setPage] = useState(0);

  const sorted = useMemo(() => {
    const column = columns.find((c) => c.id === sort.column);
    if (!column?.sortValue) return [...rows];
    const value = column.sortValue;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || vb === null) return compare(va, vb);
      return sign * compare(va, vb);
    });
  }, [rows, columns, sort]);

  const pageCount = Math.max(1, Math.ceil(sorted.length / pageSize));
  // A filter or a deletion can shrink the list under the current page.
  useEffect(() => {
    if (page > pageCount - 1) setPage(pageCount - 1);
  }, [page, pageCount]);
  const current = Math.min(page, pageCount - 1);
  const visible = sorted.slice(current * pageSize, current * pageSize + pageSize);

  if (rows.length === 0) return <>{empty}</>;

  const toggle = (column: string): void => {
    setSort((s) =>
      s.column === column
        ? { column, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: column === 'name' ? 'ascending' : 'descending' },
    );
    setPage(0);
  };

  const first = current * pageSize + 1;
  const last = current * pageSize + visible.length;

  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">
          {caption}
          {columns.some((c) => c.sortValue) ? ', column headers with buttons are sortable' : ''}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                className={c.className}
                aria-sort={c.sortValue && sort.column === c.id ? sort.direction : undefined}
              >
                {c.sortValue ? (
                  <button type="button" className="sort-button" onClick={() => toggle(c.id)}>
                    {c.header}
                    <span className="sort-indicator" aria-hidden="true">
                      {sort.column === c.id ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                ) : (
                  c.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {visible.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.id} className={c.className} data-label={c.header}>
                  <div className="cell">{c.cell(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label={`${caption} pages`}>
        <p className="pager-status" aria-live="polite">
          {first}–{last} of {sorted.length}
        </p>
        {pageCount > 1 && (
          <div className="pager-buttons">
            <button type="button" className="button button-small" disabled={current === 0} onClick={() => setPage(current - 1)}>
              Previous
            </button>
            <span className="pager-page">
              Page {current + 1} of {pageCount}
            </span>
            <button type="button" className="button button-small" disabled={current >= pageCount - 1} onClick={() => setPage(current + 1)}>
              Next
            </button>
          </div>
        )}
      </nav>
    </div>
  );
}
