import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { KeywardClient } from '../api/client.js';
import { AuditPage } from '../pages/audit-page.js';
import { KeyPage } from '../pages/key-page.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { OrgKeysPage } from '../pages/org-keys-page.js';
import { OrgsPage } from '../pages/orgs-page.js';
import { ProjectPage } from '../pages/project-page.js';
import { ProjectsPage } from '../pages/projects-page.js';
import { SignInPage } from '../pages/sign-in-page.js';
import { WebhooksPage } from '../pages/webhooks-page.js';
import { Layout } from './layout.js';
import { NoticeContext } from './notice.js';
import { matchPath, navigate, useLocation } from './router.js';
import { clearSession, loadSession, saveSession, sessionCan, type Session } from './session.js';
import { SessionContext, type SessionValue } from './session-context.js';

/**
 * The dashboard's pages. Keep in step with DASHBOARD_PATHS in src/http/web-ui.ts, which
 * answers each of these paths with index.html.
 */
const ORG_ROUTES: readonly [string, (params: Record<string, string>) => ReactNode][] = [
  ['/projects', () => <ProjectsPage />],
  ['/projects/:projectId', (p) => <ProjectPage projectId={p['projectId'] ?? ''} />],
  ['/keys/:keyId', (p) => <KeyPage keyId={p['keyId'] ?? ''} />],
  ['/org-keys', () => <OrgKeysPage />],
  ['/audit', () => <AuditPage />],
  ['/webhooks', () => <WebhooksPage />],
];

const homeOf = (session: Session): string => (session.kind === 'root' ? '/orgs' : '/projects');

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [signInNotice, setSignInNotice] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ message: string; path: string } | null>(null);
  const { path, search, href } = useLocation();

  const signOut = useCallback((reason?: string) => {
    clearSession();
    setSession(null);
    setNotice(null);
    setSignInNotice(reason ?? 'You are signed out. The key was removed from this tab.');
    navigate('/sign-in', { replace: true });
  }, []);

  const client = useMemo(
    () =>
      session
        ? new KeywardClient({
            apiKey: session.apiKey,
            // Any 401 means this key no longer opens the API (revoked, expired, disabled):
            // nothing on screen can be trusted to work, so start over at sign-in.
            onUnauthorized: (error) => signOut(`The server no longer accepts this key (${error.message}). Sign in again.`),
          })
        : null,
    [session, signOut],
  );

  const value = useMemo<SessionValue | null>(
    () => (session && client ? { session, client, can: (role) => sessionCan(session, role), signOut: () => signOut() } : null),
    [session, client, signOut],
  );

  // Redirects that follow from who is signed in, done after render.
  const redirect = !session
    ? path === '/sign-in'
      ? null
      : `/sign-in${path === '/' ? '' : `?next=${encodeURIComponent(href)}`}`
    : path === '/' || path === '/sign-in'
      ? homeOf(session)
      : session.kind === 'root' && path !== '/orgs'
        ? '/orgs'
        : null;
  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);
  // A notice belongs to the page it was shown on; leaving that page drops it.
  useEffect(() => {
    setNotice((n) => (n && n.path !== path ? null : n));
  }, [path]);

  if (!session || !value) {
    const onSignedIn = (next: Session): void => {
      saveSession(next);
      setSignInNotice(null);
      setSession(next);
      const wanted = search.get('next');
      // Only a path on this site: never follow a crafted ?next= elsewhere.
      navigate(wanted && wanted.startsWith('/') && !wanted.startsWith('//') && next.kind === 'org' ? wanted : homeOf(next), {
        replace: true,
      });
    };
    return <SignInPage notice={signInNotice} onSignedIn={onSignedIn} />;
  }
  if (redirect) return null;

  let page: ReactNode = <NotFoundPage />;
  if (session.kind === 'root') {
    page = <OrgsPage />;
  } else {
    for (const [pattern, render] of ORG_ROUTES) {
      const params = matchPath(pattern, path);
      if (params) {
        page = render(params);
        break;
      }
    }
  }

  const showNotice = (message: string, at: string = path): void => setNotice({ message, path: at });

  return (
    <SessionContext.Provider value={value}>
      <NoticeContext.Provider value={showNotice}>
        <Layout notice={notice && notice.path === path ? notice.message : null}>
          {/* A new key per path: every page starts fresh (no state carried across ids). */}
          <div key={path}>{page}</div>
        </Layout>
      </NoticeContext.Provider>
    </SessionContext.Provider>
  );
}
