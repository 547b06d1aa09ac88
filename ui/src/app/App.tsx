import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Ringer } from '../audio/ringer';
import { CallBar } from '../components/CallBar';
import { ConfirmLocationModal } from '../components/ConfirmLocationModal';
import { Dialer } from '../components/Dialer';
import { EmergencyDialButton } from '../components/EmergencyDialButton';
import { EmergencyPlanCard } from '../components/EmergencyPlanCard';
import { ErrorAlert } from '../components/ErrorAlert';
import { ReadinessBanner } from '../components/ReadinessBanner';
import { SoundSettings } from '../components/SoundSettings';
import { TestCallDialog } from '../components/TestCallDialog';
import { TestSuggestionBanner } from '../components/TestSuggestionBanner';
import type { CivicAddress } from '../platform/bindings';
import type { Platform } from '../platform/types';
import { findCall } from '../state/calls';
import { createController, type Controller } from '../state/controller';
import { watchRinging, type RingerControl } from '../state/ringing';
import { createStore, type Store } from '../state/store';
import { AccountsScreen } from '../screens/AccountsScreen';
import { E911Screen } from '../screens/E911Screen';
import { HistoryScreen } from '../screens/HistoryScreen';
import { LocationsScreen } from '../screens/LocationsScreen';
import { OrganizationScreen } from '../screens/OrganizationScreen';
import { StatusScreen } from '../screens/StatusScreen';

export interface AppProps {
  /** The shell to talk to: `tauriPlatform` in the app, a fake in tests. */
  platform: Platform;
  /** Optional, for tests and previews that want to inspect or seed the state. */
  store?: Store;
  /** What rings for incoming calls; by default a Web Audio `Ringer` (silent where there is no audio, e.g. jsdom). */
  ringer?: RingerControl;
}

type Page = 'status' | 'history' | 'locations' | 'organization' | 'e911' | 'accounts';

const PAGES: Array<{ id: Page; title: string }> = [
  { id: 'status', title: 'Status' },
  { id: 'history', title: 'History' },
  { id: 'locations', title: 'Locations' },
  { id: 'organization', title: 'Organization' },
  { id: 'e911', title: 'E911' },
  { id: 'accounts', title: 'Accounts' },
];

