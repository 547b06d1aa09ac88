// Connects a Platform to a Store: subscribes to events, loads the status, and runs the user's actions.

import { toIpcError } from '../platform/errors';
import type {
  CarrierOverview,
  ConfirmRequest,
  LocateReport,
  Location,
  LocationEdit,
  MapStatusReport,
} from '../platform/bindings';
import type { Platform } from '../platform/types';
import {
  applyAudit,
  applyCarrier,
  applyEvent,
  applyFailure,
  applyLocate,
  applyLocations,
  applyMaps,
  applyRefreshed,
  applyStatus,
  applySyncFailure,
  applySyncing,
  dismissError,
  type AppState,
} from './appState';
import { createAccountActions, type AccountActions } from './accountActions';
import { createCallActions, type CallActions } from './callActions';
import { createHistoryActions, type HistoryActions } from './historyActions';
import type { Store } from './store';

/** How many times the status is re-read when events keep arriving while it is being read. */
const MAX_LOAD_ATTEMPTS = 3;

/** Events whose news the status report also carries: one landing during a status read makes it read again. */
const STATUS_EVENTS: ReadonlySet<string> = new Set(['NetworkChanged', 'ReadinessChanged', 'TestCallSuggested']);

export interface Controller extends CallActions, HistoryActions, AccountActions {
  /** Subscribes to events, then reads the status. Call once. */
  start(): Promise<void>;
  /** Unsubscribes; later results are ignored. */
  stop(): void;
  /** Reads the status again (e.g. after a failure). */
  reload(): Promise<void>;
  refreshNetwork(): Promise<void>;
  verifyAuditLog(): Promise<void>;
  dismissError(): void;
  /** Re-reads where the laptop is (and then the status, for readiness). */
  relocate(): Promise<void>;
  /**
   * Sends the user's answer to a confirmation request. Rejects with an `IpcError` (e.g. `invalid_address`)
   * so the form that asked can show it next to the fields; the state is left as it was.
   */
  confirmLocation(request: ConfirmRequest): Promise<LocateReport>;
  /** "I'm somewhere else". Failures are shown as an alert. */
  reportMoved(): Promise<void>;
  /** Reads every location for the Locations page. Failures are shown as an alert. */
  loadLocations(): Promise<void>;
  /** Edits a personal location; rejects with an `IpcError` for the form. */
  updateLocation(edit: LocationEdit): Promise<Location>;
  /** Deletes a personal location; rejects with an `IpcError`. */
  deleteLocation(locationId: string): Promise<void>;
  /**
   * Reads the IT map status for the Organization page. Failures are shown as an alert. Once called, the
   * status is read again whenever a `MapApplied` or `MapRejected` event arrives.
   */
  loadMaps(): Promise<void>;
  /** "Check now": asks every delivery source for a new map. Failures are shown as an alert. */
  checkMaps(): Promise<void>;
  /**
   * The E911 page is open: reads the carrier overview and, until the returned function is called, reads it
   * again whenever a `CarrierStateChanged` event arrives. Failures are shown as an alert.
   */
  watchCarrier(): () => void;
  /** Reads the carrier overview (again). Failures are shown as an alert. */
  loadCarrier(): Promise<void>;
  /** "Sync now" for one account; the overview it returns is shown. Failures are shown as an alert. */
  syncCarrier(accountId: string): Promise<void>;
  /** Accepts the carrier's correction `index` for `did`; rejects with an `IpcError` for the dialog. */
  acceptCarrierSuggestion(did: string, index: number): Promise<CarrierOverview>;
  /** Keeps the user's address for `did`; rejects with an `IpcError` for the dialog. */
  declineCarrierSuggestions(did: string): Promise<CarrierOverview>;
}

