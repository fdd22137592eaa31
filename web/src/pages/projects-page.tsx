import { useState } from 'react';
import { fetchAll } from '../api/client.js';
import type { Project } from '../api/types.js';
import { useNotice } from '../app/notice.js';
import { PageHeader } from '../app/page-header.js';
import { Link, navigate } from '../app/router.js';
import { useSession } from '../app/session-context.js';
import { DataTable, type Column } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { Timestamp } from '../components/timestamp.js';
import { useApi } from '../hooks/use-api.js';
import { DeleteProjectDialog } from '../projects/delete-project-dialog.js';
import { ProjectFormDialog } from '../projects/project-form-dialog.js';

/** Lists load page after page up to this many; past it the page says so. */
export const MAX_LISTED = 1000;

type Open = { kind: 'create' } | { kind: 'edit'; project: Project } | { kind: 'delete'; project: Project } | null;

export function ProjectsPage() {
  const { client, can } = useSession();
  const notice = useNotice();
  const projects = useApi(() => fetchAll((cursor) => client.listProjects({ limit: 100, cursor }), MAX_LISTED), []);
  const [open, setOpen] = useState<Open>(null);
  const canWrite = can('projects:write');

  const columns: Column<Project>[] = [
    {
      id: 'name',
      header: 'Name',
      sortValue: (p) => p.name,
      cell: (p) => (
        <>
          <Link href={`/projects/${p.id}`} className="strong-link">
            {p.name}
          </Link>
          {p.description ? <div className="muted cell-note">{p.description}</div> : null}
        </>
      ),
    },
    { id: 'created', header: 'Created', sortValue: (p) => p.created_at, cell: (p) => <Timestamp iso={p.created_at} /> },
    { id: 'updated', header: 'Updated', sortValue: (p) => p.updated_at, cell: (p) => <Timestamp iso={p.updated_at} /> },
  ];
  if (canWrite) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      className: 'cell-actions',
      cell: (p) => (
        <div className="row-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => setOpen({ kind: 'edit', project: p })}
            aria-label={`Edit ${p.name}`}
          >
            Edit
          </button>
          <button
            type="button"
            className="button button-small button-danger-quiet"
            onClick={() => setOpen({ kind: 'delete', project: p })}
            aria-label={`Delete ${p.name}`}
          >
            Delete
          </button>
        </div>
      ),
    });
  }

  const createButton = canWrite ? (
    <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'create' })}>
      New project
    </button>
  ) : null;

  return (
    <>
      <PageHeader title="Projects" actions={createButton}>
        <p className="page-lede">Each project holds the API keys of one application or environment.</p>
      </PageHeader>
      <ErrorMessage error={projects.error} context="Could not load projects" />
      {projects.loading && !projects.data ? (
        <Loading what="projects" />
      ) : projects.data ? (
        <section className="card">
          {projects.data.truncated ? <p className="alert alert-info">Showing the newest {MAX_LISTED} projects.</p> : null}
          <DataTable
            caption="Projects"
            rows={projects.data.items}
            columns={columns}
            rowKey={(p) => p.id}
            initialSort={{ column: 'created', direction: 'descending' }}
            empty={
              <EmptyState title="No projects yet" action={createButton}>
                {canWrite
                  ? 'Create a project for your application, then mint the API keys your users will send.'
                  : 'This key may not create projects (it lacks projects:write). Ask an admin of this org to create one.'}
              </EmptyState>
            }
          />
        </section>
      ) : null}

      {open?.kind === 'create' && (
        <ProjectFormDialog
          onClose={() => setOpen(null)}
          onSaved={(project) => {
            setOpen(null);
            navigate(`/projects/${project.id}`);
            notice(`Project “${project.name}” created. Mint its first key below.`, `/projects/${project.id}`);
          }}
        />
      )}
      {open?.kind === 'edit' && (
        <ProjectFormDialog
          project={open.project}
          onClose={() => setOpen(null)}
          onSaved={(project) => {
            setOpen(null);
            projects.reload();
            notice(`Project “${project.name}” saved.`);
          }}
        />
      )}
      {open?.kind === 'delete' && (
        <DeleteProjectDialog
          project={open.project}
          onCancel={() => setOpen(null)}
          onDeleted={() => {
            notice(`Project “${open.project.name}” deleted and its keys revoked.`);
            setOpen(null);
            projects.reload();
          }}
        />
      )}
    </>
  );
}
