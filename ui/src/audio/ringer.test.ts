import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserAudioContext, Ringer } from './ringer';

// A minimal stand-in for the Web Audio graph: records connections, scheduled values, starts and stops.

interface Scheduled {
  value: number;
  time: number;
}

class FakeParam {
  value = 0;
  events: Scheduled[] = [];
  setValueAtTime(value: number, time: number) {
    this.events.push({ value, time });
    return this;
  }
  cancelScheduledValues(time: number) {
    this.events = this.events.filter((e) => e.time < time);
    return this;
  }
}

class FakeNode {
  outputs: FakeNode[] = [];
  connect(node: FakeNode) {
    this.outputs.push(node);
    return node;
  }
  disconnect() {
    this.outputs = [];
  }
}

class FakeOscillator extends FakeNode {
  type = 'square';
  frequency = new FakeParam();
  started: number | null = null;
  stopped = false;
  start(when = 0) {
    this.started = when;
  }
  stop() {
    this.stopped = true;
  }
}

class FakeGain extends FakeNode {
  gain = new FakeParam();
}

class FakeAnalyser extends FakeNode {
  fftSize = 2048;
  smoothingTimeConstant = 0.8;
  /** What the "audio" looks like: every sample at this level, the loudest bin at this index. */
  level = 0.5;
  loudestBin = 75;
  get frequencyBinCount() {
    return this.fftSize / 2;
  }
  getFloatTimeDomainData(samples: Float32Array) {
    samples.fill(this.level);
  }
  getFloatFrequencyData(levels: Float32Array) {
    levels.fill(this.level === 0 ? -Infinity : -80);
    if (this.level !== 0) levels[this.loudestBin] = -6;
  }
}

class FakeContext {
  state = 'suspended';
  currentTime = 0;
  sampleRate = 48000;
  destination = new FakeNode();
  oscillators: FakeOscillator[] = [];
  gains: FakeGain[] = [];
  analysers: FakeAnalyser[] = [];
  resume = vi.fn(async () => {
    this.state = 'running';
  });
  createOscillator() {
    const node = new FakeOscillator();
    this.oscillators.push(node);
    return node;
  }
  createGain() {
    const node = new FakeGain();
    this.gains.push(node);
    return node;
  }
  createAnalyser() {
    const node = new FakeAnalyser();
    this.analysers.push(node);
    return node;
  }
}

function fakeRinger() {
  const context = new FakeContext();
  const create = vi.fn(() => context as unknown as AudioContext);
  return { ringer: new Ringer(create), context, create };
}

