// The in-call keypad shared by the ordinary and the 911 call panels: the "Keypad" disclosure button, the 4×3 grid
// of DTMF keys (clicked, or typed on the keyboard while focus is inside it), the line of digits sent so far, and
// the error line.

import type { JSX } from 'preact';
import type { CallView } from '../platform/bindings';
import { sentence } from '../state/callFormat';
import type { DtmfFailure } from './useDtmf';

/** The keys, row by row: 1 2 3 / 4 5 6 / 7 8 9 / * 0 #. */
export const KEYPAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The keypad is offered only while the call is answered and up (not ringing, not on hold, not ended). */
export function canUseKeypad(call: Pick<CallView, 'state'>): boolean {
  return call.state === 'established';
}

/** `call-key-5`, `call-key-star`, `call-key-hash`. */
export function keyTestId(key: string): string {
  return `call-key-${key === '*' ? 'star' : key === '#' ? 'hash' : key}`;
}

export interface KeypadToggleProps {
  open: boolean;
  onToggle: () => void;
  /** The id of the keypad it shows and hides. */
  controls: string;
  /** The id of the panel's heading, so the button says which call it belongs to. */
  describedBy: string;
}

/** "Keypad": a disclosure button for the keypad below it. */
export function KeypadToggle({ open, onToggle, controls, describedBy }: KeypadToggleProps) {
  return (
    <button
      type="button"
      class="button--quiet call__keypad-toggle"
      data-testid="call-keypad-toggle"
      aria-expanded={open}
      aria-controls={controls}
      aria-describedby={describedBy}
      onClick={onToggle}
    >
      Keypad
    </button>
  );
}

export interface InCallKeypadProps {
  id: string;
  /** Who is on the other end, for the group's name ("Keypad for 312-555-0199"). */
  remote: string;
  /** The digits sent on this call so far. */
  sent: string;
  /** Sends one key. */
  onKey: (key: string) => void;
}

export function InCallKeypad({ id, remote, sent, onKey }: InCallKeypadProps) {
  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!(KEYPAD_KEYS as readonly string[]).includes(event.key)) return;
    event.preventDefault();
    // A held key sends its digit once.
    if (!event.repeat) onKey(event.key);
  };
  return (
    <div class="call__keypad" id={id} data-testid="call-keypad">
      <div class="keypad" role="group" aria-label={`Keypad for ${remote}`} onKeyDown={onKeyDown}>
        {KEYPAD_KEYS.map((key) => (
          <button key={key} type="button" class="keypad__key" data-testid={keyTestId(key)} onClick={() => onKey(key)}>
            {key}
          </button>
        ))}
      </div>
      <p class="call__dtmf-sent" aria-live="polite" data-testid="call-dtmf-sent">
        {sent === '' ? '' : `Sent: ${sent}`}
      </p>
    </div>
  );
}

export function DtmfError({ failure }: { failure: DtmfFailure }) {
  return (
    <p class="call__error" role="alert" data-testid="call-dtmf-error">
      Could not send {failure.digit}: {sentence(failure.error.message)}
    </p>
  );
}
