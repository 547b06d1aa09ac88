import { useId } from 'preact/hooks';
import type { CallView } from '../platform/bindings';
import { POSSIBLE_EMERGENCY_CALLBACK, callTitle, sentence } from '../state/callFormat';
import { useHangUp } from './useHangUp';

export interface IncomingCallPanelProps {
  /** An incoming call that is ringing. */
  call: CallView;
  onAnswer: () => Promise<void>;
  onDecline: () => Promise<void>;
}

/**
 * A call ringing here, on the call bar: who is calling, Answer and Decline. Inside the PSAP callback window after
 * a 911 call it is labelled "Possible 911 callback" (it may be the dispatcher), and announced at once.
 */
export function IncomingCallPanel({ call, onAnswer, onDecline }: IncomingCallPanelProps) {
  const uid = useId();
  const answer = useHangUp(onAnswer);
  const decline = useHangUp(onDecline);
  const callback = call.possible_emergency_callback;
  const title = callTitle(call.kind, call.remote, call.remote_name);
  const announcement = callback ? `${POSSIBLE_EMERGENCY_CALLBACK}: ${title}` : `Incoming call: ${title}`;
  const error = answer.error ?? decline.error;

  return (
    <article
      class={callback ? 'call call--incoming call--callback' : 'call call--incoming'}
      aria-labelledby={`${uid}-title`}
      data-testid="incoming-call"
      data-call-id={call.call_id}
      data-state={call.state}
    >
      <p class="visually-hidden" aria-live="assertive" data-testid="incoming-announcer">
        {announcement}
      </p>
      {callback && (
        <p class="call__callback-label" data-testid="possible-emergency-callback">
          {POSSIBLE_EMERGENCY_CALLBACK}
        </p>
      )}
      <div class="call__main">
        <h2 id={`${uid}-title`} class="call__title">
          {title}
        </h2>
        {/* A possible callback rings loudly (see state/ringPlan.ts); the label above already says why. */}
        <p class="call__state" data-testid="incoming-ringing">
          {callback ? 'Ringing loudly…' : 'Ringing…'}
        </p>
      </div>
      {error && (
        <p class="call__error" role="alert" data-testid="incoming-error">
          {answer.error ? 'Could not answer' : 'Could not decline'}: {sentence(error.message)}
        </p>
      )}
      <div class="call__actions">
        <button
          type="button"
          class="button--answer"
          data-testid="incoming-answer"
          aria-describedby={`${uid}-title`}
          onClick={answer.hangUp}
        >
          Answer
        </button>
        <button
          type="button"
          class="button--quiet"
          data-testid="incoming-decline"
          aria-describedby={`${uid}-title`}
          onClick={decline.hangUp}
        >
          Decline
        </button>
      </div>
    </article>
  );
}
