import type { CallView } from '../platform/bindings';
import { CallAnnouncer } from './CallAnnouncer';
import { CallPanel } from './CallPanel';
import { EmergencyCallPanel } from './EmergencyCallPanel';
import { IncomingCallPanel } from './IncomingCallPanel';

export interface CallBarProps {
  /** The calls to show, oldest first (the test call owned by an open test dialog is left out by the caller). */
  calls: CallView[];
  onHangUp: (callId: string) => Promise<void>;
  /** Hold or resume an answered ordinary call. */
  onToggleHold: (call: CallView) => Promise<void>;
  /** Mutes or unmutes a live call (any kind, 911 too). */
  onSetMuted: (callId: string, muted: boolean) => Promise<void>;
  /** Sends DTMF digits on an answered call (any kind, 911 too). */
  onSendDtmf: (callId: string, digits: string) => Promise<void>;
  /** Blind-transfers an answered ordinary or incoming call (never a 911 call). */
  onTransfer: (callId: string, target: string) => Promise<void>;
  onClose: (callId: string) => void;
  onAnswerTest: (callId: string) => void;
  /** Answers a ringing incoming call. */
  onAnswer: (callId: string) => Promise<void>;
  /** Declines a ringing incoming call. */
  onDecline: (callId: string) => Promise<void>;
}

const isRinging = (call: CallView) => call.kind === 'incoming' && call.state === 'ringing';

/**
 * Every call in progress (and ended ones until closed), in the top bar under the readiness strip: visible on
 * every page and above every dialog, so hanging up is always possible. Emergency calls come first, then incoming
 * calls still ringing (with Answer and Decline).
 */
export function CallBar({
  calls,
  onHangUp,
  onToggleHold,
  onSetMuted,
  onSendDtmf,
  onTransfer,
  onClose,
  onAnswerTest,
  onAnswer,
  onDecline,
}: CallBarProps) {
  const ordered = [
    ...calls.filter((c) => c.kind === 'emergency'),
    ...calls.filter(isRinging),
    ...calls.filter((c) => c.kind !== 'emergency' && !isRinging(c)),
  ];
  return (
    <>
      {ordered.length > 0 && (
        <section class="calls" aria-label="Calls" data-calls="" data-testid="calls">
          {ordered.map((call) =>
            isRinging(call) ? (
              <IncomingCallPanel
                key={call.call_id}
                call={call}
                onAnswer={() => onAnswer(call.call_id)}
                onDecline={() => onDecline(call.call_id)}
              />
            ) : call.kind === 'emergency' ? (
              <EmergencyCallPanel
                key={call.call_id}
                call={call}
                onHangUp={() => onHangUp(call.call_id)}
                onSetMuted={(muted) => onSetMuted(call.call_id, muted)}
                onSendDtmf={(digits) => onSendDtmf(call.call_id, digits)}
                onClose={() => onClose(call.call_id)}
              />
            ) : (
              <CallPanel
                key={call.call_id}
                call={call}
                onHangUp={() => onHangUp(call.call_id)}
                onToggleHold={() => onToggleHold(call)}
                onSetMuted={(muted) => onSetMuted(call.call_id, muted)}
                onSendDtmf={(digits) => onSendDtmf(call.call_id, digits)}
                onTransfer={(target) => onTransfer(call.call_id, target)}
                onClose={() => onClose(call.call_id)}
                onAnswerTest={() => onAnswerTest(call.call_id)}
              />
            ),
          )}
        </section>
      )}
      <CallAnnouncer calls={calls} />
    </>
  );
}
