import { fetchAll } from '../api/client.js';
import type { Project } from '../api/types.js';
import { useSession } from '../app/session-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { useApi } from '../hooks/use-api.js';
import { keyStatus } from '../keys/key-status.js';

const NAMED = 8;

/**
 * Deleting a project revokes every key it holds, at once. The confirmation names them (or
 * as many as fit) so nobody deletes production by mistake, and asks for the project's name.
 */
export function DeleteProjectDialog({
  project,
  onDeleted,
  onCancel,
}: {
  readonly project: Project;
  readonly onDeleted: () => void;
  readonly onCancel: () => void;
}) {
  const { client, can } = useSession();
  const keys = useApi(
    async () =>
      can('keys:read') ? (await fetchAll((cursor) => client.listProjectKeys(project.id, { limit: 100, cursor }), 1000)).items : null,
    [project.id],
  );
  const live = (keys.data ?? []).filter((k) => keyStatus(k) !== 'revoked');

  return (
    <ConfirmDialog
      title={`Delete project “${project.name}”?`}
      confirmLabel="Delete project and revoke keys"
      typeToConfirm={project.name}
      onConfirm={() => client.deleteProject(project.id)}
      onDone={onDeleted}
      onCancel={onCancel}
    >
      {keys.loading ? (
        <p>Checking which keys this would revoke…</p>
      ) : keys.data === null || keys.error ? (
        <p>
          This revokes <strong>every key of this project</strong> immediately.
        </p>
      ) : live.length === 0 ? (
        <p>This project has no keys that still work, so no application is cut off.</p>
      ) : (
        <>
          <p>
            This revokes <strong>{live.length === 1 ? 'its 1 key' : `all ${live.length} of its keys`}</strong> immediately:
          </p>
          <ul className="revoke-list">
            {live.slice(0, NAMED).map((k) => (
              <li key={k.id}>
                {k.name} <span className="mono muted">{k.preview}</span>
              </li>
            ))}
            {live.length > NAMED ? <li>and {live.length - NAMED} more</li> : null}
          </ul>
        </>
      )}
      <p>
        Applications using these keys get <code>REVOKED</code> on their next verification. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
