// The four steps of the "Test emergency calling…" dialog, each a small component; TestCallDialog picks one.

import type { Ref } from 'preact';
import { useId } from 'preact/hooks';
import type { CallView, PlanSummary, TestAnswer, TestCallResult } from '../platform/bindings';
import { callStateText, conveyedByText, sentence, spokenNumber, testOutcomeText } from '../state/callFormat';
import type { TestFlow } from '../state/testFlow';
import { ReadbackExpected } from './ReadbackExpected';

function StepError({ flow, op, lead }: { flow: TestFlow; op: string; lead: string }) {
  if (flow.error === null || flow.error.op !== op) return null;
  return (
    <div class="alert alert--inline" role="alert" data-testid="test-call-error" data-code={flow.error.code}>
      <span>
        {lead}: {sentence(flow.error.message)}
      </span>
    </div>
  );
}

/** What the flow expects, in the form `ReadbackExpected` shows it. */
function Expected({ flow }: { flow: TestFlow }) {
  const expected = flow.expected;
  return (
    <ReadbackExpected
      number={expected?.callback_spoken || null}
      address={expected?.address ?? null}
      source={expected?.address_source ?? null}
    />
  );
}

export interface IntroStepProps {
  flow: TestFlow;
  plan: PlanSummary | null;
  onStart: () => void;
  startRef: Ref<HTMLButtonElement>;
}

/** Step 1: what the test does and what the readback should say, from the plan in force; "Start test". */
export function IntroStep({ flow, plan, onStart, startRef }: IntroStepProps) {
  return (
    <div class="test-call__step">
      {plan ? (
        <ReadbackExpected
          number={plan.caller_id ? spokenNumber(plan.caller_id) : null}
          address={plan.location_sent}
          source={conveyedByText(plan.location_sent_by)}
        />
      ) : (
        <p class="test-call__no-plan" data-testid="test-call-no-plan">
          No calling account with E911 is set up, so there is nothing to test yet.
        </p>
      )}
      <StepError flow={flow} op="start" lead="Could not start the test" />
      <div class="modal__actions">
        <button
          ref={startRef}
          type="button"
          data-testid="test-call-start"
          disabled={flow.busy}
          aria-busy={flow.busy}
          onClick={onStart}
        >
          {flow.busy ? 'Starting…' : 'Start test'}
        </button>
      </div>
    </div>
  );
}

export interface CallingStepProps {
  flow: TestFlow;
  call: CallView | null;
  onHangUp: () => void;
  hangUpRef: Ref<HTMLButtonElement>;
}

/** Step 2: the test call is going; what the readback should say; "Hang up". */
export function CallingStep({ flow, call, onHangUp, hangUpRef }: CallingStepProps) {
  return (
    <div class="test-call__step">
      <p class="test-call__state">
        Test call to {flow.expected?.dialed ?? call?.remote ?? '933'}:{' '}
        <strong data-testid="test-call-state">{call ? callStateText(call) : 'Calling…'}</strong>
      </p>
      <Expected flow={flow} />
      <p class="muted">Listen to the readback and compare it with the above. Locus records what it hears.</p>
      <StepError flow={flow} op="hang_up" lead="Could not hang up" />
      <div class="modal__actions">
        <button
          ref={hangUpRef}
          type="button"
          class="button--danger-solid"
          data-testid="test-call-hang-up"
          onClick={onHangUp}
        >
          Hang up
        </button>
      </div>
    </div>
  );
}

export interface AnswerStepProps {
  flow: TestFlow;
  call: CallView | null;
  onAnswer: (answer: TestAnswer) => void;
  firstAnswerRef: Ref<HTMLButtonElement>;
}

/** Step 3: the call is over; "Did the readback match?" Yes / No / Couldn't hear. */
export function AnswerStep({ flow, call, onAnswer, firstAnswerRef }: AnswerStepProps) {
  const uid = useId();
  return (
    <div class="test-call__step">
      <p class="test-call__state">
        Test call to {flow.expected?.dialed ?? call?.remote ?? '933'}:{' '}
        <strong data-testid="test-call-state">{call ? callStateText(call) : 'Ended'}</strong>
      </p>
      <Expected flow={flow} />
      <div class="test-call__question" role="group" aria-labelledby={`${uid}-question`} aria-busy={flow.busy}>
        <h3 id={`${uid}-question`} class="test-call__question-title">
          Did the readback match?
        </h3>
        <div class="test-call__answers">
          <button
            ref={firstAnswerRef}
            type="button"
            data-testid="test-answer-matched"
            disabled={flow.busy}
            onClick={() => onAnswer('matched')}
          >
            Yes
          </button>
          <button
            type="button"
            class="button--quiet"
            data-testid="test-answer-mismatched"
            disabled={flow.busy}
            onClick={() => onAnswer('mismatched')}
          >
            No
          </button>
          <button
            type="button"
            class="button--quiet"
            data-testid="test-answer-inaudible"
            disabled={flow.busy}
            onClick={() => onAnswer('inaudible')}
          >
            Couldn't hear
          </button>
        </div>
      </div>
      <StepError flow={flow} op="answer" lead="Could not record your answer" />
    </div>
  );
}

export interface DoneStepProps {
  result: TestCallResult;
  onAgain: () => void;
  resultRef: Ref<HTMLDivElement>;
}

/** Step 4: the outcome (already in the audit log) and where the recording is, if one was made. */
export function DoneStep({ result, onAgain, resultRef }: DoneStepProps) {
  const outcome = testOutcomeText(result.outcome);
  return (
    <div class="test-call__step">
      <div
        ref={resultRef}
        class={`test-call__result ${outcome.ok ? 'is-ok' : 'is-bad'}`}
        data-testid="test-call-result"
        data-outcome={result.outcome}
        tabIndex={-1}
      >
        <h3 class="test-call__result-title">{outcome.title}</h3>
        <p>{outcome.advice}</p>
        {result.recording_path ? (
          <p data-testid="test-call-recording">
            Recording of the readback: <code class="path">{result.recording_path}</code>
          </p>
        ) : (
          <p data-testid="test-call-recording">No recording was made.</p>
        )}
        <p class="muted">The result is saved in the audit log.</p>
      </div>
      <div class="modal__actions">
        <button type="button" class="button--quiet" data-testid="test-call-again" onClick={onAgain}>
          Test again
        </button>
      </div>
    </div>
  );
}
