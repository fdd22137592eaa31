import { useState, type FormEvent } from 'react';
import type { Project } from '../api/types.js';
import { useSession } from '../app/session-context.js';
import { Dialog } from '../components/dialog.js';
import { ErrorMessage, isFieldError } from '../components/error-message.js';
import { useAction } from '../hooks/use-api.js';
import { FormActions } from '../components/form-actions.js';

/** Create a project, or rename one / change its description (when `project` is given). */
export function ProjectFormDialog({
  project,
  onSaved,
  onClose,
}: {
  readonly project?: Project;
  readonly onSaved: (project: Project) => void;
  readonly onClose: () => void;
}) {
  const { client } = useSession();
  const [name, setName] = useState(project?.name ?? '');
  const [description, setDescription] = useState(project?.description ?? '');
  const [missingName, setMissingName] = useState(false);
  const action = useAction();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    setMissingName(trimmed === '');
    if (!trimmed) return;
    const body = { name: trimmed, description: description.trim() === '' ? null : description.trim() };
    const result = await action.run(() => (project ? client.updateProject(project.id, body) : client.createProject(body)));
    if (result.ok) onSaved(result.value);
  };

  return (
    <Dialog title={project ? `Edit project “${project.name}”` : 'New project'} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          <div className="field">
            <label htmlFor="project-name">Name</label>
            <input
              id="project-name"
              value={name}
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={missingName || isFieldError(action.error, 'name') || undefined}
              aria-describedby="project-name-hint"
              autoComplete="off"
            />
            <p className="field-hint" id="project-name-hint">
              Up to 120 characters, e.g. the application or environment (“checkout”, “staging”).
            </p>
            {missingName ? (
              <p className="field-error" role="alert">
                Give the project a name.
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="project-description">
              Description <span className="optional">(optional)</span>
            </label>
            <textarea
              id="project-description"
              rows={3}
              maxLength={2000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              aria-invalid={isFieldError(action.error, 'description') || undefined}
            />
          </div>
          <ErrorMessage error={action.error} context={project ? 'Could not save the project' : 'Could not create the project'} />
        </div>
        <FormActions onCancel={onClose} busy={action.busy} submitLabel={project ? 'Save' : 'Create project'} busyLabel="Saving…" />
      </form>
    </Dialog>
  );
}
