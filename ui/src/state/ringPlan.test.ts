import { describe, expect, it } from 'vitest';
import { callView } from '../test/fixtures';
import { ringPlan, shouldRing } from './ringPlan';

const incoming = (id: string, overrides: Parameters<typeof callView>[0] = {}) =>
  callView({ call_id: id, kind: 'incoming', state: 'ringing', ...overrides });

describe('ringPlan', () => {
  it('rings normally on the North American cadence at a moderate level', () => {
    expect(ringPlan(false)).toEqual({ frequencies: [440, 480], gain: 0.3, onMs: 2000, offMs: 4000 });
  });

  it('rings a possible 911 callback at full scale, 1 s on and 1 s off', () => {
    const plan = ringPlan(true);
    expect(plan).toEqual({ frequencies: [440, 480], gain: 1.0, onMs: 1000, offMs: 1000 });
    // Each tone is played at half the gain, so the sum of the two peaks stays at full scale.
    expect(plan.frequencies.length * (plan.gain / 2)).toBeLessThanOrEqual(1);
  });
});

describe('shouldRing', () => {
  it('is quiet with no calls, or with no incoming call ringing', () => {
    expect(shouldRing([])).toEqual({ ring: false, loud: false });
    const calls = [
      callView({ call_id: 'out', state: 'ringing' }),
      incoming('answered', { state: 'established', possible_emergency_callback: true }),
      incoming('missed', { state: 'ended', end_reason: 'cancelled', possible_emergency_callback: true }),
    ];
    expect(shouldRing(calls)).toEqual({ ring: false, loud: false });
  });

  it('rings normally for an ordinary incoming call', () => {
    expect(shouldRing([incoming('a')])).toEqual({ ring: true, loud: false });
  });

  it('rings loudly while any ringing call is a possible 911 callback', () => {
    expect(shouldRing([incoming('a', { possible_emergency_callback: true })])).toEqual({ ring: true, loud: true });
    const both = [incoming('a', { possible_emergency_callback: true }), incoming('b')];
    expect(shouldRing(both)).toEqual({ ring: true, loud: true });
    expect(shouldRing([...both].reverse())).toEqual({ ring: true, loud: true });
  });

  it('goes back to the normal ring once the callback is no longer ringing', () => {
    const calls = [incoming('a', { possible_emergency_callback: true, state: 'established' }), incoming('b')];
    expect(shouldRing(calls)).toEqual({ ring: true, loud: false });
  });
});
