// The read-only diagnostics hook on `window` for end-to-end tests of the real app: what the ringer is putting out
// right now. It can only read; nothing here starts or stops anything.

import type { RingerMeasurement } from '../audio/ringer';

export interface LocusDiagnostics {
  /** What the ring's audio graph is putting out right now (see `Ringer.measure`). */
  readonly ringer: () => RingerMeasurement;
}

declare global {
  interface Window {
    /** Set once at startup (main.tsx); read by the end-to-end tests. */
    readonly locusDiagnostics?: LocusDiagnostics;
  }
}

/** Puts `window.locusDiagnostics` in place, frozen and not writable. */
export function installDiagnostics(ringer: { measure(): RingerMeasurement }, target: Window = window): LocusDiagnostics {
  const diagnostics: LocusDiagnostics = Object.freeze({ ringer: () => ringer.measure() });
  Object.defineProperty(target, 'locusDiagnostics', {
    value: diagnostics,
    writable: false,
    enumerable: false,
    configurable: true,
  });
  return diagnostics;
}
