import { useState } from 'preact/hooks';

export const DIALER_NOTE = 'Calling 911 is available from the dialer';

export interface EmergencyDialButtonProps {
  /** Places the call; absent until the SIP stack lands, then the button explains where to call from. */
  onDial?: (() => Promise<void>) | undefined;
  /** Extra class for where the button sits (top bar or dialog). */
  class?: string;
}

/**
 * "Call 911". Never disabled and never inside an inert region: 911 must stay reachable while Locus asks
 * where the user is (S1).
 */
export function EmergencyDialButton({ onDial, class: extra }: EmergencyDialButtonProps) {
  const [note, setNote] = useState<string | null>(null);

  const dial = () => {
    if (!onDial) {
      setNote(DIALER_NOTE);
      return;
    }
    setNote(null);
    onDial().catch((reason: unknown) => {
      const message = typeof reason === 'object' && reason !== null && 'message' in reason ? String(reason.message) : '';
      setNote(message ? `Could not start the call: ${message}. Use another phone for 911.` : 'Use another phone for 911.');
    });
  };

  return (
    <div class={`emergency ${extra ?? ''}`.trim()} data-emergency="">
      <button type="button" class="button--emergency" data-testid="emergency-dial" onClick={dial}>
        Call 911
      </button>
      <span class="emergency__note" role="status" data-testid="emergency-dial-note">
        {note}
      </span>
    </div>
  );
}
