import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** Escape and the close button are off while something must not be lost (a key shown once). */
  readonly dismissable?: boolean;
  readonly wide?: boolean;
}

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert, so focus
 * stays inside and Escape works without a focus-trap library. Mounted means open: the
 * parent renders it when needed, so every opening starts with a fresh form. Focus goes to
 * the first field (or `data-autofocus`) and returns to whatever opened it.
 */
export function Dialog({ title, onClose, children, dismissable = true, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>(
      '[data-autofocus], input:not([type=hidden]):not([disabled]), select, textarea, .dialog-body button, .dialog-actions button',
    );
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // The opener may be gone (a deleted row); then the page title is the next best place.
      const target = opener && opener.isConnected ? opener : document.querySelector<HTMLElement>('[data-page-title]');
      target?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let React state close it (or refuse, when not dismissable).
        event.preventDefault();
        if (dismissable) onCloseRef.current();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        {dismissable && (
          <button type="button" className="dialog-close" aria-label="Close" onClick={() => onCloseRef.current()}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
      {children}
    </dialog>
  );
}
