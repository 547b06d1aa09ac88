import { describe, expect, it } from 'vitest';
import { callView, expectation, testCallResult, testCallView } from '../test/fixtures';
import {
  closeTestFlow,
  closedTest,
  expectationFromCall,
  openTestAnswer,
  openTestFlow,
  testAnswered,
  testBusy,
  testCallEnded,
  testFailed,
  testStarted,
} from './testFlow';

describe('testFlow', () => {
  it('opens fresh at the intro, and closing before a call forgets everything', () => {
    const open = openTestFlow(closedTest);
    expect(open).toMatchObject({ open: true, step: 'intro', callId: null });
    expect(openTestFlow(open)).toBe(open);
    expect(closeTestFlow(testFailed(open, 'start', { code: 'no_account', message: 'x' }))).toBe(closedTest);
  });

  it('start → calling → answer → done', () => {
    const view = testCallView();
    const calling = testStarted(testBusy(openTestFlow(closedTest)), view, [view.call]);
    expect(calling).toMatchObject({ step: 'calling', busy: false, callId: 'test-1', recordingPath: view.recording_path });
    expect(calling.expected).toEqual(expectation());
    // Another call ending changes nothing.
    expect(testCallEnded(calling, callView({ call_id: 'other', state: 'ended' }))).toBe(calling);
    const answer = testCallEnded(calling, { ...view.call, state: 'ended', end_reason: 'remote_hung_up' });
    expect(answer.step).toBe('answer');
    const done = testAnswered(testBusy(answer), testCallResult({ outcome: 'mismatched' }));
    expect(done).toMatchObject({ step: 'done', busy: false });
    expect(done.result?.outcome).toBe('mismatched');
    // The command's reply after the event (or the other way round) does not change the outcome again.
    expect(testAnswered(done, testCallResult())).toBe(done);
    expect(testAnswered(answer, testCallResult({ call_id: 'someone-else' }))).toBe(answer);
  });

  it('a test call that ended before start_test_call answered goes straight to the question', () => {
    const view = testCallView();
    const ended = { ...view.call, state: 'ended' as const, end_reason: 'busy' };
    expect(testStarted(openTestFlow(closedTest), view, [ended]).step).toBe('answer');
  });

  it('closing mid-test keeps the call so it can be answered; reopening resumes', () => {
    const view = testCallView();
    const calling = testStarted(openTestFlow(closedTest), view, [view.call]);
    const closed = closeTestFlow(calling);
    expect(closed).toMatchObject({ open: false, step: 'calling', callId: 'test-1' });
    expect(openTestFlow(closed)).toMatchObject({ open: true, step: 'calling', callId: 'test-1' });
    const done = testAnswered(testCallEnded(calling, { ...view.call, state: 'ended' }), testCallResult());
    expect(openTestFlow(closeTestFlow(done))).toMatchObject({ open: true, step: 'intro', result: null });
  });

  it('failures keep the step and say which operation failed', () => {
    const flow = testFailed(testBusy(openTestFlow(closedTest)), 'start', { code: 'call_failed', message: 'nope' });
    expect(flow).toMatchObject({ step: 'intro', busy: false, error: { op: 'start', code: 'call_failed' } });
    expect(testBusy(flow).error).toBeNull();
  });

  it('resumes a test call from its own details', () => {
    const call = callView({ call_id: 't9', kind: 'emergency_test', state: 'ended' });
    const flow = openTestAnswer(call);
    expect(flow).toMatchObject({ open: true, step: 'answer', callId: 't9' });
    expect(flow.expected).toEqual({ ...expectation(), address_source: null });
    expect(expectationFromCall(callView({ kind: 'normal' }))).toBeNull();
  });
});
