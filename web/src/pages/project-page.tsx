import { useState } from 'react';
import { useNotice } from '../app/notice.js';
import { PageHeader } from '../app/page-header.js';
import { Link, navigate } from '../app/router.js';
import { useSession } from '../app/session-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { Timestamp } from '../components/timestamp.js';
import { UsagePanel } from '../components/usage-panel.js';
import { useApi } from '../hooks/use-api.js';
import { KeysSection } from '../keys/keys-section.js';
import { DeleteProjectDialog } from '../projects/delete-project-dialog.js';
import { ProjectFormDialog } from '../projects/project-form-dialog.js';
import { ImportKeysDialog } from '../intake/import-keys-dialog.js';

export function ProjectPage({ projectId }: { readonly projectId: string }) {
  const { client, can } = useSession();
  const notice = useNotice();
  const project = useApi(() => client.getProject(projectId), [projectId]);
  const [open, setOpen] = useState<'edit' | 'delete' | 'import' | null>(null);
  // Remounts the keys list after an import, so it shows the new keys.
  const [generation, setGeneration] = useState(0);
  const crumbs = [{ label: 'Projects', href: '/projects' }];

  if (project.error) {
    return (
      <>
        <PageHeader title="Project" crumbs={crumbs} />
        <ErrorMessage error={project.error} context="Could not load this project" />
        <p>
          <Link href="/projects">Back to projects</Link>
        </p>
      </>
    );
  }
  if (!project.data) return <Loading what="the project" />;
  const p = project.data;

  const importButton = can('keys:write') ? (
    <button type="button" className="button" onClick={() => setOpen('import')}>
      Import keys
    </button>
  ) : null;
  const actions = can('projects:write') ? (
    <>
      {importButton}
      <button type="button" className="button" onClick={() => setOpen('edit')}>
        Edit
      </button>
      <button type="button" className="button button-danger-quiet" onClick={() => setOpen('delete')}>
        Delete project
      </button>
    </>
  ) : (
    importButton
  );

  return (
    <>
      <PageHeader title={p.name} crumbs={crumbs} actions={actions}>
        {p.description ? <p className="page-lede">{p.description}</p> : null}
        <p className="meta-line">
          <span>
            ID <span className="mono">{p.id}</span>
          </span>
          <span>
            Created <Timestamp iso={p.created_at} />
          </span>
          <span>
            Key prefix <span className="mono">{p.key_prefix ?? 'kw_proj'}_</span>
          </span>
          {p.max_keys_per_owner !== null ? <span>At most {p.max_keys_per_owner.toLocaleString()} keys per owner</span> : null}
          {can('audit:read') ? <Link href={`/audit?target_id=${p.id}`}>Audit log</Link> : null}
        </p>
      </PageHeader>

      {can('keys:read') ? (
        <>
          <KeysSection key={generation} kind="project" projectId={p.id} title="Keys" />
          <UsagePanel label={`Project ${p.name}`} load={(days) => client.projectUsage(p.id, days)} />
        </>
      ) : (
        <p className="alert alert-info">This key cannot see keys (it lacks keys:read).</p>
      )}

      {open === 'edit' && (
        <ProjectFormDialog
          project={p}
          onClose={() => setOpen(null)}
          onSaved={(saved) => {
            setOpen(null);
            project.setData(() => saved);
            notice(`Project “${saved.name}” saved.`);
          }}
        />
      )}
      {open === 'import' && (
        <ImportKeysDialog projectId={p.id} onClose={() => setOpen(null)} onImported={() => setGeneration((g) => g + 1)} />
      )}
      {open === 'delete' && (
        <DeleteProjectDialog
          project={p}
          onCancel={() => setOpen(null)}
          onDeleted={() => {
            navigate('/projects');
            notice(`Project “${p.name}” deleted and its keys revoked.`, '/projects');
          }}
        />
      )}
    </>
  );
}
