// The pieces of Mute shared by the ordinary and the 911 call panels: the toggle button, the "Muted" mark for the
// status line, and the error line. The state they show is the call's own `muted` (the shell's answer).

import type { CallView } from '../platform/bindings';
import { sentence } from '../state/callFormat';
import type { MuteFailure } from './useMute';

/** Mute is offered (and "Muted" shown) only while the line is up: answered, or on hold. */
export function canMute(call: Pick<CallView, 'state'>): boolean {
  return call.state === 'established' || call.state === 'on_hold';
}

export interface MuteButtonProps {
  muted: boolean;
  busy: boolean;
  onToggle: () => void;
  /** The id of the panel's heading, so the button says which call it mutes. */
  describedBy: string;
}

/**
 * A toggle named "Mute", pressed while muted. While a change is under way it is `aria-disabled` rather than
 * `disabled`, so keyboard focus stays on it.
 */
export function MuteButton({ muted, busy, onToggle, describedBy }: MuteButtonProps) {
  return (
    <button
      type="button"
      class="button--quiet call__mute"
      data-testid="call-mute"
      aria-pressed={muted}
      aria-disabled={busy || undefined}
      aria-describedby={describedBy}
      onClick={onToggle}
    >
      Mute
    </button>
  );
}

/** The "Muted" mark after the call's state ("Connected · Muted"). */
export function MutedMark() {
  return (
    <>
      {' · '}
      <span class="call__muted" data-testid="call-muted">
        Muted
      </span>
    </>
  );
}

export function MuteError({ failure }: { failure: MuteFailure }) {
  return (
    <p class="call__error" role="alert" data-testid="call-mute-error">
      {failure.muting ? 'Could not mute' : 'Could not unmute'}: {sentence(failure.error.message)}
    </p>
  );
}
