// How an incoming call rings (tones, loudness, cadence) and whether the calls on screen should ring at all.
// Pure: the Ringer (audio/ringer.ts) plays a plan, the ringing watcher (state/ringing.ts) decides when.

import type { CallView } from '../platform/bindings';

export interface RingPlan {
  /** The two tones played together (the North American ringback pair, 440 Hz + 480 Hz). */
  frequencies: readonly [440, 480];
  /**
   * The peak level of the two tones together while the ring is on, 0–1 of full scale. Each tone is played at
   * half of it, so the sum never goes past `gain` and never clips at 1.0.
   */
  gain: number;
  /** How long each ring lasts, in milliseconds. */
  onMs: number;
  /** The silence between rings, in milliseconds. */
  offMs: number;
}

export interface RingDecision {
  /** True while any incoming call is ringing here. */
  ring: boolean;
  /** True when one of those is a possible 911 callback (it may be the dispatcher): ring loudly. */
  loud: boolean;
}

// Frozen: the same objects are handed out on every call (and read by the diagnostics hook).
const FREQUENCIES = Object.freeze([440, 480] as const);

/** The normal ring: the North American cadence, 2 s on and 4 s off, at a moderate level. */
const NORMAL: RingPlan = Object.freeze({ frequencies: FREQUENCIES, gain: 0.3, onMs: 2000, offMs: 4000 });

/** A possible 911 callback: full scale, 1 s on and 1 s off, so it is hard to miss. */
const LOUD: RingPlan = Object.freeze({ frequencies: FREQUENCIES, gain: 1.0, onMs: 1000, offMs: 1000 });

export function ringPlan(loud: boolean): RingPlan {
  return loud ? LOUD : NORMAL;
}

/** An incoming call still waiting for an answer. */
export function isRingingIncoming(call: CallView): boolean {
  return call.kind === 'incoming' && call.state === 'ringing';
}

/** Whether the calls held in the app state should ring, and how loudly. */
export function shouldRing(calls: readonly CallView[]): RingDecision {
  const ringing = calls.filter(isRingingIncoming);
  return { ring: ringing.length > 0, loud: ringing.some((c) => c.possible_emergency_callback) };
}
