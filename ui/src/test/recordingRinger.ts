// A stand-in ringer for tests: records every start and stop instead of making a sound.

import type { RingerControl } from '../state/ringing';

export interface RecordingRinger extends RingerControl {
  /** Every call in order: `start:loud`, `start:quiet` or `stop`. */
  readonly calls: string[];
  /** Whether it is ringing now, and how loudly (null when silent). */
  readonly ringing: 'loud' | 'quiet' | null;
}

export function createRecordingRinger(): RecordingRinger {
  const calls: string[] = [];
  let ringing: 'loud' | 'quiet' | null = null;
  return {
    calls,
    get ringing() {
      return ringing;
    },
    start(loud) {
      ringing = loud ? 'loud' : 'quiet';
      calls.push(`start:${ringing}`);
    },
    stop() {
      ringing = null;
      calls.push('stop');
    },
  };
}
