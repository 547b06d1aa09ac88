// Plays the ring for incoming calls in the page with the Web Audio API (the shell has no native audio yet), and
// measures what the audio graph is really putting out, for the end-to-end test (app/diagnostics.ts).
//
// Graph while ringing: two sine oscillators (440 Hz, 480 Hz) → a mix at half level (the two peaks sum to 1) →
// the cadence gain (0 or the plan's gain, switched with setValueAtTime on the audio clock) → an analyser →
// the speakers. Where there is no AudioContext (jsdom), the ringer silently does nothing.

import { ringPlan, type RingPlan } from '../state/ringPlan';
import type { RingerControl } from '../state/ringing';

/** What `measure()` reports; plain JSON so a test driving the real app can read it. */
export interface RingerMeasurement {
  /** False when the page has no Web Audio (or the last AudioContext could not be created). */
  available: boolean;
  /** True between `start()` and `stop()`, during the silent part of the cadence too. */
  playing: boolean;
  /** True while the loud plan (a possible 911 callback) is playing. */
  loud: boolean;
  /** The RMS level coming out of the graph right now (0–1 of full scale); about 0 between rings. */
  rms: number;
  /** The frequency bin with the most energy right now, in Hz; null when silent. */
  peakHz: number | null;
  /** The cadence gain's current value: the plan's gain during a ring, 0 between rings. */
  gainNow: number;
  /** True when the cadence is in a ring (not the silence between) by the audio clock. */
  cadenceOn: boolean;
  /** The plan playing (a copy); null when not playing. */
  plan: RingPlan | null;
  /** The AudioContext's state (`running`, `suspended`, `closed`); null before the first ring. */
  contextState: string | null;
  /** The AudioContext's clock, in seconds; null before the first ring. */
  currentTime: number | null;
}

/** Makes the AudioContext; null when the page has none. */
export type AudioContextFactory = () => AudioContext;

/** The page's AudioContext constructor (or WebKit's prefixed one), or null (jsdom). */
export function browserAudioContext(): AudioContextFactory | null {
  const scope = globalThis as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext };
  const Context = scope.AudioContext ?? scope.webkitAudioContext;
  return Context === undefined ? null : () => new Context();
}

/** 8192 samples: bins about 6 Hz wide (440 and 480 Hz are told apart) over a window of about 0.17 s. */
const FFT_SIZE = 8192;
/** Bins quieter than this count as silence. */
const SILENCE_DB = -100;
/** How far ahead the cadence is scheduled on the audio clock, in seconds. */
const SCHEDULE_AHEAD_S = 120;
/** How often the schedule is topped up (a throttled background timer still keeps well ahead). */
const TOP_UP_MS = 10_000;

interface Graph {
  context: AudioContext;
  plan: RingPlan;
  loud: boolean;
  oscillators: OscillatorNode[];
  mix: GainNode;
  cadence: GainNode;
  analyser: AnalyserNode;
  /** When the first ring began, on the audio clock. */
  startedAt: number;
  /** Up to when the cadence has been scheduled, on the audio clock. */
  scheduledTo: number;
  timer: ReturnType<typeof setInterval>;
}

export class Ringer implements RingerControl {
  private readonly createContext: AudioContextFactory | null;
  private context: AudioContext | null = null;
  private failed = false;
  private graph: Graph | null = null;

  /** `createContext` defaults to the page's AudioContext; the context is made on the first ring. */
  constructor(createContext: AudioContextFactory | null = browserAudioContext()) {
    this.createContext = createContext;
  }

  /** Rings on the normal or the loud plan; switches plan if the other one is playing. */
  start(loud: boolean): void {
    if (this.graph !== null && this.graph.loud === loud) {
      resumeIfSuspended(this.graph.context);
      return;
    }
    this.stop();
    const context = this.ensureContext();
    if (context === null) return;
    resumeIfSuspended(context);
    try {
      this.graph = build(context, ringPlan(loud), loud);
    } catch {
      // A graph that cannot be built rings nothing; the next start tries again.
      this.graph = null;
    }
  }

  /** Silences the ring and takes the graph apart. Does nothing when not ringing. */
  stop(): void {
    const graph = this.graph;
    if (graph === null) return;
    this.graph = null;
    clearInterval(graph.timer);
    const level = graph.cadence.gain;
    level.cancelScheduledValues(0);
    level.setValueAtTime(0, graph.context.currentTime);
    for (const oscillator of graph.oscillators) {
      try {
        oscillator.stop();
      } catch {
        // Already stopped.
      }
      oscillator.disconnect();
    }
    graph.mix.disconnect();
    graph.cadence.disconnect();
    graph.analyser.disconnect();
  }

