import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AuditAction, AuditEvent } from '../api/types.js';
import { AUDIT_ACTIONS } from '../api/types.js';
import { PageHeader } from '../app/page-header.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { useSession } from '../app/session-context.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDateTime, formatRelative, idTail } from '../format.js';
import { useApi } from '../hooks/use-api.js';
import { useAuditNames } from '../hooks/use-audit-names.js';

const PAGE_SIZE = 25;
const isAction = (value: string | null): value is AuditAction => AUDIT_ACTIONS.some((a) => a === value);

type Subject = AuditEvent['actor'] | AuditEvent['target'];

/**
 * An actor or target: its type, its current name when the page could learn it, and the end of
 * its id (the full id in the tooltip), linked to its page when it has one.
 */
function SubjectLabel({ subject, name }: { readonly subject: Subject; readonly name: string | undefined }) {
  const label = (
    <>
      <span className="muted">{subject.type}</span>
      {name !== undefined ? <span className="subject-name"> {name}</span> : null} <span className="mono muted">{idTail(subject.id)}</span>
    </>
  );
  const title = name !== undefined ? `${name} (${subject.id})` : subject.id;
  if (subject.type === 'key')
    return (
      <Link href={`/keys/${subject.id}`} title={title}>
        {label}
      </Link>
    );
  if (subject.type === 'project')
    return (
      <Link href={`/projects/${subject.id}`} title={title}>
        {label}
      </Link>
    );
  return <span title={title}>{label}</span>;
}

/**
 * The org's audit log, newest first. Filters live in the address (shareable, and the key
 * and project pages link here filtered), and pages follow the server's cursors: "Older"
 * pushes one, "Newer" pops it.
 */
export function AuditPage() {
  const { client, session } = useSession();
  const ownKeyId = session.kind === 'org' ? session.keyId : null;
  const { search } = useLocation();
  const id = useId();
  const actionParam = search.get('action');
  const action = isAction(actionParam) ? actionParam : null;
  const targetId = search.get('target_id');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const events = useApi(() => client.listAudit({ limit: PAGE_SIZE, cursor, action, target_id: targetId }), [cursor, action, targetId]);
  const names = useAuditNames(client, events.data?.data);
  // The signed-in org is the one target the session already names.
  const nameOf = (id: string): string | undefined =>
    names.get(id) ?? (session.kind === 'org' && id === session.orgId ? session.orgName : undefined);

  const [draftAction, setDraftAction] = useState<string>(action ?? '');
  const [draftTarget, setDraftTarget] = useState(targetId ?? '');
  // Following a link here with other filters resets the form and the paging.
  useEffect(() => {
    setDraftAction(action ?? '');
    setDraftTarget(targetId ?? '');
    setCursors([null]);
  }, [action, targetId]);

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (draftAction) params.set('action', draftAction);
    if (draftTarget.trim()) params.set('target_id', draftTarget.trim());
    const query = params.toString();
    navigate(`/audit${query ? `?${query}` : ''}`);
  };
  const filtered = action !== null || targetId !== null;
  const rows = events.data?.data ?? [];

  return (
    <>
      <PageHeader title="Audit log">
        <p className="page-lede">Every change to this org’s projects and keys: who made it, when, and from where.</p>
      </PageHeader>
      <section className="card">
        <form className="filters" onSubmit={apply} role="search" aria-label="Filter the audit log">
          <div className="field">
            <label htmlFor={`${id}-action`}>Action</label>
            <select id={`${id}-action`} value={draftAction} onChange={(e) => setDraftAction(e.target.value)}>
              <option value="">All actions</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-grow">
            <label htmlFor={`${id}-target`}>Target ID</label>
            <input
              id={`${id}-target`}
              value={draftTarget}
              onChange={(e) => setDraftTarget(e.target.value)}
              placeholder="A project or key ID"
              className="mono"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={events.error?.field === 'target_id' || undefined}
            />
          </div>
          <div className="filter-buttons">
            <button type="submit" className="button button-primary">
              Apply
            </button>
            {filtered ? (
              <button type="button" className="button" onClick={() => navigate('/audit')}>
                Clear
              </button>
            ) : null}
          </div>
        </form>
        <ErrorMessage error={events.error} context="Could not load the audit log" />
        {events.loading && !events.data ? (
          <Loading what="audit events" />
        ) : rows.length === 0 && !events.error ? (
          <EmptyState title={filtered ? 'No events match these filters' : 'Nothing recorded yet'}>
            {filtered
              ? 'Try another action, or clear the filters to see every event.'
              : 'Creating, changing, rolling or revoking a project or key records an event here.'}
          </EmptyState>
        ) : rows.length > 0 ? (
          <div className="table-wrap">
            <table className="table" aria-busy={events.loading}>
              <caption className="visually-hidden">Audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Target</th>
                  <th scope="col">IP</th>
                  <th scope="col">Request</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id}>
                    <td data-label="When">
                      <div className="cell">
                        <time dateTime={e.created_at} className="nowrap">
                          {formatDateTime(e.created_at)}
                        </time>
                        <div className="muted cell-note">{formatRelative(e.created_at)}</div>
                      </div>
                    </td>
                    <td data-label="Action">
                      <div className="cell">
                        <span className={`badge badge-action badge-${e.action.split('.')[1] ?? 'other'}`}>{e.action}</span>
                      </div>
                    </td>
                    <td data-label="Actor">
                      <div className="cell">
                        <SubjectLabel subject={e.actor} name={nameOf(e.actor.id)} />
                        {e.actor.id === ownKeyId ? <span className="badge badge-info badge-you">you</span> : null}
                      </div>
                    </td>
                    <td data-label="Target">
                      <div className="cell">
                        <SubjectLabel subject={e.target} name={nameOf(e.target.id)} />
                      </div>
                    </td>
                    <td data-label="IP">
                      <div className="cell mono">{e.ip ?? '—'}</div>
                    </td>
                    <td data-label="Request">
                      <div className="cell mono muted" title={e.request_id ?? undefined}>
                        {e.request_id ? idTail(e.request_id) : '—'}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <nav className="pager" aria-label="Audit log pages">
              <p className="pager-status">
                Page {cursors.length}
                {events.loading ? ' · loading…' : ''}
              </p>
              <div className="pager-buttons">
                <button
                  type="button"
                  className="button button-small"
                  disabled={cursors.length === 1}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  Newer
                </button>
                <button
                  type="button"
                  className="button button-small"
                  disabled={!events.data?.next_cursor}
                  onClick={() => events.data?.next_cursor && setCursors((c) => [...c, events.data?.next_cursor ?? null])}
                >
                  Older
                </button>
              </div>
            </nav>
          </div>
        ) : null}
      </section>
    </>
  );
}
