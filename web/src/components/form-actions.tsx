/**
 * The footer every form dialog shares: Cancel, and the submit button that shows its
 * busy label while the request runs (and cannot be pressed twice).
 */
export function FormActions({
  onCancel,
  busy,
  submitLabel,
  busyLabel,
  danger = false,
  disabled = false,
}: {
  onCancel: () => void;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={disabled || busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
