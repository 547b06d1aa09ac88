import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ConfirmLocationModal } from '../components/ConfirmLocationModal';
import { EmergencyDialButton } from '../components/EmergencyDialButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { ReadinessBanner } from '../components/ReadinessBanner';
import type { CivicAddress } from '../platform/bindings';
import type { Platform } from '../platform/types';
import { createController, type Controller } from '../state/controller';
import { createStore, type Store } from '../state/store';
import { LocationsScreen } from '../screens/LocationsScreen';
import { OrganizationScreen } from '../screens/OrganizationScreen';
import { StatusScreen } from '../screens/StatusScreen';

export interface AppProps {
  /** The shell to talk to: `tauriPlatform` in the app, a fake in tests. */
  platform: Platform;
  /** Optional, for tests and previews that want to inspect or seed the state. */
  store?: Store;
}

type Page = 'status' | 'locations' | 'organization';

const PAGES: Array<{ id: Page; title: string }> = [
  { id: 'status', title: 'Status' },
  { id: 'locations', title: 'Locations' },
  { id: 'organization', title: 'Organization' },
];

export function App({ platform, store: givenStore }: AppProps) {
  const [{ store, controller }] = useState<{ store: Store; controller: Controller }>(() => {
    const store = givenStore ?? createStore();
    return { store, controller: createController(platform, store) };
  });
  const [page, setPage] = useState<Page>('status');

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

  // The confirmation dialog covers everything below the top bar, which stays visible and usable: it shows
  // that E911 is not armed and keeps "Call 911" one click away.
  const appRef = useRef<HTMLDivElement>(null);
  const topbarRef = useRef<HTMLElement>(null);
  useLayoutEffect(() => trackHeight(topbarRef.current, appRef.current), []);

  const locate = state.locate;
  const confirming = locate?.state === 'confirm_required' ? locate : null;
  const validate = (address: CivicAddress) => platform.validateAddress(address);
  const dial = platform.dialEmergency ? () => platform.dialEmergency!() : undefined;
  const title = PAGES.find((p) => p.id === page)!.title;

  return (
    <div class="app" ref={appRef}>
      <header class="topbar" ref={topbarRef}>
        <ReadinessBanner readiness={state.readiness} loading={state.loading} />
        <EmergencyDialButton onDial={dial} class="emergency--topbar" />
      </header>
      {/* While Locus asks where the user is, the page behind the dialog cannot be reached (S1 keeps 911 up top). */}
      <main class="main" aria-busy={state.loading} inert={confirming !== null}>
        <div class="page-head">
          <h1 class="app-title">
            Locus <span class="app-title__sub">{title}</span>
          </h1>
          <nav class="tabs" aria-label="Pages">
            {PAGES.map((p) => (
              <button
                key={p.id}
                type="button"
                class="tabs__tab"
                data-testid={`nav-${p.id}`}
                aria-current={page === p.id ? 'page' : undefined}
                onClick={() => setPage(p.id)}
              >
                {p.title}
              </button>
            ))}
          </nav>
        </div>
        {state.error && (
          <ErrorAlert
            error={state.error}
            onDismiss={controller.dismissError}
            onRetry={canRetryLoad ? () => void controller.reload() : undefined}
          />
        )}
        {page === 'status' ? (
          <StatusScreen
            state={state}
            onRefresh={() => void controller.refreshNetwork()}
            onVerify={() => void controller.verifyAuditLog()}
            onMoved={() => void controller.reportMoved()}
          />
        ) : page === 'locations' ? (
          <LocationsScreen
            locations={state.locations}
            loading={state.loadingLocations}
            canAddHere={locate !== null && locate.state !== 'no_network'}
            validate={validate}
            onLoad={() => void controller.loadLocations()}
            onAddHere={async (label, address) => {
              await controller.confirmLocation({ choice: { choice: 'new', label, address }, moving_with_user: false });
            }}
            onUpdate={controller.updateLocation}
            onDelete={controller.deleteLocation}
          />
        ) : (
          <OrganizationScreen
            maps={state.maps}
            loading={state.loadingMaps}
            checking={state.checkingMaps}
            checkedAt={state.mapsCheckedAt}
            rejection={state.mapRejection}
            onLoad={() => void controller.loadMaps()}
            onCheck={() => void controller.checkMaps()}
          />
        )}
      </main>
      {confirming && (
        <ConfirmLocationModal
          report={confirming}
          validate={validate}
          onConfirm={controller.confirmLocation}
          onDial={dial}
        />
      )}
    </div>
  );
}

/** Keeps `--topbar-height` on `target` equal to the top bar's height, so the dialog starts below it. */
function trackHeight(topbar: HTMLElement | null, target: HTMLElement | null): (() => void) | undefined {
  if (!topbar || !target) return undefined;
  const apply = () => target.style.setProperty('--topbar-height', `${topbar.offsetHeight}px`);
  apply();
  if (typeof ResizeObserver !== 'function') return undefined;
  const observer = new ResizeObserver(apply);
  observer.observe(topbar);
  return () => observer.disconnect();
}

/** Runs `callback` after the browser has painted the next frame (two animation frames later). */
function afterNextPaint(callback: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(callback, 0);
    return;
  }
  requestAnimationFrame(() => requestAnimationFrame(callback));
}
