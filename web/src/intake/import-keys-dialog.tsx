import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { ImportAnswer } from '../api/types.js';
import { useSession } from '../app/session-context.js';
import { Dialog } from '../components/dialog.js';
import { ErrorMessage } from '../components/error-message.js';
import { FormActions } from '../components/form-actions.js';
import { useAction } from '../hooks/use-api.js';

/** The keys of a pasted or uploaded file: a JSON array, or `{"keys": [...]}` as the API takes it. */
function parseKeys(text: string): unknown[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'This is not valid JSON.';
  }
  const keys = Array.isArray(doc) ? doc : (doc as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return 'Give a JSON array of keys, or {"keys": [...]}.';
  if (keys.length > 1000) return 'At most 1,000 keys per import: split the file.';
  return keys;
}

/** Import keys the platform already issued (raw or as digests) into a project; shows each item's result. */
export function ImportKeysDialog({
  projectId,
  onClose,
  onImported,
}: {
  readonly projectId: string;
  readonly onClose: () => void;
  readonly onImported: () => void;
}) {
  const { client } = useSession();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const action = useAction();

  const upload = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const keys = parseKeys(text);
    setProblem(typeof keys === 'string' ? keys : null);
    if (typeof keys === 'string') return;
    const result = await action.run(() => client.importKeys(projectId, keys));
    if (result.ok) {
      setAnswer(result.value);
      // The raw keys are not kept on screen once sent.
      setText('');
      if (result.value.created > 0) onImported();
    }
  };

  return (
    <Dialog title="Import keys" onClose={onClose} wide>
      {answer ? (
        <div className="dialog-body">
          <p role="status">
            {answer.created} imported, {answer.failed} refused.
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {answer.data.map((r) => (
                <tr key={r.index}>
                  <td>{r.index}</td>
                  <td>{'id' in r ? <span className="mono">imported {r.id}</span> : `${r.error.code}: ${r.error.message}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div className="dialog-body">
            <p>
              Keys your platform already issued keep working as they are written. Each item: <code>name</code> and either <code>key</code>{' '}
              (the raw key, hashed at once) or <code>hash</code> (<code>{'{"algorithm": "sha256", "encoding": "hex", "value": "…"}'}</code>
              ), plus any key field (<code>owner_id</code>, <code>roles</code>, <code>metadata</code>…). Up to 1,000.
            </p>
            <div className="field">
              <label htmlFor="import-file">Upload a JSON file</label>
              <input id="import-file" type="file" accept="application/json,.json" onChange={(e) => void upload(e)} />
            </div>
            <div className="field">
              <label htmlFor="import-json">Or paste JSON</label>
              <textarea
                id="import-json"
                rows={10}
                className="mono"
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-invalid={problem !== null || undefined}
                spellCheck={false}
              />
              {problem ? (
                <p className="field-error" role="alert">
                  {problem}
                </p>
              ) : null}
            </div>
            <ErrorMessage error={action.error} context="Could not import the keys" />
          </div>
          <FormActions onCancel={onClose} busy={action.busy} submitLabel="Import" busyLabel="Importing…" />
        </form>
      )}
    </Dialog>
  );
}
