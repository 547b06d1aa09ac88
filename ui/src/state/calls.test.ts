import { describe, expect, it } from 'vitest';
import { callView } from '../test/fixtures';
import { attachEmergency, findCall, markEnded, mergeCalls, removeCall, upsertCall } from './calls';

describe('calls', () => {
  it('adds new calls in order and updates known ones in place', () => {
    const a = callView({ call_id: 'a' });
    const b = callView({ call_id: 'b', kind: 'emergency' });
    let calls = upsertCall(upsertCall([], a), b);
    expect(calls.map((c) => c.call_id)).toEqual(['a', 'b']);
    calls = upsertCall(calls, { ...a, state: 'ringing' });
    expect(calls.map((c) => [c.call_id, c.state])).toEqual([
      ['a', 'ringing'],
      ['b', 'calling'],
    ]);
  });

  it('never moves a call back (a late dial answer after CallRinging)', () => {
    const ringing = [callView({ call_id: 'a', state: 'ringing' })];
    expect(upsertCall(ringing, callView({ call_id: 'a', state: 'calling' }))).toBe(ringing);
    const ended = [callView({ call_id: 'a', state: 'ended', end_reason: 'busy' })];
    expect(upsertCall(ended, callView({ call_id: 'a', state: 'established' }))).toBe(ended);
  });

  it("keeps the caller's display name when a newer view lacks it", () => {
    const held = [callView({ call_id: 'in', kind: 'incoming', state: 'ringing', remote_name: 'Alice Smith' })];
    const next = upsertCall(held, { ...held[0]!, state: 'established', remote_name: null });
    expect(next[0]!.remote_name).toBe('Alice Smith');
  });

  it('keeps the emergency details when a newer view lacks them', () => {
    const held = [callView({ call_id: 'e', kind: 'emergency' })];
    const next = upsertCall(held, { ...held[0]!, state: 'established', emergency: null });
    expect(next[0]!.state).toBe('established');
    expect(next[0]!.emergency?.callback_did).toBe('6145550100');
  });

  it('merges a list, removes, marks ended and finds', () => {
    const calls = mergeCalls([callView({ call_id: 'a' })], [callView({ call_id: 'a', state: 'ringing' }), callView({ call_id: 'b' })]);
    expect(calls.map((c) => [c.call_id, c.state])).toEqual([
      ['a', 'ringing'],
      ['b', 'calling'],
    ]);
    expect(removeCall(calls, 'a').map((c) => c.call_id)).toEqual(['b']);
    expect(removeCall(calls, 'zzz')).toBe(calls);
    expect(findCall(markEnded(calls, 'b'), 'b')?.state).toBe('ended');
    expect(findCall(calls, null)).toBeNull();
  });

  it('EmergencyCallStarted fills in a call that has no emergency details yet', () => {
    const calls = [callView({ call_id: 'e', kind: 'emergency', emergency: null })];
    const ref = { call_id: 'e', callback_did: '3125550100', location_text: null };
    expect(attachEmergency(calls, ref)[0]!.emergency).toEqual(ref);
    const filled = attachEmergency(calls, ref);
    expect(attachEmergency(filled, { ...ref, callback_did: '0000000000' })).toBe(filled);
  });
});