export function App({ platform, store: givenStore, ringer: givenRinger }: AppProps) {
  const [{ store, controller, ringer }] = useState<{ store: Store; controller: Controller; ringer: RingerControl }>(
    () => {
      const store = givenStore ?? createStore();
      return { store, controller: createController(platform, store), ringer: givenRinger ?? new Ringer() };
    },
  );
  const [page, setPage] = useState<Page>('status');

  useEffect(() => {
    void controller.start();
    return () => controller.stop();
  }, [controller]);

  // Incoming calls ring (loudly for a possible 911 callback) until answered, declined or given up.
  useEffect(() => watchRinging(store.state, ringer), [store, ringer]);

  const state = store.state.value;

  // A tel:/sip: link was opened: show the dialer it fills (it is never dialed until the user presses Call).
  useEffect(() => {
    if (state.dialLink !== null) setPage('status');
  }, [state.dialLink]);

  // Once the first live status is rendered, wait for the frame to reach the screen and tell the shell.
  const paintReported = useRef(false);
  useEffect(() => {
    if (state.status === null || paintReported.current) return;
    paintReported.current = true;
    afterNextPaint(() => void platform.reportFirstPaint().catch(() => undefined));
  }, [state.status, platform]);
  const canRetryLoad = state.error?.op === 'load' && state.status === null;

  // The dialogs cover everything below the top bar, which stays visible and usable: it shows that E911 is
  // not armed, keeps "Call 911" one click away and holds the call bar (hang up, the 911 in-call screen).
  const appRef = useRef<HTMLDivElement>(null);
  const topbarRef = useRef<HTMLElement>(null);
  useLayoutEffect(() => trackHeight(topbarRef.current, appRef.current), []);

  const locate = state.locate;
  const confirming = locate?.state === 'confirm_required' ? locate : null;
  const validate = (address: CivicAddress) => platform.validateAddress(address);
  const dial911 = async () => {
    await controller.dial('911');
  };
  const title = PAGES.find((p) => p.id === page)!.title;

  // The readback test dialog waits while the location is being confirmed (one dialog at a time); its test
  // call then shows on the call bar instead.
  const test = state.test;
  const testOpen = test.open && confirming === null;
  const barCalls = testOpen ? state.calls.filter((c) => c.call_id !== test.callId) : state.calls;
  const restartTest = () => {
    controller.closeTest();
    controller.openTest();
  };

  return (
    <div class="app" ref={appRef}>
      <header class="topbar" ref={topbarRef}>
        <div class="topbar__row">
          <ReadinessBanner readiness={state.readiness} loading={state.loading} />
          <EmergencyDialButton onDial={dial911} class="emergency--topbar" />
        </div>
        <CallBar
          calls={barCalls}
          onHangUp={controller.hangUp}
          onToggleHold={controller.toggleHold}
          onSetMuted={controller.setMuted}
          onSendDtmf={controller.sendDtmf}
          onTransfer={controller.transferCall}
          onClose={controller.closeCall}
          onAnswerTest={controller.openTestAnswer}
          onAnswer={controller.answerCall}
          onDecline={controller.declineCall}
        />
      </header>
      {/* While a dialog is open, the page behind it cannot be reached (S1 keeps 911 and the calls up top). */}
      <main class="main" aria-busy={state.loading} inert={confirming !== null || testOpen}>
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
        {state.testSuggestion && (
          <TestSuggestionBanner
            suggestion={state.testSuggestion}
            onTest={controller.openTest}
            onDismiss={controller.dismissSuggestion}
          />
        )}
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
            phone={
              <div class="phone-row">
                <Dialer
                  checkNumber={controller.checkNumber}
                  dial={controller.dial}
                  redial={controller.redial}
                  recent={state.recentNumbers}
                  openDialLink={controller.openDialLink}
                  link={state.dialLink}
                  onLinkShown={controller.dialLinkShown}
                />
                <EmergencyPlanCard plan={state.plan} loading={state.loading} onTest={controller.openTest} />
              </div>
            }
          />
        ) : page === 'history' ? (
          <HistoryScreen
            history={state.history}
            loading={state.loadingHistory}
            onLoad={() => void controller.loadHistory()}
            onDial={controller.dial}
            onClear={controller.clearHistory}
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
        ) : page === 'organization' ? (
          <OrganizationScreen
            maps={state.maps}
            loading={state.loadingMaps}
            checking={state.checkingMaps}
            checkedAt={state.mapsCheckedAt}
            rejection={state.mapRejection}
            onLoad={() => void controller.loadMaps()}
            onCheck={() => void controller.checkMaps()}
          />
        ) : page === 'accounts' ? (
          <AccountsScreen
            accounts={state.accounts}
            loading={state.loadingAccounts}
            onLoad={() => void controller.loadAccounts()}
            validate={controller.validateAccount}
            test={controller.testAccount}
            save={controller.saveAccount}
            remove={controller.removeAccount}
            sound={
              <SoundSettings
                load={() => platform.audioDevices()}
                choose={(choice) => platform.chooseAudioDevices(choice)}
              />
            }
          />
        ) : (
          <E911Screen
            overview={state.carrier}
            loading={state.loadingCarrier}
            syncing={state.syncingCarrier}
            onOpen={controller.watchCarrier}
            onRetry={() => void controller.loadCarrier()}
            onSync={(accountId) => void controller.syncCarrier(accountId)}
            onAccept={controller.acceptCarrierSuggestion}
            onDecline={controller.declineCarrierSuggestions}
          />
        )}
      </main>
      {confirming && (
        <ConfirmLocationModal
          report={confirming}
          validate={validate}
          onConfirm={controller.confirmLocation}
          onDial={dial911}
        />
      )}
      {testOpen && (
        <TestCallDialog
          flow={test}
          call={findCall(state.calls, test.callId)}
          plan={state.plan}
          onStart={() => void controller.startTest()}
          onHangUp={() => void controller.hangUpTest()}
          onAnswer={(answer) => void controller.answerTest(answer)}
          onClose={controller.closeTest}
          onAgain={restartTest}
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
