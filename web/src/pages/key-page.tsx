import { useState } from 'react';
import type { Key, KeyWithSecret } from '../api/types.js';
import { useNotice } from '../app/notice.js';
import { PageHeader, type Crumb } from '../app/page-header.js';
import { Link, navigate } from '../app/router.js';
import { useSession } from '../app/session-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { Timestamp } from '../components/timestamp.js';
import { UsagePanel } from '../components/usage-panel.js';
import { formatCredits, formatDateTime, formatRateLimit } from '../format.js';
import { useAction, useApi } from '../hooks/use-api.js';
import { KeyFormDialog } from '../keys/key-form-dialog.js';
import { isInGrace, keyStatus } from '../keys/key-status.js';
import { RoleList } from '../keys/role-list.js';
import { RollKeyDialog } from '../keys/roll-key-dialog.js';
import { StatusBadge } from '../keys/status-badge.js';

type Open = 'edit' | 'roll' | 'revoke' | null;

export function KeyPage({ keyId }: { readonly keyId: string }) {
  const { client, can, session } = useSession();
  const notice = useNotice();
  const key = useApi(() => client.getKey(keyId), [keyId]);
  const project = useApi(async () => (key.data?.project_id ? client.getProject(key.data.project_id) : null), [key.data?.project_id]);
  const [open, setOpen] = useState<Open>(null);
  const [rolled, setRolled] = useState<KeyWithSecret | null>(null);
  const toggle = useAction();

  const k = key.data;
  const crumbs: Crumb[] = !k
    ? []
    : k.project_id === null
      ? [{ label: 'Org keys', href: '/org-keys' }]
      : [
          { label: 'Projects', href: '/projects' },
          { label: project.data?.name ?? 'Project', href: `/projects/${k.project_id}` },
        ];

  if (key.error) {
    return (
      <>
        <PageHeader title="Key" />
        <ErrorMessage error={key.error} context="Could not load this key" />
        <p>
          <Link href="/projects">Back to projects</Link>
        </p>
      </>
    );
  }
  if (!k) return <Loading what="the key" />;

  const status = keyStatus(k);
  const isSelf = session.kind === 'org' && session.keyId === k.id;
  const canWrite = can('keys:write') && (k.project_id !== null || can('admin'));
  const update = (changed: Key): void => key.setData(() => changed);

  const setEnabled = async (enabled: boolean): Promise<void> => {
    const result = await toggle.run(() => client.updateKey(k.id, { enabled }));
    if (result.ok) {
      update(result.value);
      notice(enabled ? 'Key enabled: it verifies again.' : 'Key disabled: verifications answer DISABLED until you enable it.');
    }
  };

  const actions =
    canWrite && status !== 'revoked' ? (
      <>
        <button type="button" className="button" onClick={() => setOpen('edit')}>
          Edit
        </button>
        {k.enabled ? (
          <button type="button" className="button" onClick={() => void setEnabled(false)} disabled={toggle.busy}>
            Disable
          </button>
        ) : (
          <button type="button" className="button" onClick={() => void setEnabled(true)} disabled={toggle.busy}>
            Enable
          </button>
        )}
        <button type="button" className="button" onClick={() => setOpen('roll')}>
          Roll
        </button>
        <button type="button" className="button button-danger" onClick={() => setOpen('revoke')}>
          Revoke
        </button>
      </>
    ) : null;

  return (
    <>
      <PageHeader title={k.name} crumbs={crumbs} actions={actions}>
        <p className="meta-line">
          <StatusBadge apiKey={k} />
          <span className="mono">{k.preview}</span>
          {isSelf ? <span className="badge badge-info">The key you signed in with</span> : null}
        </p>
      </PageHeader>
      <ErrorMessage error={toggle.error} context="Could not change the key" />
      {isInGrace(k) && k.revoked_at ? (
        <p className="alert alert-warning">
          This key was rolled. It keeps working until {formatDateTime(k.revoked_at)}, then it is revoked.
        </p>
      ) : null}

      <section className="card" aria-labelledby="key-details-title">
        <div className="card-header">
          <h2 id="key-details-title">Details</h2>
          {can('audit:read') ? <Link href={`/audit?target_id=${k.id}`}>Audit log for this key</Link> : null}
        </div>
        <dl className="details">
          <div>
            <dt>ID</dt>
            <dd className="mono">{k.id}</dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>
              {k.project_id === null ? (
                'Org key'
              ) : (
                <>
                  Project key of <Link href={`/projects/${k.project_id}`}>{project.data?.name ?? k.project_id}</Link>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>Roles</dt>
            <dd>
              <RoleList roles={k.roles} />
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <Timestamp iso={k.created_at} />
            </dd>
          </div>
          <div>
            <dt>Last used</dt>
            <dd>
              <Timestamp iso={k.last_used_at} empty="Never" />
            </dd>
          </div>
          <div>
            <dt>Expires</dt>
            <dd>{k.expires_at ? formatDateTime(k.expires_at) : 'Never'}</dd>
          </div>
          <div>
            <dt>Rate limit</dt>
            <dd>
              {k.rate_limit ? formatRateLimit(k.rate_limit.limit, k.rate_limit.window_ms) : 'None'}
              {k.rate_limit?.scope === 'owner' ? ', shared by every key of its owner' : ''}
            </dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd>{k.owner_id ? <span className="mono">{k.owner_id}</span> : 'None'}</dd>
          </div>
          {k.project_id !== null ? (
            <>
              <div>
                <dt>Credits</dt>
                <dd data-testid="key-credits">{k.credits ? formatCredits(k.credits) : 'Unlimited'}</dd>
              </div>
              <div>
                <dt>Allowed IPs</dt>
                <dd>
                  {k.allowed_ips?.length ? (
                    <ul className="chips" aria-label="Allowed IPs">
                      {k.allowed_ips.map((ip) => (
                        <li key={ip} className="chip mono">
                          {ip}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    'Any address'
                  )}
                </dd>
              </div>
            </>
          ) : null}
          {k.revoked_at ? (
            <div>
              <dt>{status === 'revoked' ? 'Revoked' : 'Stops working'}</dt>
              <dd>{formatDateTime(k.revoked_at)}</dd>
            </div>
          ) : null}
          {Object.keys(k.metadata).length > 0 ? (
            <div className="details-wide">
              <dt>Metadata</dt>
              <dd>
                <pre className="code-block">{JSON.stringify(k.metadata, null, 2)}</pre>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      <UsagePanel label={`Key ${k.name}`} load={(days) => client.keyUsage(k.id, days)} />

      {open === 'edit' && (
        <KeyFormDialog
          kind={k.project_id === null ? 'org' : 'project'}
          existing={k}
          onClose={() => setOpen(null)}
          onSaved={(saved) => {
            setOpen(null);
            update(saved);
            notice('Key saved.');
          }}
        />
      )}
      {open === 'roll' && (
        <RollKeyDialog
          apiKey={k}
          onClose={() => setOpen(null)}
          onRolled={(next) => {
            setOpen(null);
            setRolled(next);
          }}
        />
      )}
      {rolled && (
        <SecretDialog
          title={`Key “${rolled.name}” rolled`}
          secret={rolled.key}
          label="The replacement key"
          onClose={() => {
            setRolled(null);
            navigate(`/keys/${rolled.id}`);
          }}
        >
          <p className="muted">Deploy it before the old key stops working.</p>
        </SecretDialog>
      )}
      {open === 'revoke' && (
        <ConfirmDialog
          title={`Revoke key “${k.name}”?`}
          confirmLabel="Revoke key"
          onConfirm={async () => update(await client.revokeKey(k.id))}
          onDone={() => {
            setOpen(null);
            notice('Key revoked. Its next verification answers REVOKED.');
          }}
          onCancel={() => setOpen(null)}
        >
          <p>
            <span className="mono">{k.preview}</span> stops working on its very next verification, which answers <code>REVOKED</code>. This
            cannot be undone.
          </p>
          {isSelf ? (
            <p className="alert alert-warning">This is the key you are signed in with: you will be signed out.</p>
          ) : (
            <p className="muted">To replace a key without downtime, roll it instead.</p>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