  /** The plan playing, or null. */
  get plan(): RingPlan | null {
    return this.graph?.plan ?? null;
  }

  /** What is coming out of the graph right now (read-only). */
  measure(): RingerMeasurement {
    const available = this.createContext !== null && !this.failed;
    const context = this.context;
    const clock = {
      contextState: context === null ? null : String(context.state),
      currentTime: context === null ? null : context.currentTime,
    };
    const graph = this.graph;
    if (graph === null) {
      return { available, playing: false, loud: false, rms: 0, peakHz: null, gainNow: 0, cadenceOn: false, plan: null, ...clock };
    }
    const { analyser, plan } = graph;
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    const levels = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(levels);
    return {
      available,
      playing: true,
      loud: graph.loud,
      rms: rmsOf(samples),
      peakHz: peakOf(levels, graph.context.sampleRate, analyser.fftSize),
      gainNow: graph.cadence.gain.value,
      cadenceOn: cadenceOn(plan, graph.context.currentTime - graph.startedAt),
      plan: { ...plan, frequencies: [plan.frequencies[0], plan.frequencies[1]] },
      ...clock,
    };
  }

  private ensureContext(): AudioContext | null {
    if (this.context !== null && this.context.state !== 'closed') return this.context;
    this.context = null;
    if (this.createContext === null) return null;
    try {
      this.context = this.createContext();
      this.failed = false;
    } catch {
      // No audio device, or too many contexts: ring nothing now, try again on the next ring.
      this.failed = true;
    }
    return this.context;
  }
}

function build(context: AudioContext, plan: RingPlan, loud: boolean): Graph {
  const analyser = context.createAnalyser();
  analyser.fftSize = FFT_SIZE;
  analyser.smoothingTimeConstant = 0; // "right now", not an average of earlier reads
  analyser.connect(context.destination);

  const cadence = context.createGain();
  cadence.gain.cancelScheduledValues(0);
  cadence.gain.value = 0;
  cadence.connect(analyser);

  // Each tone at half level: the two peaks together reach the plan's gain and never more.
  const mix = context.createGain();
  mix.gain.value = 1 / plan.frequencies.length;
  mix.connect(cadence);

  const startedAt = context.currentTime;
  const oscillators = plan.frequencies.map((frequency) => {
    const oscillator = context.createOscillator();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    oscillator.connect(mix);
    oscillator.start(startedAt);
    return oscillator;
  });

  const graph: Graph = {
    context,
    plan,
    loud,
    oscillators,
    mix,
    cadence,
    analyser,
    startedAt,
    scheduledTo: startedAt,
    timer: setInterval(() => {
      resumeIfSuspended(context);
      scheduleAhead(graph);
    }, TOP_UP_MS),
  };
  scheduleAhead(graph);
  return graph;
}

/** Schedules the rings (on at the plan's gain, then off) up to `SCHEDULE_AHEAD_S` past the audio clock. */
function scheduleAhead(graph: Graph): void {
  const { plan, cadence, context } = graph;
  const on = plan.onMs / 1000;
  const period = (plan.onMs + plan.offMs) / 1000;
  const horizon = context.currentTime + SCHEDULE_AHEAD_S;
  while (graph.scheduledTo < horizon) {
    const at = graph.scheduledTo;
    cadence.gain.setValueAtTime(plan.gain, at);
    cadence.gain.setValueAtTime(0, at + on);
    graph.scheduledTo = at + period;
  }
}

/** Whether `elapsed` seconds after the first ring falls in a ring rather than the silence between. */
function cadenceOn(plan: RingPlan, elapsed: number): boolean {
  const period = (plan.onMs + plan.offMs) / 1000;
  const into = ((elapsed % period) + period) % period;
  return into < plan.onMs / 1000;
}

function resumeIfSuspended(context: AudioContext): void {
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
}

function rmsOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

/** The centre of the loudest bin, in Hz; null when every bin is silence. */
function peakOf(levels: Float32Array, sampleRate: number, fftSize: number): number | null {
  let best = -1;
  let bestDb = SILENCE_DB;
  levels.forEach((db, bin) => {
    if (db > bestDb) {
      best = bin;
      bestDb = db;
    }
  });
  return best < 0 ? null : (best * sampleRate) / fftSize;
}
