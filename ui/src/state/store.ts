import { signal, type ReadonlySignal } from '@preact/signals';
import { initialState, type AppState } from './appState';

export interface Store {
  /** The current state; components that read `.value` re-render when it changes. */
  readonly state: ReadonlySignal<AppState>;
  /** Replaces the state with `next(current)`. */
  update(next: (current: AppState) => AppState): void;
}

export function createStore(initial: AppState = initialState): Store {
  const state = signal(initial);
  return {
    state,
    update(next) {
      state.value = next(state.value);
    },
  };
}
