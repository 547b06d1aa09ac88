// Focus handling for modal dialogs: focus moves in when the dialog opens and goes back where it was when it
// closes; Tab cycles inside; Escape calls `onEscape` (or does nothing without one). Outside the dialog only the
// 911 buttons and the call bar can take focus, so 911 and hanging up stay one keystroke away (S1).

import { useLayoutEffect, useRef, type MutableRef } from 'preact/hooks';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Regions outside a dialog that stay reachable while it is open. */
const ALWAYS_REACHABLE = '[data-emergency], [data-calls]';

/** Wires the dialog in `dialogRef` (which needs `tabIndex={-1}`); returns the `onKeyDown` handler for it. */
export function useDialogFocus(
  dialogRef: MutableRef<HTMLElement | null>,
  onEscape?: () => void,
): (event: KeyboardEvent) => void {
  const escape = useRef(onEscape);
  escape.current = onEscape;

  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.focus();

    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      escape.current?.();
    };
    const keepFocusInside = (event: FocusEvent) => {
      const dialog = dialogRef.current;
      const target = event.target;
      if (!dialog || !(target instanceof Node) || dialog.contains(target)) return;
      if (target instanceof Element && target.closest(ALWAYS_REACHABLE)) return;
      dialog.focus();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', keepFocusInside);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', keepFocusInside);
      // After the render that removes the dialog has finished (it also lifts `inert` from the page), and only
      // if nothing else (another dialog) has taken the focus meanwhile.
      queueMicrotask(() => {
        const active = document.activeElement;
        const unclaimed = active === null || active === document.body || !active.isConnected;
        if (unclaimed && previous?.isConnected && !previous.closest('[inert]')) previous.focus();
      });
    };
  }, []);

  return (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const dialog = dialogRef.current;
    if (!dialog) return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
    if (items.length === 0) {
      event.preventDefault();
      dialog.focus();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };
}
