import { useState, type FormEvent } from 'react';
import { fetchAll } from '../api/client.js';
import type { Org, OrgCreated } from '../api/types.js';
import { useNotice } from '../app/notice.js';
import { PageHeader } from '../app/page-header.js';
import { useSession } from '../app/session-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { DataTable, type Column } from '../components/data-table.js';
import { Dialog } from '../components/dialog.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage, isFieldError } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { Timestamp } from '../components/timestamp.js';
import { useAction, useApi } from '../hooks/use-api.js';
import { FormActions } from '../components/form-actions.js';

function CreateOrgDialog({ onCreated, onClose }: { readonly onCreated: (created: OrgCreated) => void; readonly onClose: () => void }) {
  const { client } = useSession();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const action = useAction();
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setMissing(!name.trim());
    if (!name.trim()) return;
    const result = await action.run(() => client.createOrg(name.trim()));
    if (result.ok) onCreated(result.value);
  };
  return (
    <Dialog title="New organization" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          <div className="field">
            <label htmlFor="org-name">Name</label>
            <input
              id="org-name"
              value={name}
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={missing || isFieldError(action.error, 'name') || undefined}
              autoComplete="off"
            />
            <p className="field-hint">An admin key for it is made at once and shown one time.</p>
            {missing ? (
              <p className="field-error" role="alert">
                Give the organization a name.
              </p>
            ) : null}
          </div>
          <ErrorMessage error={action.error} context="Could not create the organization" />
        </div>
        <FormActions onCancel={onClose} busy={action.busy} submitLabel="Create organization" busyLabel="Creating…" />
      </form>
    </Dialog>
  );
}

/** The root key's view: every org on this instance. Root manages orgs, not what is inside them. */
export function OrgsPage() {
  const { client } = useSession();
  const notice = useNotice();
  const orgs = useApi(() => fetchAll((cursor) => client.listOrgs({ limit: 100, cursor }), 1000), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<OrgCreated | null>(null);
  const [deleting, setDeleting] = useState<Org | null>(null);

  const columns: Column<Org>[] = [
    { id: 'name', header: 'Name', sortValue: (o) => o.name, cell: (o) => <strong>{o.name}</strong> },
    { id: 'id', header: 'ID', cell: (o) => <span className="mono">{o.id}</span> },
    { id: 'created', header: 'Created', sortValue: (o) => o.created_at, cell: (o) => <Timestamp iso={o.created_at} /> },
    {
      id: 'actions',
      header: 'Actions',
      className: 'cell-actions',
      cell: (o) => (
        <button
          type="button"
          className="button button-small button-danger-quiet"
          onClick={() => setDeleting(o)}
          aria-label={`Delete ${o.name}`}
        >
          Delete
        </button>
      ),
    },
  ];
  const createButton = (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
      New organization
    </button>
  );

  return (
    <>
      <PageHeader title="Organizations" actions={createButton}>
        <p className="page-lede">
          You are signed in with the root key. It creates and deletes organizations; to manage an organization’s projects and keys, sign in
          with one of its org keys.
        </p>
      </PageHeader>
      <ErrorMessage error={orgs.error} context="Could not load organizations" />
      {orgs.loading && !orgs.data ? (
        <Loading what="organizations" />
      ) : orgs.data ? (
        <section className="card">
          <DataTable
            caption="Organizations"
            rows={orgs.data.items}
            columns={columns}
            rowKey={(o) => o.id}
            initialSort={{ column: 'created', direction: 'descending' }}
            empty={
              <EmptyState title="No organizations" action={createButton}>
                Create one for each customer or team; each gets its own projects, keys and audit log.
              </EmptyState>
            }
          />
        </section>
      ) : null}

      {creating && (
        <CreateOrgDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
            orgs.reload();
          }}
        />
      )}
      {created && (
        <SecretDialog
          title={`Organization “${created.org.name}” created`}
          secret={created.admin_key.key}
          label="Its admin key"
          onClose={() => setCreated(null)}
        >
          <p className="muted">Sign in with this key to create the organization’s projects and keys.</p>
        </SecretDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete organization “${deleting.name}”?`}
          confirmLabel="Delete organization and revoke keys"
          typeToConfirm={deleting.name}
          onConfirm={() => client.deleteOrg(deleting.id)}
          onDone={() => {
            notice(`Organization “${deleting.name}” deleted and all its keys revoked.`);
            setDeleting(null);
            orgs.reload();
          }}
          onCancel={() => setDeleting(null)}
        >
          <p>
            This revokes <strong>every key of the organization</strong> immediately: its admin and org keys, and the keys of all its
            projects. Applications using them get <code>REVOKED</code> on their next verification. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
