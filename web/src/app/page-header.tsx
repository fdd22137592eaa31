import { useEffect, type ReactNode } from 'react';
import { Link } from './router.js';

export interface Crumb {
  readonly label: string;
  readonly href: string;
}

/**
 * The page's title (also the document title) and its main actions. The h1 takes focus
 * after a navigation (layout.tsx), so a screen reader announces where the person landed.
 */
export function PageHeader({
  title,
  crumbs = [],
  actions,
  children,
}: {
  readonly title: ReactNode;
  readonly crumbs?: readonly Crumb[];
  readonly actions?: ReactNode;
  readonly children?: ReactNode;
}) {
  const text = typeof title === 'string' ? title : null;
  useEffect(() => {
    if (text) document.title = `${text} · Keyward`;
  }, [text]);
  return (
    <div className="page-header">
      {crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="breadcrumbs">
          <ol>
            {crumbs.map((c) => (
              <li key={c.href}>
                <Link href={c.href}>{c.label}</Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="page-header-row">
        <div className="page-header-text">
          <h1 tabIndex={-1} data-page-title>
            {title}
          </h1>
          {children}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
    </div>
  );
}
