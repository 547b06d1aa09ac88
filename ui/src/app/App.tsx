import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { ReadinessBanner } from '../components/ReadinessBanner';
import type { Platform } from '../platform/types';
import { createController, type Controller } from '../state/controller';
import { createStore, type Store } from '../state/store';
import { StatusScreen } from '../screens/StatusScreen';

export interface AppProps {
  /** The shell to talk to: `tauriPlatform` in the app, a fake in tests. */
  platform: Platform;
  /** Optional, for tests and previews that want to inspect or seed the state. */
  store?: Store;
}

export function App({ platform, store: givenStore }: AppProps) {
  const [{ store, controller }] = useState<{ store: Store; controller: Controller }>(() => {
    const store = givenStore ?? createStore();
    return { store, controller: createController(platform, store) };
  });

  useEffect(() => {
    void controller.start();
    return () => controller.stop();
  }, [controller]);

  const state = store.state.value;

  // Once the first live status is rendered, wait for the frame to reach the screen and tell the shell.
  const paintReported = useRef(false);
  useEffect(() => {
    if (state.status === null || paintReported.current) return;
    paintReported.current = true;
    afterNextPaint(() => void platform.reportFirstPaint().catch(() => undefined));
  }, [state.status, platform]);
  const canRetryLoad = state.error?.op === 'load' && state.status === null;

  return (
    <div class="app">
      <header class="topbar">
        <ReadinessBanner readiness={state.readiness} loading={state.loading} />
      </header>
      <main class="main" aria-busy={state.loading}>
        <h1 class="app-title">
          Locus <span class="app-title__sub">Status</span>
        </h1>
        {state.error && (
          <ErrorAlert
            error={state.error}
            onDismiss={controller.dismissError}
            onRetry={canRetryLoad ? () => void controller.reload() : undefined}
          />
        )}
        <StatusScreen
          state={state}
          onRefresh={() => void controller.refreshNetwork()}
          onVerify={() => void controller.verifyAuditLog()}
        />
      </main>
    </div>
  );
}

/** Runs `callback` after the browser has painted the next frame (two animation frames later). */
function afterNextPaint(callback: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(callback, 0);
    return;
  }
  requestAnimationFrame(() => requestAnimationFrame(callback));
}
