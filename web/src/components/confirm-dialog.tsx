import { useState, type FormEvent, type ReactNode } from 'react';
import { useAction } from '../hooks/use-api.js';
import { Dialog } from './dialog.js';
import { ErrorMessage } from './error-message.js';
import { FormActions } from './form-actions.js';

interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  /** The person types this (a project or org name) before a change that cannot be undone. */
  readonly typeToConfirm?: string;
  readonly onConfirm: () => Promise<unknown>;
  /** Called after onConfirm succeeded. */
  readonly onDone: () => void;
  readonly onCancel: () => void;
}

/** A destructive action, spelled out, with the server's error shown in place if it fails. */
export function ConfirmDialog({ title, children, confirmLabel, typeToConfirm, onConfirm, onDone, onCancel }: ConfirmDialogProps) {
  const action = useAction();
  const [typed, setTyped] = useState('');
  const ready = typeToConfirm === undefined || typed.trim() === typeToConfirm.trim();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!ready) return;
    const result = await action.run(onConfirm);
    if (result.ok) onDone();
  };

  return (
    <Dialog title={title} onClose={onCancel}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {children}
          {typeToConfirm !== undefined && (
            <div className="field">
              <label htmlFor="confirm-text">
                Type <strong className="mono">{typeToConfirm}</strong> to confirm
              </label>
              <input id="confirm-text" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
            </div>
          )}
          <ErrorMessage error={action.error} />
        </div>
        <FormActions onCancel={onCancel} busy={action.busy} submitLabel={confirmLabel} busyLabel="Working…" danger disabled={!ready} />
      </form>
    </Dialog>
  );
}
