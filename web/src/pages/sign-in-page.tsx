import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, KeywardClient } from '../api/client.js';
import type { Session } from '../app/session.js';
import { ErrorMessage } from '../components/error-message.js';
import { useAction } from '../hooks/use-api.js';

/**
 * Which kind of key was pasted: an org key answers GET /v1/whoami; the root key is refused
 * there (403: it manages orgs only) but may list orgs. Anything else is the server's 401.
 */
async function identify(apiKey: string): Promise<Session> {
  const client = new KeywardClient({ apiKey });
  try {
    const me = await client.whoami();
    return { kind: 'org', apiKey, keyId: me.key_id, orgId: me.org_id, orgName: me.org_name, roles: me.roles };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 403) throw err;
    await client.listOrgs({ limit: 1 });
    return { kind: 'root', apiKey };
  }
}

export function SignInPage({ notice, onSignedIn }: { readonly notice: string | null; readonly onSignedIn: (session: Session) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [shown, setShown] = useState(false);
  const [missing, setMissing] = useState(false);
  const action = useAction();

  useEffect(() => {
    document.title = 'Sign in · Keyward';
  }, []);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const key = apiKey.trim();
    setMissing(key === '');
    if (!key) return;
    const result = await action.run(() => identify(key));
    if (result.ok) onSignedIn(result.value);
  };

  const invalid = missing || !!action.error;
  return (
    <main className="signin" id="main">
      <div className="signin-card">
        <div className="brand brand-large" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="32" height="32">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <circle cx="12" cy="16" r="5.5" fill="none" stroke="#fff" strokeWidth="3" />
            <path d="M17 16h10m-3 0v5m-4-5v3" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
          </svg>
          <span>Keyward</span>
        </div>
        <h1 tabIndex={-1} data-page-title>
          Sign in
        </h1>
        {notice ? (
          <p className="alert alert-info" role="status">
            {notice}
          </p>
        ) : null}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label htmlFor="api-key">API key</label>
            <div className="secret-row">
              <input
                id="api-key"
                name="api-key"
                type={shown ? 'text' : 'password'}
                className="mono"
                value={apiKey}
                onChange={(e) => setApiKey(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                placeholder="kw_org_…"
                aria-invalid={invalid || undefined}
                aria-describedby="api-key-hint"
                autoFocus
              />
              <button type="button" className="button" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
                {shown ? 'Hide' : 'Show'}
              </button>
            </div>
            <p className="field-hint" id="api-key-hint">
              Paste an org key (<code>kw_org_…</code>) to manage its projects and keys, or the root key (<code>kw_root_…</code>) to manage
              organizations. It stays in this browser tab only and is forgotten when you sign out or close the tab.
            </p>
            {missing ? (
              <p className="field-error" role="alert">
                Paste a key to sign in.
              </p>
            ) : null}
          </div>
          <ErrorMessage error={action.error} context="Could not sign in" />
          <button type="submit" className="button button-primary button-block" disabled={action.busy}>
            {action.busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="signin-help">
          The first <code>npm start</code> printed an <strong>Admin key</strong> for the org named <em>default</em>. The API is documented
          at <a href="/docs">/docs</a>.
        </p>
      </div>
    </main>
  );
}
