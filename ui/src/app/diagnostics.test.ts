import { describe, expect, it } from 'vitest';
import { Ringer } from '../audio/ringer';
import { installDiagnostics } from './diagnostics';

describe('window.locusDiagnostics', () => {
  it("reads the ringer's measurement, and nothing can be changed through it", () => {
    installDiagnostics(new Ringer());
    const diagnostics = window.locusDiagnostics!;
    expect(diagnostics.ringer()).toMatchObject({ available: false, playing: false, rms: 0, peakHz: null });
    expect(Object.keys(diagnostics)).toEqual(['ringer']);
    expect(Object.isFrozen(diagnostics)).toBe(true);
    expect(() => {
      (window as { locusDiagnostics?: unknown }).locusDiagnostics = {};
    }).toThrow(TypeError);
    expect(window.locusDiagnostics).toBe(diagnostics);
  });
});
