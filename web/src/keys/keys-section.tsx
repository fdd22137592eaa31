import { useId, useMemo, useState, type FormEvent } from 'react';
import { fetchAll } from '../api/client.js';
import type { Key, KeyWithSecret } from '../api/types.js';
import { Link } from '../app/router.js';
import { useSession } from '../app/session-context.js';
import { DataTable, type Column } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { Timestamp } from '../components/timestamp.js';
import { useApi } from '../hooks/use-api.js';
import { KeyFormDialog } from './key-form-dialog.js';
import { STATUS_LABELS, keyStatus, type KeyStatus } from './key-status.js';
import { RoleList } from './role-list.js';
import { StatusBadge } from './status-badge.js';

const MAX_LISTED = 1000;
const STATUS_ORDER: readonly KeyStatus[] = ['active', 'disabled', 'expired', 'revoked'];
type StatusFilter = 'live' | 'all' | KeyStatus;

/**
 * The keys of a project (or the org's own keys): filter, sort, page, and mint. The whole
 * list (revoked keys included) is loaded page by page so sorting covers every key, not
 * only the page on screen. The owner filter is the server's (`?owner_id=`): one owner's keys
 * are then all loaded, however many other keys the project has.
 */
export function KeysSection({
  kind,
  projectId,
  title,
}: {
  readonly kind: 'project' | 'org';
  readonly projectId?: string;
  readonly title: string;
}) {
  const { client, can, session } = useSession();
  const id = useId();
  const [owner, setOwner] = useState('');
  const [ownerDraft, setOwnerDraft] = useState('');
  const keys = useApi(
    () =>
      fetchAll(
        (cursor) =>
          kind === 'org'
            ? client.listOrgKeys({ limit: 100, cursor, include_revoked: true })
            : client.listProjectKeys(projectId ?? '', { limit: 100, cursor, include_revoked: true, owner_id: owner || null }),
        MAX_LISTED,
      ),
    [kind, projectId, owner],
  );
  const applyOwner = (event: FormEvent): void => {
    event.preventDefault();
    setOwner(ownerDraft.trim());
  };
  const [status, setStatus] = useState<StatusFilter>('live');
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [minted, setMinted] = useState<KeyWithSecret | null>(null);
  const canWrite = can('keys:write') && (kind === 'project' || can('admin'));

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (keys.data?.items ?? []).filter((k) => {
      const s = keyStatus(k);
      const statusOk = status === 'all' || (status === 'live' ? s !== 'revoked' : s === status);
      const textOk =
        !q || k.name.toLowerCase().includes(q) || k.preview.toLowerCase().includes(q) || k.roles.some((r) => r.toLowerCase().includes(q));
      return statusOk && textOk;
    });
  }, [keys.data, status, query]);

  const columns: Column<Key>[] = [
    {
      id: 'name',
      header: 'Name',
      sortValue: (k) => k.name,
      cell: (k) => (
        <>
          <Link href={`/keys/${k.id}`} className="strong-link">
            {k.name}
          </Link>
          {session.kind === 'org' && session.keyId === k.id ? <span className="badge badge-info badge-you">you</span> : null}
        </>
      ),
    },
    { id: 'preview', header: 'Preview', cell: (k) => <span className="mono nowrap">{k.preview}</span> },
    ...(kind === 'project' && (keys.data?.items ?? []).some((k) => k.owner_id !== null)
      ? [
          {
            id: 'owner',
            header: 'Owner',
            sortValue: (k: Key) => k.owner_id,
            cell: (k: Key) => (k.owner_id ? <span className="mono">{k.owner_id}</span> : <span className="muted">none</span>),
          },
        ]
      : []),
    { id: 'roles', header: 'Roles', sortValue: (k) => k.roles.join(' '), cell: (k) => <RoleList roles={k.roles} /> },
    { id: 'created', header: 'Created', sortValue: (k) => k.created_at, cell: (k) => <Timestamp iso={k.created_at} /> },
    {
      id: 'last_used',
      header: 'Last used',
      sortValue: (k) => k.last_used_at,
      cell: (k) => <Timestamp iso={k.last_used_at} empty="Never" />,
    },
    { id: 'expires', header: 'Expires', sortValue: (k) => k.expires_at, cell: (k) => <Timestamp iso={k.expires_at} empty="Never" /> },
    { id: 'status', header: 'Status', sortValue: (k) => STATUS_ORDER.indexOf(keyStatus(k)), cell: (k) => <StatusBadge apiKey={k} /> },
  ];

  const total = keys.data?.items.length ?? 0;
  const newKeyButton = canWrite ? (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
      New key
    </button>
  ) : null;

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {newKeyButton}
      </div>
      <ErrorMessage error={keys.error} context="Could not load keys" />
      {keys.loading && !keys.data ? (
        <Loading what="keys" />
      ) : keys.data ? (
        <>
          {total > 0 || owner ? (
            <div className="filters" role="search" aria-label={`Filter ${title.toLowerCase()}`}>
              <div className="field">
                <label htmlFor={`${id}-q`}>Search</label>
                <input
                  id={`${id}-q`}
                  type="search"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  placeholder="Name, preview or role"
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-status`}>Status</label>
                <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
                  <option value="live">Not revoked</option>
                  <option value="all">All</option>
                  {STATUS_ORDER.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
              </div>
              {kind === 'project' ? (
                <form className="field" onSubmit={applyOwner}>
                  <label htmlFor={`${id}-owner`}>Owner</label>
                  <input
                    id={`${id}-owner`}
                    type="search"
                    value={ownerDraft}
                    onChange={(e) => {
                      setOwnerDraft(e.target.value);
                      // Clearing the box (or its ✕) shows every owner again without another Enter.
                      if (e.target.value === '') setOwner('');
                    }}
                    placeholder="Owner id, then Enter"
                    autoComplete="off"
                    spellCheck={false}
                  />
                </form>
              ) : null}
            </div>
          ) : null}
          {keys.data.truncated ? <p className="alert alert-info">Showing the newest {MAX_LISTED} keys.</p> : null}
          <DataTable
            caption={title}
            rows={rows}
            columns={columns}
            rowKey={(k) => k.id}
            initialSort={{ column: 'created', direction: 'descending' }}
            empty={
              owner && total === 0 ? (
                <EmptyState title="No keys for this owner">
                  No key of this project has the owner <span className="mono">{owner}</span>. Clear the owner filter to see every key.
                </EmptyState>
              ) : total === 0 ? (
                <EmptyState title="No keys yet" action={newKeyButton}>
                  {kind === 'org'
                    ? 'Org keys let scripts and people manage this org through the API. Create one with only the roles it needs.'
                    : canWrite
                      ? 'Create a key and hand it to the application that will call your API; your backend checks it with POST /v1/keys/verify.'
                      : 'This key may not create keys (it lacks keys:write).'}
                </EmptyState>
              ) : (
                <EmptyState title="No keys match">Change the search or the status filter to see more keys.</EmptyState>
              )
            }
          />
        </>
      ) : null}

      {creating && (
        <KeyFormDialog
          kind={kind}
          {...(projectId ? { projectId } : {})}
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setMinted(key);
            keys.reload();
          }}
        />
      )}
      {minted && (
        <SecretDialog title={`Key “${minted.name}” created`} secret={minted.key} label="Your new API key" onClose={() => setMinted(null)}>
          <p className="muted">
            From now on it is listed as <span className="mono">{minted.preview}</span>.
          </p>
        </SecretDialog>
      )}
    </section>
  );
}
