import { useState, type FormEvent } from 'react';
import type { Project } from '../api/types.js';
import { useSession } from '../app/session-context.js';
import { Dialog } from '../components/dialog.js';
import { ErrorMessage, isFieldError } from '../components/error-message.js';
import { useAction } from '../hooks/use-api.js';
import { FormActions } from '../components/form-actions.js';

/**
 * Create a project, or change one (when `project` is given): name, description, the prefix of
 * its new keys and the cap on keys per owner. Editing sends only what changed.
 */
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
  const [keyPrefix, setKeyPrefix] = useState(project?.key_prefix ?? '');
  const [capText, setCapText] = useState(project?.max_keys_per_owner?.toString() ?? '');
  const [missingName, setMissingName] = useState(false);
  const [badCap, setBadCap] = useState(false);
  const action = useAction();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    const cap = capText.trim() === '' ? null : Number(capText);
    setMissingName(trimmed === '');
    setBadCap(cap !== null && (!Number.isInteger(cap) || cap < 1));
    if (!trimmed || (cap !== null && (!Number.isInteger(cap) || cap < 1))) return;
    const prefix = keyPrefix.trim() === '' ? null : keyPrefix.trim();
    const body = {
      name: trimmed,
      description: description.trim() === '' ? null : description.trim(),
      // The server checks the prefix's shape and names the field when it refuses it.
      ...(prefix !== (project?.key_prefix ?? null) ? { key_prefix: prefix } : {}),
      ...(cap !== (project?.max_keys_per_owner ?? null) ? { max_keys_per_owner: cap } : {}),
    };
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
          <div className="field-row">
            <div className="field">
              <label htmlFor="project-key-prefix">
                Key prefix <span className="optional">(optional)</span>
              </label>
              <input
                id="project-key-prefix"
                value={keyPrefix}
                maxLength={12}
                onChange={(e) => setKeyPrefix(e.target.value)}
                aria-invalid={isFieldError(action.error, 'key_prefix') || undefined}
                aria-describedby="project-key-prefix-hint"
                placeholder="acme"
                autoComplete="off"
                spellCheck={false}
              />
              <p className="field-hint" id="project-key-prefix-hint">
                New keys start <span className="mono">{keyPrefix.trim() || 'kw_proj'}_</span>: a lowercase letter, then 1–11 lowercase
                letters or digits. Existing keys keep theirs.
              </p>
            </div>
            <div className="field">
              <label htmlFor="project-max-keys">
                Keys per owner <span className="optional">(optional)</span>
              </label>
              <input
                id="project-max-keys"
                type="number"
                inputMode="numeric"
                min={1}
                value={capText}
                onChange={(e) => setCapText(e.target.value)}
                aria-invalid={badCap || isFieldError(action.error, 'max_keys_per_owner') || undefined}
                aria-describedby="project-max-keys-hint"
                placeholder="No cap"
              />
              <p className="field-hint" id="project-max-keys-hint">
                The most live keys one owner may hold in this project; empty for no cap.
              </p>
              {badCap ? (
                <p className="field-error" role="alert">
                  The cap must be a whole number of at least 1, or empty.
                </p>
              ) : null}
            </div>
          </div>
          <ErrorMessage error={action.error} context={project ? 'Could not save the project' : 'Could not create the project'} />
        </div>
        <FormActions onCancel={onClose} busy={action.busy} submitLabel={project ? 'Save' : 'Create project'} busyLabel="Saving…" />
      </form>
    </Dialog>
  );
}
