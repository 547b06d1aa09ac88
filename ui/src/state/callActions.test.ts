import { describe, expect, it, vi } from 'vitest';
import type { CallView, TestCallView } from '../platform/bindings';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { callView, plan, readiness, status, suggestion, testCallView } from '../test/fixtures';
import { createController } from './controller';
import { createStore } from './store';

async function started(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  const store = createStore();
  const controller = createController(platform, store);
  await controller.start();
  return { platform, store, controller, state: () => store.state.value };
}

describe('controller: calls', () => {
  it('reads the calls in progress at start', async () => {
    const { state } = await started({ calls: [callView({ call_id: 'x', state: 'established' })] });
    expect(state().calls.map((c) => [c.call_id, c.state])).toEqual([['x', 'established']]);
  });

  it('a failed list_calls is shown as an alert and the status still loads', async () => {
    const { state } = await started({ calls: { reject: { code: 'internal', message: 'boom' } } });
    expect(state().error).toEqual({ op: 'calls', code: 'internal', message: 'boom' });
    expect(state().status).not.toBeNull();
  });

  it('dial puts the call on screen; a CallRinging that raced ahead is not undone', async () => {
    let resolve!: (view: CallView) => void;
    const { platform, state, controller } = await started();
    vi.mocked(platform.dial).mockReturnValueOnce(new Promise((r) => (resolve = r)));
    const dialing = controller.dial('3125550199');
    platform.emit({ type: 'CallRinging', payload: callView({ call_id: 'c1', state: 'ringing' }) });
    resolve(callView({ call_id: 'c1', state: 'calling' }));
    await dialing;
    expect(platform.dial).toHaveBeenCalledWith('3125550199');
    expect(state().calls.map((c) => [c.call_id, c.state])).toEqual([['c1', 'ringing']]);
  });

  it('dial rejects with the IpcError and changes nothing', async () => {
    const { state, controller } = await started({ dial: { reject: { code: 'no_account', message: 'no account' } } });
    await expect(controller.dial('911')).rejects.toEqual({ code: 'no_account', message: 'no account' });
    expect(state().calls).toEqual([]);
  });

  it('call events do not make the status be read again', async () => {
    const { platform } = await started();
    platform.emit({ type: 'CallRinging', payload: callView({ state: 'ringing' }) });
    platform.emit({ type: 'CallEnded', payload: callView({ state: 'ended', end_reason: 'busy' }) });
    expect(platform.getStatus).toHaveBeenCalledTimes(1);
  });

  it('hangUp: an error is passed on; a call the shell no longer knows is marked ended', async () => {
    const { platform, state, controller } = await started({ calls: [callView({ call_id: 'a' })] });
    platform.options.hangUp = { reject: { code: 'call_failed', message: 'socket closed' } };
    await expect(controller.hangUp('a')).rejects.toEqual({ code: 'call_failed', message: 'socket closed' });
    expect(state().calls[0]!.state).toBe('calling');
    platform.options.hangUp = { reject: { code: 'not_found', message: 'there is no call "a"' } };
    await controller.hangUp('a');
    expect(state().calls[0]!.state).toBe('ended');
    expect(platform.hangUp).toHaveBeenLastCalledWith('a');
  });

  it('setMuted sends mute_call and applies the call the shell answers with; a later event carries its own view', async () => {
    const { platform, state, controller } = await started({ calls: [callView({ call_id: 'a', state: 'established' })] });
    await controller.setMuted('a', true);
    expect(platform.muteCall).toHaveBeenLastCalledWith('a', true);
    expect(state().calls[0]).toMatchObject({ call_id: 'a', state: 'established', muted: true });
    platform.emit({ type: 'CallHeld', payload: callView({ call_id: 'a', state: 'on_hold', muted: true }) });
    expect(state().calls[0]).toMatchObject({ state: 'on_hold', muted: true });
    await controller.setMuted('a', false);
    expect(platform.muteCall).toHaveBeenLastCalledWith('a', false);
    expect(state().calls[0]).toMatchObject({ state: 'on_hold', muted: false });
  });

  it('setMuted: an error is passed on and the state is unchanged', async () => {
    const { platform, state, controller } = await started({ calls: [callView({ call_id: 'a', state: 'established' })] });
    const before = state().calls;
    platform.options.mute = { reject: { code: 'call_failed', message: 'no audio device' } };
    await expect(controller.setMuted('a', true)).rejects.toEqual({ code: 'call_failed', message: 'no audio device' });
    expect(state().calls).toBe(before);
  });

  it('setMuted: a call closed before the answer came back is not brought back', async () => {
    let resolve!: (view: CallView) => void;
    const over = callView({ call_id: 'a', state: 'ended', end_reason: 'remote_hung_up' });
    const { platform, state, controller } = await started({ calls: [over] });
    vi.mocked(platform.muteCall).mockReturnValueOnce(new Promise((r) => (resolve = r)));
    const muting = controller.setMuted('a', true);
    controller.closeCall('a');
    resolve(callView({ call_id: 'a', state: 'established', muted: true }));
    await muting;
    expect(state().calls).toEqual([]);
  });

  it('sendDtmf sends send_dtmf with the call id and digits, and passes an error on as an IpcError', async () => {
    const { platform, state, controller } = await started({ calls: [callView({ call_id: 'a', state: 'established' })] });
    const before = state().calls;
    await controller.sendDtmf('a', '5');
    expect(platform.sendDtmf).toHaveBeenLastCalledWith('a', '5');
    expect(state().calls).toBe(before);
    await expect(controller.sendDtmf('a', 'x')).rejects.toMatchObject({ code: 'call_failed' });
    await expect(controller.sendDtmf('nope', '1')).rejects.toMatchObject({ code: 'not_found' });
    platform.options.dtmf = { reject: 'socket closed' };
    await expect(controller.sendDtmf('a', '1')).rejects.toEqual({ code: 'internal', message: 'socket closed' });
  });

  it('transferCall sends transfer_call with the call id and target, and passes a refusal on as an IpcError', async () => {
    const { platform, state, controller } = await started({ calls: [callView({ call_id: 'a', state: 'established' })] });
    const before = state().calls;
    await controller.transferCall('a', '3125550142');
    expect(platform.transferCall).toHaveBeenLastCalledWith('a', '3125550142');
    expect(state().calls).toBe(before);
    platform.options.transfer = { reject: { code: 'emergency_transfer', message: 'not to 911' } };
    await expect(controller.transferCall('a', '911')).rejects.toEqual({
      code: 'emergency_transfer',
      message: 'not to 911',
    });
    platform.options.transfer = { reject: 'socket closed' };
    await expect(controller.transferCall('a', '1')).rejects.toEqual({ code: 'internal', message: 'socket closed' });
  });

  it('closeCall takes only ended calls off the screen', async () => {
    const { state, controller } = await started({
      calls: [callView({ call_id: 'live' }), callView({ call_id: 'over', state: 'ended', end_reason: 'busy' })],
    });
    controller.closeCall('live');
    controller.closeCall('over');
    expect(state().calls.map((c) => c.call_id)).toEqual(['live']);
  });

  it('a ReadinessChanged event reads the emergency plan again', async () => {
    const { platform, state } = await started();
    platform.options.plan = plan({ caller_id: '3125550100' });
    platform.emit({ type: 'ReadinessChanged', payload: readiness('green') });
    await vi.waitFor(() => expect(state().plan?.caller_id).toBe('3125550100'));
  });
});

