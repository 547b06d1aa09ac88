// The dimmed layer behind a modal dialog. Clicking it does nothing, not even move the focus out of the dialog:
// each dialog is closed by its own buttons or Escape.
import type { ComponentChildren } from 'preact';

export interface ModalBackdropProps {
  /** The backdrop's `data-testid`. */
  testId: string;
  children: ComponentChildren;
}

export function ModalBackdrop({ testId, children }: ModalBackdropProps) {
  return (
    <div
      class="modal-backdrop"
      data-testid={testId}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) event.preventDefault();
      }}
    >
      {children}
    </div>
  );
}
