import { useState } from 'preact/hooks';
import { OTHER_PHONE, sentence } from '../state/callFormat';

export interface EmergencyDialButtonProps {
  /** Places the 911 call (the call itself then shows on the call bar); rejects with an `IpcError`. */
  onDial: () => Promise<void>;
  /** Extra class for where the button sits (top bar or dialog). */
  class?: string;
}

/**
 * "Call 911". Never disabled and never inside an inert region: 911 must stay reachable while Locus asks
 * where the user is or runs the readback test (S1). A failure says to use another phone.
 */
export function EmergencyDialButton({ onDial, class: extra }: EmergencyDialButtonProps) {
  const [note, setNote] = useState<string | null>(null);

  const dial = () => {
    setNote(null);
    onDial().catch((reason: unknown) => {
      const message = typeof reason === 'object' && reason !== null && 'message' in reason ? String(reason.message) : '';
      setNote(message ? `Could not start the call: ${sentence(message)} ${OTHER_PHONE}` : OTHER_PHONE);
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
