import { useId, useState, type FormEvent } from 'react';
import type { Key, KeyWithSecret } from '../api/types.js';
import { useSession } from '../app/session-context.js';
import { Dialog } from '../components/dialog.js';
import { ErrorMessage } from '../components/error-message.js';
import { useAction } from '../hooks/use-api.js';
import { FormActions } from '../components/form-actions.js';

const GRACE = [
  [0, 'None: the old key stops now'],
  [300, '5 minutes'],
  [3600, '1 hour'],
  [86_400, '24 hours'],
  [7 * 86_400, '7 days'],
] as const;

/** Replace a key: same name, roles and limits, a new secret; the old one lives on for the grace. */
export function RollKeyDialog({
  apiKey,
  onRolled,
  onClose,
}: {
  readonly apiKey: Key;
  readonly onRolled: (key: KeyWithSecret) => void;
  readonly onClose: () => void;
}) {
  const { client } = useSession();
  const id = useId();
  const [grace, setGrace] = useState(3600);
  const action = useAction();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await action.run(() => client.rollKey(apiKey.id, grace));
    if (result.ok) onRolled(result.value);
  };

  return (
    <Dialog title={`Roll key “${apiKey.name}”`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="dialog-body">
          <p>
            Rolling makes a new key with the same name, roles, expiry and rate limit. The old key (
            <span className="mono">{apiKey.preview}</span>) keeps working for the grace period, so you can deploy the new one first.
          </p>
          <div className="field">
            <label htmlFor={`${id}-grace`}>Grace period for the old key</label>
            <select id={`${id}-grace`} value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
              {GRACE.map(([seconds, label]) => (
                <option key={seconds} value={seconds}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <ErrorMessage error={action.error} context="Could not roll the key" />
        </div>
        <FormActions onCancel={onClose} busy={action.busy} submitLabel="Roll key" busyLabel="Rolling…" />
      </form>
    </Dialog>
  );
}
