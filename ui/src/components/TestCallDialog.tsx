import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { CallView, PlanSummary, TestAnswer } from '../platform/bindings';
import { callStateText, testOutcomeText } from '../state/callFormat';
import type { TestFlow } from '../state/testFlow';
import { AnswerStep, CallingStep, DoneStep, IntroStep } from './TestCallSteps';
import { useDialogFocus } from './useDialogFocus';
import { ModalBackdrop } from './ModalBackdrop';

export interface TestCallDialogProps {
  flow: TestFlow;
  /** The test call, once started. */
  call: CallView | null;
  /** The plan in force, for what the readback should say before the test starts. */
  plan: PlanSummary | null;
  onStart: () => void;
  onHangUp: () => void;
  onAnswer: (answer: TestAnswer) => void;
  /** Closes the dialog (hanging up a test call still going). Also on Escape. */
  onClose: () => void;
  /** "Test again" after an outcome. */
  onAgain: () => void;
}

/** What the hidden live region says for each step, so the flow is heard as well as seen. */
function stepStatus(flow: TestFlow, call: CallView | null): string {
  switch (flow.step) {
    case 'intro':
      return flow.busy ? 'Starting the test call…' : '';
    case 'calling':
      return `Test call: ${call ? callStateText(call) : 'Calling…'}`;
    case 'answer':
      return 'The test call is over. Did the readback match?';
    case 'done':
      return flow.result ? testOutcomeText(flow.result.outcome).title : '';
  }
}

/**
 * "Test emergency calling…": dials 933 (or the carrier's test number) on the emergency path, shows what the
 * readback should say, asks whether it matched and shows the recorded outcome. Like the confirmation dialog it
 * covers the page below the top bar, so "Call 911" and the call bar stay usable.
 */
export function TestCallDialog(props: TestCallDialogProps) {
  const { flow, call, plan, onStart, onHangUp, onAnswer, onClose, onAgain } = props;
  const uid = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const hangUpRef = useRef<HTMLButtonElement>(null);
  const firstAnswerRef = useRef<HTMLButtonElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const trapTab = useDialogFocus(dialogRef, onClose);

  // Each new step puts the focus on what to do next; the intro keeps it on the dialog when it first opens so
  // the title and the explanation are read first.
  const firstStep = useRef(true);
  useLayoutEffect(() => {
    const opening = firstStep.current;
    firstStep.current = false;
    const target =
      flow.step === 'intro'
        ? opening
          ? null
          : startRef.current
        : flow.step === 'calling'
          ? hangUpRef.current
          : flow.step === 'answer'
            ? firstAnswerRef.current
            : resultRef.current;
    target?.focus();
  }, [flow.step]);

  const dialed = flow.expected?.dialed ?? '933';
  return (
    <ModalBackdrop testId="test-call-backdrop">
      <div
        ref={dialogRef}
        class="modal modal--narrow"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${uid}-title`}
        aria-describedby={`${uid}-description`}
        data-testid="test-call-dialog"
        data-step={flow.step}
        tabIndex={-1}
        onKeyDown={trapTab}
      >
        <header class="modal__header">
          <h2 id={`${uid}-title`} class="modal__title">
            Test emergency calling
          </h2>
          <button type="button" class="button--quiet" data-testid="test-call-close" onClick={onClose}>
            {flow.step === 'calling' ? 'Hang up and close' : 'Close'}
          </button>
        </header>
        <p id={`${uid}-description`} class="modal__why">
          This calls {dialed}, a free test line that reads back the callback number and address a 911 call from
          Locus would send. It does not reach a 911 dispatcher.
        </p>
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="test-call-status">
          {stepStatus(flow, call)}
        </p>
        {flow.step === 'intro' && <IntroStep flow={flow} plan={plan} onStart={onStart} startRef={startRef} />}
        {flow.step === 'calling' && (
          <CallingStep flow={flow} call={call} onHangUp={onHangUp} hangUpRef={hangUpRef} />
        )}
        {flow.step === 'answer' && (
          <AnswerStep flow={flow} call={call} onAnswer={onAnswer} firstAnswerRef={firstAnswerRef} />
        )}
        {flow.step === 'done' && flow.result && (
          <DoneStep result={flow.result} onAgain={onAgain} resultRef={resultRef} />
        )}
      </div>
    </ModalBackdrop>
  );
}