export function createController(platform: Platform, store: Store): Controller {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  /** Counts events that changed the state, so a status read that raced one can be retried. */
  let changes = 0;
  /**
   * Location answers come from several calls that may overlap (status, locate, confirm, moved). Each call
   * takes a ticket when it starts; an answer is applied only if no later-started call's answer already was.
   */
  let locateTickets = 0;
  let appliedTicket = 0;
  const takeTicket = () => (locateTickets += 1);
  /** True (and records it) when an answer from `ticket` is newer than the one on screen. */
  const isNewest = (ticket: number) => {
    if (ticket <= appliedTicket) return false;
    appliedTicket = ticket;
    return true;
  };

  /** Map status answers (a read, or "Check now") are applied newest-started first, like location answers. */
  let mapTickets = 0;
  let appliedMapTicket = 0;
  /** True once the Organization page has asked for the map status: events then keep it current. */
  let mapsWanted = false;

  /**
   * Carrier overviews (reads, "Sync now", decisions) are applied newest-started first too. Every change in the
   * shell sends `CarrierStateChanged`, whose read starts after it, so the overview on screen catches up.
   */
  let carrierTickets = 0;
  let appliedCarrierTicket = 0;
  /** How many open E911 pages want `CarrierStateChanged` to re-read the overview. */
  let carrierWatchers = 0;
  /** The read under way, if any; events during it make it read once more instead of starting another. */
  let carrierRead: Promise<void> | null = null;
  let carrierReadAgain = false;

  const update = (next: (current: AppState) => AppState) => {
    if (!stopped) store.update(next);
  };
  const calls = createCallActions(platform, update, () => store.state.value);
  const history = createHistoryActions(platform, update);
  const accounts = createAccountActions(platform, update);

  async function subscribe(): Promise<void> {
    try {
      const stopListening = await platform.onEvent((event) => {
        if (stopped) return;
        // Finished calls (the history, recent numbers) and tel:/sip: links for the dialer.
        if (history.handleEvent(event)) return;
        // Registration news for the Accounts page.
        if (accounts.handleEvent(event)) return;
        if (event.type === 'LocationResolved' || event.type === 'LocationConfirmRequired') {
          // The event carries only ids and labels: re-read the full report (and the status for readiness).
          changes += 1;
          void relocate();
          return;
        }
        if (event.type === 'MapApplied' || event.type === 'MapRejected') {
          // Not counted in `changes`: the status report carries nothing from the map status.
          store.update((s) => applyEvent(s, event));
          // The event names only the map or the problems: re-read the sources' last checks and errors.
          if (mapsWanted) void loadMaps();
          // A new map replaces the IT sites on the Locations page.
          if (event.type === 'MapApplied') afterPlacesChanged();
          return;
        }
        if (event.type === 'CarrierStateChanged') {
          // The event names only the DID and a step: read the overview again while the E911 page shows it.
          if (carrierWatchers > 0) void loadCarrier();
          return;
        }
        if (event.type === 'TestCallRequested') {
          // The user chose "Test emergency calling…" in the app menu or the tray.
          calls.openTest();
          return;
        }
        // Readiness follows the emergency plan: read the plan again for the callback number and location.
        if (event.type === 'ReadinessChanged') void calls.refreshPlan();
        const before = store.state.value;
        const after = applyEvent(before, event);
        if (after !== before) {
          if (STATUS_EVENTS.has(event.type)) changes += 1;
          store.update(() => after);
        }
      });
      if (stopped) stopListening();
      else unlisten = stopListening;
    } catch (reason) {
      update((s) => applyFailure(s, 'subscribe', toIpcError(reason)));
    }
  }

  /** Reads the status; `quiet` leaves the loading flag alone (a background re-read). */
  async function load(quiet = false): Promise<void> {
    if (!quiet) update((s) => (s.loading ? s : { ...s, loading: true }));
    try {
      // An event that arrives while the status is in flight may be newer or older than the report, so
      // read the report again until no event lands during the read.
      for (let attempt = 1; attempt <= MAX_LOAD_ATTEMPTS; attempt += 1) {
        const seen = changes;
        const ticket = takeTicket();
        const status = await platform.getStatus();
        const fresh = isNewest(ticket);
        update((s) => applyStatus(s, status, !fresh));
        if (changes === seen) break;
      }
    } catch (reason) {
      update((s) => applyFailure(s, 'load', toIpcError(reason)));
    }
  }

  /** Applies a location answer obtained with `ticket`, if nothing newer has been applied. */
  function applyAnswer(ticket: number, report: LocateReport): void {
    if (isNewest(ticket)) update((s) => applyLocate(s, report));
  }

  async function loadLocations(): Promise<void> {
    update((s) => ({ ...s, loadingLocations: true }));
    try {
      const locations = await platform.listLocations();
      update((s) => applyLocations(s, locations));
    } catch (reason) {
      update((s) => applyFailure(s, 'locations', toIpcError(reason)));
    }
  }

  /** After a change to the places: the Locations page, if it has been read, is read again. */
  function afterPlacesChanged(): void {
    if (!stopped && store.state.value.locations !== null) void loadLocations();
  }

  /** Applies a map status answer obtained with `mapTicket`; an older one than on screen only clears flags. */
  function applyMapAnswer(
    mapTicket: number,
    report: MapStatusReport,
    op: 'maps' | 'check_maps',
    checkedAt?: string,
  ): void {
    const stale = mapTicket <= appliedMapTicket;
    if (!stale) appliedMapTicket = mapTicket;
    update((s) => applyMaps(s, report, op, checkedAt === undefined ? { stale } : { stale, checkedAt }));
  }

  async function loadMaps(): Promise<void> {
    mapsWanted = true;
    const mapTicket = (mapTickets += 1);
    update((s) => (s.loadingMaps ? s : { ...s, loadingMaps: true }));
    try {
      const report = await platform.mapStatus();
      applyMapAnswer(mapTicket, report, 'maps');
    } catch (reason) {
      update((s) => applyFailure(s, 'maps', toIpcError(reason)));
    }
  }

  /** True (and records it) when a carrier overview with `ticket` is newer than the one on screen. */
  function isNewestCarrier(ticket: number): boolean {
    if (ticket <= appliedCarrierTicket) return false;
    appliedCarrierTicket = ticket;
    return true;
  }

  function loadCarrier(): Promise<void> {
    if (carrierRead !== null) {
      carrierReadAgain = true;
      return carrierRead;
    }
    const read = async () => {
      try {
        do {
          carrierReadAgain = false;
          const ticket = (carrierTickets += 1);
          update((s) => (s.loadingCarrier ? s : { ...s, loadingCarrier: true }));
          try {
            const overview = await platform.carrierOverview();
            const stale = !isNewestCarrier(ticket);
            update((s) => applyCarrier(s, overview, { op: 'carrier', stale }));
          } catch (reason) {
            update((s) => applyFailure(s, 'carrier', toIpcError(reason)));
          }
        } while (carrierReadAgain && !stopped);
      } finally {
        carrierRead = null;
      }
    };
    carrierRead = read();
    return carrierRead;
  }

  /** Sends a decision on the carrier's corrections; applies the overview it returns or rejects with an `IpcError`. */
  async function decide(send: () => Promise<CarrierOverview>): Promise<CarrierOverview> {
    const ticket = (carrierTickets += 1);
    let overview: CarrierOverview;
    try {
      overview = await send();
    } catch (reason) {
      throw toIpcError(reason);
    }
    const stale = !isNewestCarrier(ticket);
    update((s) => applyCarrier(s, overview, { stale }));
    return overview;
  }

  async function relocate(): Promise<void> {
    const ticket = takeTicket();
    try {
      const report = await platform.locate();
      applyAnswer(ticket, report);
    } catch (reason) {
      update((s) => applyFailure(s, 'locate', toIpcError(reason)));
    }
    await load(true);
    afterPlacesChanged();
  }

  return {
    ...calls,
    ...history.actions,
    ...accounts.actions,

    async start() {
      // Subscribe first so no change between the read and the subscription is missed.
      await subscribe();
      // A link the app was opened with fills the dialer (never dials); the recent numbers feed Redial.
      await Promise.all([load(), calls.loadCalls(), history.actions.loadRecent(), history.actions.takeDialLink()]);
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

    relocate,

    async confirmLocation(request) {
      const ticket = takeTicket();
      let report: LocateReport;
      try {
        report = await platform.confirmLocation(request);
      } catch (reason) {
        throw toIpcError(reason);
      }
      applyAnswer(ticket, report);
      // Readiness follows from the new location; the shell also sends `ReadinessChanged`.
      void load(true).then(afterPlacesChanged);
      return report;
    },

    async reportMoved() {
      const ticket = takeTicket();
      update((s) => ({ ...s, reportingMoved: true }));
      try {
        const report = await platform.reportMoved();
        applyAnswer(ticket, report);
        update((s) => ({ ...s, reportingMoved: false }));
      } catch (reason) {
        update((s) => applyFailure(s, 'moved', toIpcError(reason)));
        return;
      }
      await load(true);
    },

    loadLocations,

    async updateLocation(edit) {
      let location: Location;
      try {
        location = await platform.updateLocation(edit);
      } catch (reason) {
        throw toIpcError(reason);
      }
      afterPlacesChanged();
      return location;
    },

    async deleteLocation(locationId) {
      try {
        await platform.deleteLocation(locationId);
      } catch (reason) {
        throw toIpcError(reason);
      }
      afterPlacesChanged();
    },

    loadMaps,

    async checkMaps() {
      mapsWanted = true;
      const mapTicket = (mapTickets += 1);
      update((s) => ({ ...s, checkingMaps: true }));
      try {
        const report = await platform.checkMaps();
        applyMapAnswer(mapTicket, report, 'check_maps', new Date().toISOString());
      } catch (reason) {
        update((s) => applyFailure(s, 'check_maps', toIpcError(reason)));
      }
    },

    watchCarrier() {
      carrierWatchers += 1;
      void loadCarrier();
      let watching = true;
      return () => {
        if (watching) carrierWatchers -= 1;
        watching = false;
      };
    },

    loadCarrier,

    async syncCarrier(accountId) {
      const ticket = (carrierTickets += 1);
      update((s) => applySyncing(s, accountId));
      try {
        const overview = await platform.syncCarrier(accountId);
        const stale = !isNewestCarrier(ticket);
        update((s) => applyCarrier(s, overview, { op: 'sync_carrier', synced: accountId, stale }));
      } catch (reason) {
        update((s) => applySyncFailure(s, accountId, toIpcError(reason)));
      }
    },

    async acceptCarrierSuggestion(did, index) {
      const overview = await decide(() => platform.acceptCarrierSuggestion(did, index));
      // An accepted correction also corrects the personal place it was for: the status and places show it.
      void load(true).then(afterPlacesChanged);
      return overview;
    },

    declineCarrierSuggestions(did) {
      return decide(() => platform.declineCarrierSuggestions(did));
    },
  };
}
