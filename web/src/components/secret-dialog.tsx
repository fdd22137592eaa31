import { useRef, useState, type ReactNode } from 'react';
import { Dialog } from './dialog.js';

interface SecretDialogProps {
  readonly title: string;
  /** The raw key, as the 201 of create or roll returned it: the only time anyone sees it. */
  readonly secret: string;
  readonly label: string;
  readonly children?: ReactNode;
  readonly onClose: () => void;
}

/**
 * Shows a raw key once. Escape does not close it: a stray key press must not throw away a
 * secret that cannot be shown again; the Done button does.
 */
export function SecretDialog({ title, secret, label, children, onClose }: SecretDialogProps) {
  const input = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('copied');
    } catch {
      // No clipboard permission (an embedded browser, say): select it for Ctrl/⌘+C instead.
      input.current?.select();
      setCopied(document.execCommand?.('copy') ? 'copied' : 'failed');
    }
  };

  return (
    <Dialog title={title} onClose={onClose} dismissable={false} wide>
      <div className="dialog-body">
        <div className="alert alert-warning" role="note">
          <p>
            <strong>Copy this key now. You will not see it again.</strong> Keyward keeps only a hash of it, so it cannot show it later; if
            it is lost, roll the key to get a new one.
          </p>
        </div>
        <div className="field">
          <label htmlFor="secret-value">{label}</label>
          <div className="secret-row">
            {/* A textarea so the whole key wraps into view, even on a phone. */}
            <textarea
              id="secret-value"
              ref={input}
              className="mono secret-value"
              value={secret}
              readOnly
              rows={2}
              spellCheck={false}
              autoComplete="off"
              onFocus={(e) => e.currentTarget.select()}
              data-testid="secret-value"
            />
            <button type="button" className="button button-primary" onClick={() => void copy()} data-autofocus>
              Copy
            </button>
          </div>
          <p className="field-hint" role="status" aria-live="polite">
            {copied === 'copied'
              ? 'Copied to the clipboard.'
              : copied === 'failed'
                ? 'Copy failed: select the key and press Ctrl+C (⌘C).'
                : ''}
          </p>
        </div>
        {children}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Done, I have stored it
        </button>
      </div>
    </Dialog>
  );
}
