// The "Test emergency calling…" dialog's flow as one immutable value, and pure steps through it:
// intro (what the readback should say) → calling → answer ("Did the readback match?") → done (the outcome).

import type {
  CallView,
  IpcError,
  ReadbackExpectation,
  TestCallResult,
  TestCallView,
} from '../platform/bindings';
import { findCall } from './calls';
import { spokenNumber } from './callFormat';

export type TestStep = 'intro' | 'calling' | 'answer' | 'done';

/** What failed, so the dialog can say it in the right place. */
export type TestOp = 'start' | 'hang_up' | 'answer';

export interface TestFlow {
  /** Whether the dialog is open; the flow outlives a closed dialog while its call waits for an answer. */
  open: boolean;
  step: TestStep;
  /** True while starting the test or sending the answer. */
  busy: boolean;
  /** The test call, once started. */
  callId: string | null;
  /** What the readback should say, from `start_test_call` (or the call's own details when resumed). */
  expected: ReadbackExpectation | null;
  /** Where the received audio is being recorded. */
  recordingPath: string | null;
  /** The recorded outcome, on the last step. */
  result: TestCallResult | null;
  error: (IpcError & { op: TestOp }) | null;
}

export const closedTest: TestFlow = {
  open: false,
  step: 'intro',
  busy: false,
  callId: null,
  expected: null,
  recordingPath: null,
  result: null,
  error: null,
};

/** True while a test call exists that the flow follows (calling, or waiting for the answer). */
export function testInProgress(flow: TestFlow): boolean {
  return flow.step === 'calling' || flow.step === 'answer';
}

/** Opens the dialog: back where it was if a test is in progress, otherwise at a fresh intro. */
export function openTestFlow(flow: TestFlow): TestFlow {
  if (flow.open) return flow;
  return testInProgress(flow) ? { ...flow, open: true } : { ...closedTest, open: true };
}

/** Opens the dialog on the question for a test call that ended while the dialog was closed. */
export function openTestAnswer(call: CallView): TestFlow {
  return { ...closedTest, open: true, step: 'answer', callId: call.call_id, expected: expectationFromCall(call) };
}

/** Closes the dialog; a test in progress is kept so its question can still be answered. */
export function closeTestFlow(flow: TestFlow): TestFlow {
  return testInProgress(flow) ? { ...flow, open: false, busy: false, error: null } : closedTest;
}

export function testBusy(flow: TestFlow): TestFlow {
  return { ...flow, busy: true, error: null };
}

/** The test call is out; `calls` already holds its view (it may have ended before this answer arrived). */
export function testStarted(flow: TestFlow, view: TestCallView, calls: CallView[]): TestFlow {
  const ended = findCall(calls, view.call.call_id)?.state === 'ended';
  return {
    ...flow,
    step: ended ? 'answer' : 'calling',
    busy: false,
    callId: view.call.call_id,
    expected: view.expected,
    recordingPath: view.recording_path,
    result: null,
    error: null,
  };
}

export function testFailed(flow: TestFlow, op: TestOp, error: IpcError): TestFlow {
  return { ...flow, busy: false, error: { op, code: error.code, message: error.message } };
}

/** `CallEnded`: the test call is over, so ask whether the readback matched. */
export function testCallEnded(flow: TestFlow, view: CallView): TestFlow {
  if (flow.step !== 'calling' || view.call_id !== flow.callId) return flow;
  return { ...flow, step: 'answer', error: flow.error?.op === 'hang_up' ? null : flow.error };
}

/** The answer was recorded (the command's reply or the `TestCallResult` event, whichever comes first). */
export function testAnswered(flow: TestFlow, result: TestCallResult): TestFlow {
  if (result.call_id !== flow.callId || flow.step === 'done') return flow;
  return { ...flow, step: 'done', busy: false, result, error: null };
}

/** What the readback should say, rebuilt from a call's own details (for a test resumed after a restart). */
export function expectationFromCall(call: CallView): ReadbackExpectation | null {
  if (call.emergency === null) return null;
  return {
    dialed: call.remote,
    callback_number: call.emergency.callback_did,
    callback_spoken: spokenNumber(call.emergency.callback_did),
    address: call.emergency.location_text,
    address_source: null,
  };
}
