import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from './router.js';
import { useSession } from './session-context.js';

interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly visible: boolean;
}

/** The signed-in frame: who you are, where you can go, sign out; then the page. */
export function Layout({ children, notice }: { readonly children: ReactNode; readonly notice: string | null }) {
  const { session, can, signOut } = useSession();
  const { path } = useLocation();
  const firstRender = useRef(true);

  // After a navigation, move focus to the new page's title (not on first load: the browser
  // already starts at the top of the document).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.querySelector<HTMLElement>('[data-page-title]')?.focus({ preventScroll: true });
  }, [path]);

  const items: NavItem[] =
    session.kind === 'root'
      ? [{ href: '/orgs', label: 'Organizations', visible: true }]
      : [
          { href: '/projects', label: 'Projects', visible: can('projects:read') },
          { href: '/org-keys', label: 'Org keys', visible: can('admin') },
          { href: '/audit', label: 'Audit log', visible: can('audit:read') },
          { href: '/webhooks', label: 'Webhooks', visible: can('admin') },
        ];

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand" aria-label="Keyward home">
            <svg viewBox="0 0 32 32" width="24" height="24" aria-hidden="true">
              <rect width="32" height="32" rx="7" fill="currentColor" />
              <circle cx="12" cy="16" r="5.5" fill="none" stroke="#fff" strokeWidth="3" />
              <path d="M17 16h10m-3 0v5m-4-5v3" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
            </svg>
            <span>Keyward</span>
          </Link>
          <span className="whoami" data-testid="whoami">
            {session.kind === 'root' ? (
              <span className="badge badge-root">Root key</span>
            ) : (
              <>
                <span className="visually-hidden">Organization: </span>
                {session.orgName}
              </>
            )}
          </span>
          <nav aria-label="Main" className="mainnav">
            <ul>
              {items
                .filter((i) => i.visible)
                .map((item) => {
                  const current = path === item.href || path.startsWith(`${item.href}/`);
                  return (
                    <li key={item.href}>
                      <Link href={item.href} aria-current={current ? 'page' : undefined}>
                        {item.label}
                      </Link>
                    </li>
                  );
                })}
            </ul>
          </nav>
          <button type="button" className="button button-quiet signout" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="main">
        <div className="notice-region" role="status" aria-live="polite">
          {notice ? <p className="alert alert-success">{notice}</p> : null}
        </div>
        {children}
      </main>
    </>
  );
}