/** The cadence gain: the node the analyser listens to. */
function cadenceOf(context: FakeContext): FakeGain {
  const analyser = context.analysers.at(-1)!;
  return context.gains.find((g) => g.outputs.includes(analyser))!;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('Ringer without Web Audio', () => {
  it('does nothing and says it is not available (jsdom has no AudioContext)', () => {
    expect('AudioContext' in globalThis).toBe(false);
    expect(browserAudioContext()).toBeNull();
    const ringer = new Ringer();
    expect(() => {
      ringer.start(false);
      ringer.start(true);
      ringer.stop();
      ringer.start(true);
    }).not.toThrow();
    expect(ringer.plan).toBeNull();
    expect(ringer.measure()).toEqual({
      available: false,
      playing: false,
      loud: false,
      rms: 0,
      peakHz: null,
      gainNow: 0,
      cadenceOn: false,
      plan: null,
      contextState: null,
      currentTime: null,
    });
  });

  it("uses WebKit's prefixed AudioContext when that is the only one", () => {
    vi.stubGlobal('webkitAudioContext', FakeContext);
    expect(browserAudioContext()?.()).toBeInstanceOf(FakeContext);
  });

  it('says it is not available when the AudioContext cannot be made, and tries again on the next ring', () => {
    const create = vi.fn((): AudioContext => {
      throw new Error('no audio device');
    });
    const ringer = new Ringer(create);
    expect(ringer.measure().available).toBe(true);
    ringer.start(true);
    expect(ringer.measure()).toMatchObject({ available: false, playing: false });
    ringer.start(true);
    expect(create).toHaveBeenCalledTimes(2);
  });
});

describe('Ringer', () => {
  it('makes the AudioContext on the first ring, not before, and resumes it when suspended', () => {
    const { ringer, context, create } = fakeRinger();
    expect(create).not.toHaveBeenCalled();
    expect(ringer.measure()).toMatchObject({ available: true, playing: false, contextState: null });
    ringer.start(false);
    expect(create).toHaveBeenCalledTimes(1);
    expect(context.resume).toHaveBeenCalledTimes(1);
  });

  it('plays 440 Hz and 480 Hz sines at half level each, through the cadence gain and the analyser', () => {
    const { ringer, context } = fakeRinger();
    ringer.start(false);
    expect(context.oscillators.map((o) => [o.type, o.frequency.value, o.started])).toEqual([
      ['sine', 440, 0],
      ['sine', 480, 0],
    ]);
    const mix = context.oscillators[0]!.outputs[0] as FakeGain;
    expect(context.oscillators[1]!.outputs).toEqual([mix]);
    expect(mix.gain.value).toBe(0.5);
    const cadence = cadenceOf(context);
    expect(mix.outputs).toEqual([cadence]);
    const analyser = context.analysers[0]!;
    expect(analyser.outputs).toEqual([context.destination]);
    expect(analyser.smoothingTimeConstant).toBe(0);
  });

  it('switches the normal ring on and off on the North American cadence (2 s on, 4 s off) at 0.3', () => {
    const { ringer, context } = fakeRinger();
    ringer.start(false);
    expect(cadenceOf(context).gain.events.slice(0, 4)).toEqual([
      { value: 0.3, time: 0 },
      { value: 0, time: 2 },
      { value: 0.3, time: 6 },
      { value: 0, time: 8 },
    ]);
    expect(ringer.plan).toMatchObject({ gain: 0.3, onMs: 2000, offMs: 4000 });
  });

  it('switches to the loud ring (full scale, 1 s on, 1 s off) and back', () => {
    const { ringer, context } = fakeRinger();
    ringer.start(false);
    ringer.start(false);
    expect(context.oscillators).toHaveLength(2);
    context.currentTime = 3;
    ringer.start(true);
    expect(context.oscillators.slice(0, 2).every((o) => o.stopped && o.outputs.length === 0)).toBe(true);
    expect(context.oscillators).toHaveLength(4);
    expect(cadenceOf(context).gain.events.slice(0, 3)).toEqual([
      { value: 1, time: 3 },
      { value: 0, time: 4 },
      { value: 1, time: 5 },
    ]);
    ringer.start(false);
    expect(ringer.plan?.gain).toBe(0.3);
  });

  it('keeps the cadence scheduled ahead while it rings', () => {
    vi.useFakeTimers();
    const { ringer, context } = fakeRinger();
    ringer.start(true);
    const cadence = cadenceOf(context);
    const last = () => Math.max(...cadence.gain.events.map((e) => e.time));
    expect(last()).toBeGreaterThan(118); // 120 s ahead, to the last ring's end
    context.currentTime = 200;
    vi.advanceTimersByTime(10_000);
    expect(last()).toBeGreaterThan(318);
    ringer.stop();
    const count = cadence.gain.events.length;
    context.currentTime = 400;
    vi.advanceTimersByTime(60_000);
    expect(cadence.gain.events.length).toBe(count);
  });

  it('stops the oscillators and takes the graph apart on stop', () => {
    const { ringer, context } = fakeRinger();
    ringer.start(true);
    const cadence = cadenceOf(context);
    context.currentTime = 0.5;
    ringer.stop();
    expect(context.oscillators.every((o) => o.stopped && o.outputs.length === 0)).toBe(true);
    expect(context.gains.every((g) => g.outputs.length === 0)).toBe(true);
    expect(context.analysers[0]!.outputs).toEqual([]);
    expect(cadence.gain.events).toEqual([{ value: 0, time: 0.5 }]);
    expect(ringer.plan).toBeNull();
    expect(ringer.measure()).toMatchObject({ available: true, playing: false, rms: 0, peakHz: null });
    ringer.stop();
  });

  it('measures what comes out of the graph right now', () => {
    const { ringer, context } = fakeRinger();
    ringer.start(true);
    const analyser = context.analysers[0]!;
    cadenceOf(context).gain.value = 1;
    context.currentTime = 0.25;
    expect(analyser.fftSize).toBe(8192);
    expect(ringer.measure()).toEqual({
      available: true,
      playing: true,
      loud: true,
      rms: 0.5,
      peakHz: (75 * 48000) / 8192,
      gainNow: 1,
      cadenceOn: true,
      plan: { frequencies: [440, 480], gain: 1, onMs: 1000, offMs: 1000 },
      contextState: 'running',
      currentTime: 0.25,
    });

    // Between rings: silence, no peak.
    analyser.level = 0;
    cadenceOf(context).gain.value = 0;
    context.currentTime = 1.5;
    expect(ringer.measure()).toMatchObject({ playing: true, rms: 0, peakHz: null, gainNow: 0, cadenceOn: false });
  });

  it('hands out a copy of the plan, not the plan itself', () => {
    const { ringer } = fakeRinger();
    ringer.start(false);
    const measured = ringer.measure().plan!;
    measured.gain = 1;
    expect(ringer.plan?.gain).toBe(0.3);
    expect(Object.isFrozen(ringer.plan)).toBe(true);
  });
});
