// Connects a Platform to a Store: subscribes to events, loads the status, and runs the user's actions.

import { toIpcError } from '../platform/errors';
import type { Platform } from '../platform/types';
import {
  applyAudit,
  applyEvent,
  applyFailure,
  applyRefreshed,
  applyStatus,
  dismissError,
  type AppState,
} from './appState';
import type { Store } from './store';

/** How many times the status is re-read when events keep arriving while it is being read. */
const MAX_LOAD_ATTEMPTS = 3;

export interface Controller {
  /** Subscribes to events, then reads the status. Call once. */
  start(): Promise<void>;
  /** Unsubscribes; later results are ignored. */
  stop(): void;
  /** Reads the status again (e.g. after a failure). */
  reload(): Promise<void>;
  refreshNetwork(): Promise<void>;
  verifyAuditLog(): Promise<void>;
  dismissError(): void;
}

export function createController(platform: Platform, store: Store): Controller {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  /** Counts events that changed the state, so a status read that raced one can be retried. */
  let changes = 0;

  const update = (next: (current: AppState) => AppState) => {
    if (!stopped) store.update(next);
  };

  async function subscribe(): Promise<void> {
    try {
      const stopListening = await platform.onEvent((event) => {
        if (stopped) return;
        const before = store.state.value;
        const after = applyEvent(before, event);
        if (after !== before) {
          changes += 1;
          store.update(() => after);
        }
      });
      if (stopped) stopListening();
      else unlisten = stopListening;
    } catch (reason) {
      update((s) => applyFailure(s, 'subscribe', toIpcError(reason)));
    }
  }

  async function load(): Promise<void> {
    update((s) => (s.loading ? s : { ...s, loading: true }));
    try {
      // An event that arrives while the status is in flight may be newer or older than the report, so
      // read the report again until no event lands during the read.
      for (let attempt = 1; attempt <= MAX_LOAD_ATTEMPTS; attempt += 1) {
        const seen = changes;
        const status = await platform.getStatus();
        update((s) => applyStatus(s, status));
        if (changes === seen) break;
      }
    } catch (reason) {
      update((s) => applyFailure(s, 'load', toIpcError(reason)));
    }
  }

  return {
    async start() {
      // Subscribe first so no change between the read and the subscription is missed.
      await subscribe();
      await load();
    },

    stop() {
      stopped = true;
      unlisten?.();
      unlisten = null;
    },

    reload: load,

    async refreshNetwork() {
      update((s) => ({ ...s, refreshing: true }));
      try {
        const network = await platform.refreshNetwork();
        update((s) => applyRefreshed(s, network));
      } catch (reason) {
        update((s) => applyFailure(s, 'refresh', toIpcError(reason)));
      }
    },

    async verifyAuditLog() {
      update((s) => ({ ...s, verifying: true }));
      try {
        const result = await platform.verifyAuditLog();
        update((s) => applyAudit(s, result));
      } catch (reason) {
        update((s) => applyFailure(s, 'verify', toIpcError(reason)));
      }
    },

    dismissError() {
      update(dismissError);
    },
  };
}
