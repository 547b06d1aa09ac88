// The Mute, Keypad and Transfer buttons every in-call panel shows (ordinary and 911 alike; Transfer disabled on a
// 911 call), and the hook holding their state, so the two panels cannot drift apart.
import { useState } from 'preact/hooks';
import type { CallView } from '../platform/bindings';
import { KeypadToggle, canUseKeypad } from './InCallKeypad';
import { MuteButton, canMute } from './MuteControls';
import { TransferButton, canTransfer } from './TransferControls';
import { useDtmf } from './useDtmf';
import { useMute } from './useMute';
import { useTransfer } from './useTransfer';

/** Mute, DTMF, keypad-open and transfer state for one call panel; no `onTransfer`, no transfer (the 911 panel). */
export function useInCallControls(
  call: CallView,
  onSetMuted: (muted: boolean) => Promise<void>,
  onSendDtmf: (digits: string) => Promise<void>,
  onTransfer?: (target: string) => Promise<void>,
) {
  const mute = useMute(call.muted, onSetMuted);
  const dtmf = useDtmf(onSendDtmf);
  const transfer = useTransfer(onTransfer);
  const [keypadOpen, setKeypadOpen] = useState(false);
  return {
    mute,
    dtmf,
    transfer,
    keypad: canUseKeypad(call),
    keypadOpen,
    toggleKeypad: () => setKeypadOpen((open) => !open),
  };
}

export type InCallControls = ReturnType<typeof useInCallControls>;

interface InCallButtonsProps {
  call: CallView;
  controls: InCallControls;
  /** The id prefix of the panel (its title is `${uid}-title`, its keypad `${uid}-keypad`). */
  uid: string;
}

/** Mute (while the call is live), the Keypad toggle (while it is established) and Transfer (while live). */
export function InCallButtons({ call, controls, uid }: InCallButtonsProps) {
  return (
    <>
      {canMute(call) && (
        <MuteButton
          muted={call.muted}
          busy={controls.mute.busy}
          onToggle={controls.mute.toggle}
          describedBy={`${uid}-title`}
        />
      )}
      {controls.keypad && (
        <KeypadToggle
          open={controls.keypadOpen}
          onToggle={controls.toggleKeypad}
          controls={`${uid}-keypad`}
          describedBy={`${uid}-title`}
        />
      )}
      {canTransfer(call) && <TransferButton call={call} transfer={controls.transfer} uid={uid} />}
    </>
  );
}
