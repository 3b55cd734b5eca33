import { type ReactNode, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';

const FOCUSABLE = ':is(input, select, textarea, button, [href], [tabindex]):not([disabled], [tabindex="-1"])';

interface DialogProps {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Shown under the title. */
  description?: ReactNode;
}

/**
 * A modal dialog on the native <dialog> element: the browser traps focus, Escape closes it, and
 * focus returns to the control that opened it. The content mounts once the dialog is showing, so a
 * field with `autoFocus` gets the focus (React focuses it on mount, which fails while hidden);
 * otherwise the first control of the content does.
 */
export function Dialog({ open, title, onClose, children, description }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);
  const [showing, setShowing] = useState(false);

  // Before paint: the content renders into a dialog that is already open, without a blank frame.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
    setShowing(open);
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!showing || !dialog) return;
    if (dialog.contains(document.activeElement) && document.activeElement !== dialog) return;
    const controls = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
    (controls.find((c) => !c.classList.contains('dialog__close')) ?? controls[0])?.focus();
  }, [showing]);

  useEffect(() => {
    if (open) return;
    const previous = opener.current;
    if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    opener.current = null;
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && showing ? (
        <div className="dialog__content">
          <header className="dialog__header">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            <button type="button" className="dialog__close" onClick={onClose} aria-label="Close">
              ×
            </button>
          </header>
          {description ? <p className="dialog__description">{description}</p> : null}
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

/** The row of buttons at the bottom of a dialog form. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="dialog__actions">{children}</div>;
}
