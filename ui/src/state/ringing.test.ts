import { describe, expect, it } from 'vitest';
import type { CallView } from '../platform/bindings';
import { createFakePlatform } from '../test/fakePlatform';
import { callView } from '../test/fixtures';
import { createRecordingRinger } from '../test/recordingRinger';
import { createController } from './controller';
import { watchRinging } from './ringing';
import { createStore } from './store';

const incoming = (id: string, overrides: Partial<CallView> = {}) =>
  callView({ call_id: id, kind: 'incoming', state: 'ringing', ...overrides });

/** The real controller and store, fed by a fake platform, with a recording ringer watching the state. */
async function setUp(options: Parameters<typeof createFakePlatform>[0] = {}) {
  const platform = createFakePlatform(options);
  const store = createStore();
  const controller = createController(platform, store);
  const ringer = createRecordingRinger();
  const page = new EventTarget();
  const unwatch = watchRinging(store.state, ringer, page);
  await controller.start();
  return { platform, store, controller, ringer, page, unwatch };
}

describe('watchRinging', () => {
  it('rings quietly for an ordinary incoming call and stops once it is answered', async () => {
    const { platform, controller, ringer } = await setUp();
    expect(ringer.calls).toEqual([]);
    platform.emit({ type: 'CallIncoming', payload: incoming('in-1') });
    expect(ringer.calls).toEqual(['start:quiet']);
    await controller.answerCall('in-1');
    expect(ringer.calls).toEqual(['start:quiet', 'stop']);
    platform.emit({ type: 'CallEstablished', payload: incoming('in-1', { state: 'established' }) });
    expect(ringer.calls).toEqual(['start:quiet', 'stop']);
  });

  it('rings loudly for a possible 911 callback and stops when the caller gives up', async () => {
    const { platform, ringer } = await setUp();
    platform.emit({ type: 'CallIncoming', payload: incoming('in-1', { possible_emergency_callback: true }) });
    expect(ringer.ringing).toBe('loud');
    platform.emit({
      type: 'CallEnded',
      payload: incoming('in-1', { state: 'ended', end_reason: 'cancelled', possible_emergency_callback: true }),
    });
    expect(ringer.calls).toEqual(['start:loud', 'stop']);
  });

  it('stops when the call is declined (CallEnded follows), and keeps ringing if declining fails', async () => {
    let failing = true;
    const { platform, controller, ringer } = await setUp({
      declineCall: () => (failing ? { reject: { code: 'call_failed', message: 'no' } } : null),
    });
    platform.emit({ type: 'CallIncoming', payload: incoming('in-1') });
    await expect(controller.declineCall('in-1')).rejects.toMatchObject({ code: 'call_failed' });
    expect(ringer.ringing).toBe('quiet');
    failing = false;
    await controller.declineCall('in-1');
    platform.emit({ type: 'CallEnded', payload: incoming('in-1', { state: 'ended', end_reason: 'declined' }) });
    expect(ringer.calls).toEqual(['start:quiet', 'stop']);
  });

  it('stays loud while a second call rings alongside a possible callback, and switches as calls stop ringing', async () => {
    const { platform, ringer } = await setUp();
    platform.emit({ type: 'CallIncoming', payload: incoming('callback', { possible_emergency_callback: true }) });
    platform.emit({ type: 'CallIncoming', payload: incoming('other') });
    expect(ringer.calls).toEqual(['start:loud']);
    platform.emit({
      type: 'CallEnded',
      payload: incoming('callback', { state: 'ended', end_reason: 'cancelled', possible_emergency_callback: true }),
    });
    expect(ringer.calls).toEqual(['start:loud', 'start:quiet']);
    platform.emit({ type: 'CallIncoming', payload: incoming('callback-2', { possible_emergency_callback: true }) });
    expect(ringer.calls).toEqual(['start:loud', 'start:quiet', 'start:loud']);
  });

  it('rings for a call already ringing when the app starts', async () => {
    const { ringer } = await setUp({ calls: [incoming('early', { possible_emergency_callback: true })] });
    expect(ringer.calls).toEqual(['start:loud']);
  });

  it('never rings for outgoing calls', async () => {
    const { platform, controller, ringer } = await setUp();
    const view = await controller.dial('3125550199');
    platform.emit({ type: 'CallRinging', payload: { ...view, state: 'ringing' } });
    expect(ringer.calls).toEqual([]);
  });

  it('stops when the window unloads, and when it stops watching', async () => {
    const { platform, ringer, page, unwatch } = await setUp();
    platform.emit({ type: 'CallIncoming', payload: incoming('in-1') });
    page.dispatchEvent(new Event('pagehide'));
    expect(ringer.calls).toEqual(['start:quiet', 'stop']);

    platform.emit({ type: 'CallIncoming', payload: incoming('in-2') });
    expect(ringer.calls).toEqual(['start:quiet', 'stop', 'start:quiet']);
    unwatch();
    expect(ringer.calls).toEqual(['start:quiet', 'stop', 'start:quiet', 'stop']);
    platform.emit({ type: 'CallIncoming', payload: incoming('in-3', { possible_emergency_callback: true }) });
    expect(ringer.calls).toHaveLength(4);
  });

  it('a ringer that throws does not break the calls', () => {
    const store = createStore();
    const fail = () => {
      throw new Error('no audio');
    };
    const unwatch = watchRinging(store.state, { start: fail, stop: fail }, null);
    expect(() => store.update((s) => ({ ...s, calls: [incoming('in-1')] }))).not.toThrow();
    expect(store.state.value.calls.map((c) => c.call_id)).toEqual(['in-1']);
    expect(() => store.update((s) => ({ ...s, calls: [] }))).not.toThrow();
    unwatch();
  });
});
