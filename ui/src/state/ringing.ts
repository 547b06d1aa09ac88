// Rings while an incoming call is ringing: follows the calls in the app state and starts, switches or stops a
// ringer (audio/ringer.ts in the app, a recorder in tests). Loud while any ringing call is a possible 911 callback.

import { effect, type ReadonlySignal } from '@preact/signals';
import type { AppState } from './appState';
import { shouldRing, type RingDecision } from './ringPlan';

/** What the watcher needs of a ringer. */
export interface RingerControl {
  /** Rings on the normal or the loud plan; called again only when the loudness changes. */
  start(loud: boolean): void;
  /** Silences the ring. */
  stop(): void;
}

/** Where `pagehide` (the window unloading) is heard: `window` in the app. */
export type PageEvents = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

const SILENT: RingDecision = { ring: false, loud: false };

/**
 * Keeps `ringer` in step with the calls in `state` (answered, declined, given up by the caller: the call leaves
 * `ringing` and the ring stops) until the returned function is called, which stops it too. The ring also stops
 * when the window unloads.
 */
export function watchRinging(
  state: ReadonlySignal<AppState>,
  ringer: RingerControl,
  page: PageEvents | null = typeof window === 'undefined' ? null : window,
): () => void {
  let current = SILENT;
  const silence = () => {
    if (current.ring) quietly(() => ringer.stop());
    current = SILENT;
  };

  const stopWatching = effect(() => {
    const next = shouldRing(state.value.calls);
    if (next.ring === current.ring && next.loud === current.loud) return;
    if (!next.ring) {
      silence();
      return;
    }
    current = next;
    quietly(() => ringer.start(next.loud));
  });

  page?.addEventListener('pagehide', silence);
  return () => {
    stopWatching();
    page?.removeEventListener('pagehide', silence);
    silence();
  };
}

/** A ringer that fails must never break the calls: the incoming-call panel still shows and announces the call. */
function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // Nothing more to do: there is no other way to make a sound.
  }
}