describe('controller: the readback test', () => {
  it('TestCallRequested opens the dialog and reads the plan', async () => {
    const { platform, state } = await started();
    platform.emit({ type: 'TestCallRequested' });
    expect(state().test).toMatchObject({ open: true, step: 'intro' });
    expect(platform.emergencyPlan).toHaveBeenCalledOnce();
  });

  it('start, end, answer: the answer goes to the shell with the call id', async () => {
    const { platform, state, controller } = await started({ status: status({ test_suggestion: suggestion() }) });
    controller.openTest();
    await controller.startTest();
    expect(state().test).toMatchObject({ step: 'calling', callId: 'test-1' });
    platform.emit({ type: 'CallEnded', payload: { ...testCallView().call, state: 'ended', end_reason: 'remote_hung_up' } });
    expect(state().test.step).toBe('answer');
    await controller.answerTest('mismatched');
    expect(platform.answerTestCall).toHaveBeenCalledWith('test-1', 'mismatched');
    expect(state().test).toMatchObject({ step: 'done', result: { outcome: 'mismatched' } });
    expect(state().calls).toEqual([]);
    expect(state().testSuggestion).toBeNull();
  });

  it('closing mid-call hangs the test call up and keeps it for its answer', async () => {
    const { platform, state, controller } = await started();
    controller.openTest();
    await controller.startTest();
    controller.closeTest();
    expect(platform.hangUp).toHaveBeenCalledWith('test-1');
    expect(state().test).toMatchObject({ open: false, step: 'calling', callId: 'test-1' });
  });

  it('a test started and then abandoned (dialog closed while dialing) is hung up', async () => {
    let resolve!: (view: TestCallView) => void;
    const { platform, state, controller } = await started();
    vi.mocked(platform.startTestCall).mockReturnValueOnce(new Promise((r) => (resolve = r)));
    controller.openTest();
    const starting = controller.startTest();
    controller.closeTest();
    resolve(testCallView());
    await starting;
    expect(platform.hangUp).toHaveBeenCalledWith('test-1');
    expect(state().test.open).toBe(false);
    expect(state().test.callId).toBeNull();
    expect(state().calls.map((c) => c.call_id)).toEqual(['test-1']);
  });

  it('errors stay in the flow, by operation', async () => {
    const { platform, state, controller } = await started({
      startTest: { reject: { code: 'no_account', message: 'no SIP account is set up' } },
    });
    controller.openTest();
    await controller.startTest();
    expect(state().test).toMatchObject({ step: 'intro', busy: false, error: { op: 'start', code: 'no_account' } });

    platform.options.startTest = testCallView();
    await controller.startTest();
    platform.options.hangUp = { reject: { code: 'call_failed', message: 'socket closed' } };
    await controller.hangUpTest();
    expect(state().test.error).toMatchObject({ op: 'hang_up', message: 'socket closed' });

    platform.emit({ type: 'CallEnded', payload: { ...testCallView().call, state: 'ended' } });
    platform.options.answerTest = { reject: { code: 'storage', message: 'disk full' } };
    await controller.answerTest('matched');
    expect(state().test).toMatchObject({ step: 'answer', busy: false, error: { op: 'answer', message: 'disk full' } });
  });

  it('openTestAnswer resumes an ended test call found by list_calls', async () => {
    const ended = callView({ call_id: 't7', kind: 'emergency_test', state: 'ended', end_reason: 'hung_up' });
    const { platform, state, controller } = await started({ calls: [ended] });
    controller.openTestAnswer('t7');
    expect(state().test).toMatchObject({ open: true, step: 'answer', callId: 't7' });
    await controller.answerTest('matched');
    expect(platform.answerTestCall).toHaveBeenCalledWith('t7', 'matched');
  });

  it('dismissSuggestion clears it only once the shell accepted', async () => {
    const { platform, state, controller } = await started({ status: status({ test_suggestion: suggestion() }) });
    platform.options.dismissSuggestion = { reject: { code: 'storage', message: 'read-only' } };
    await expect(controller.dismissSuggestion()).rejects.toEqual({ code: 'storage', message: 'read-only' });
    expect(state().testSuggestion).not.toBeNull();
    platform.options.dismissSuggestion = null;
    await controller.dismissSuggestion();
    expect(state().testSuggestion).toBeNull();
    expect(platform.dismissTestSuggestion).toHaveBeenCalledTimes(2);
  });
});
