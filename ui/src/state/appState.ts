// The UI's state as one immutable value, and pure functions that produce the next one.
// Signals (see store.ts) hold the current value; nothing here knows about signals or the platform.

import type {
  AccountView,
  AuditVerification,
  CallRecord,
  CallView,
  CarrierOverview,
  DialLink,
  Event,
  IpcError,
  LocateReport,
  Location,
  MapRejection,
  MapStatusReport,
  NetworkSnapshot,
  PlanSummary,
  Readiness,
  StatusReport,
  TestSuggestion,
} from '../platform/bindings';
import { attachEmergency, removeCall, upsertCall } from './calls';
import { closedTest, openTestFlow, testAnswered, testCallEnded, type TestFlow } from './testFlow';

/** What the UI was doing when something failed; errors are shown and cleared per operation. */
export type Operation =
  | 'load'
  | 'refresh'
  | 'verify'
  | 'subscribe'
  | 'locate'
  | 'moved'
  | 'locations'
  | 'maps'
  | 'check_maps'
  | 'carrier'
  | 'sync_carrier'
  | 'calls'
  | 'history'
  | 'clear_history'
  | 'dial'
  | 'accounts'
  | 'save_account'
  | 'test_account'
  | 'audio'
  | 'save_audio';

export interface UiError extends IpcError {
  op: Operation;
}

export interface AppState {
  /** The last full status report (version, paths, config, audit count); null until the first arrives. */
  status: StatusReport | null;
  /** The network in force: from the status report, a refresh, or a `NetworkChanged` event. */
  network: NetworkSnapshot | null;
  /** E911 readiness: from the status report or a `ReadinessChanged` event. */
  readiness: Readiness | null;
  /**
   * Where the laptop is, or why the user must confirm: from the status report, `locate()` (re-read on every
   * location event), or the answer to a confirmation. The confirmation dialog is open while this is
   * `confirm_required`.
   */
  locate: LocateReport | null;
  /** Every location (IT and personal); null until the Locations page first reads them. */
  locations: Location[] | null;
  loadingLocations: boolean;
  /** The IT map in force, the managed policy and the delivery sources; null until the Organization page reads it. */
  maps: MapStatusReport | null;
  loadingMaps: boolean;
  /** True while "Check now" asks the delivery sources for a new map. */
  checkingMaps: boolean;
  /** When the last "Check now" this session finished (RFC 3339), for the page to announce it. */
  mapsCheckedAt: string | null;
  /** The last `MapRejected` event's problems, shown until a `MapApplied` event. */
  mapRejection: MapRejection | null;
  /** Each account's carrier and DIDs with the carrier's E911 records; null until the E911 page first reads it. */
  carrier: CarrierOverview | null;
  loadingCarrier: boolean;
  /** The accounts whose "Sync now" is running. */
  syncingCarrier: string[];
  /** True while "I'm somewhere else" is being reported. */
  reportingMoved: boolean;
  /** True while the status report is being read. */
  loading: boolean;
  refreshing: boolean;
  verifying: boolean;
  /** The result of the last audit-log verification this session. */
  audit: AuditVerification | null;
  /** The last failure, if not yet cleared. */
  error: UiError | null;
  /** Calls on screen, oldest first: in progress, or ended and not yet closed by the user. */
  calls: CallView[];
  /** The emergency plan in force (callback number, location sent); null without an account or until read. */
  plan: PlanSummary | null;
  /** An open suggestion to run the 933 readback test. */
  testSuggestion: TestSuggestion | null;
  /** The "Test emergency calling…" dialog and its test call. */
  test: TestFlow;
  /** Finished calls, newest first; null until the History page first reads them. */
  history: CallRecord[] | null;
  loadingHistory: boolean;
  /** The SIP accounts with their registration (kept current by `Register*` events); null until first read. */
  accounts: AccountView[] | null;
  loadingAccounts: boolean;
  /** The numbers dialed most recently, each once, newest first (the dialer's Redial and recent numbers). */
  recentNumbers: string[];
  /** A `tel:`/`sip:` link the app was opened with, waiting to be put into the dialer (never dialed by itself). */
  dialLink: DialLink | null;
}

export const initialState: AppState = {
  status: null,
  network: null,
  readiness: null,
  locate: null,
  locations: null,
  loadingLocations: false,
  maps: null,
  loadingMaps: false,
  checkingMaps: false,
  mapsCheckedAt: null,
  mapRejection: null,
  carrier: null,
  loadingCarrier: false,
  syncingCarrier: [],
  reportingMoved: false,
  loading: true,
  refreshing: false,
  verifying: false,
  audit: null,
  error: null,
  calls: [],
  plan: null,
  testSuggestion: null,
  test: closedTest,
  history: null,
  loadingHistory: false,
  accounts: null,
  loadingAccounts: false,
  recentNumbers: [],
  dialLink: null,
};

/**
 * Applies one shell event. Events this screen does not use return the same state object, so callers can
 * tell whether anything changed with `===`.
 */
export function applyEvent(state: AppState, event: Event): AppState {
  switch (event.type) {
    case 'NetworkChanged':
      return { ...state, network: event.payload };
    case 'ReadinessChanged':
      return { ...state, readiness: event.payload };
    case 'MapRejected':
      return { ...state, mapRejection: event.payload };
    case 'MapApplied':
      return state.mapRejection === null ? state : { ...state, mapRejection: null };
    case 'CallIncoming':
    case 'CallRinging':
    case 'CallEstablished':
    case 'CallHeld':
    case 'CallResumed':
      return withCalls(state, upsertCall(state.calls, event.payload));
    case 'CallEnded': {
      const calls = upsertCall(state.calls, event.payload);
      const test = testCallEnded(state.test, event.payload);
      return calls === state.calls && test === state.test ? state : { ...state, calls, test };
    }
    case 'EmergencyCallStarted':
      return withCalls(state, attachEmergency(state.calls, event.payload));
    case 'TestCallRequested': {
      const test = openTestFlow(state.test);
      return test === state.test ? state : { ...state, test };
    }
    case 'TestCallSuggested':
      return { ...state, testSuggestion: event.payload };
    case 'TestCallResult':
      // The shell has written the answer to the audit log and dropped the call; the suggestion is met.
      return {
        ...state,
        calls: removeCall(state.calls, event.payload.call_id),
        testSuggestion: null,
        test: testAnswered(state.test, event.payload),
      };
    default:
      return state;
  }
}

/**
 * Applies a status report. `keepLocate` keeps the location in force when a newer location answer has already
 * been applied than the one this report carries.
 */
export function applyStatus(state: AppState, status: StatusReport, keepLocate = false): AppState {
  return {
    ...state,
    status,
    network: status.network,
    readiness: status.readiness,
    locate: keepLocate ? state.locate : (status.location ?? state.locate),
    plan: status.emergency_plan ?? null,
    testSuggestion: status.test_suggestion ?? null,
    loading: false,
    error: clearedError(state.error, 'load'),
  };
}

export function applyRefreshed(state: AppState, network: NetworkSnapshot): AppState {
  return { ...state, network, refreshing: false, error: clearedError(state.error, 'refresh') };
}

export function applyAudit(state: AppState, audit: AuditVerification): AppState {
  return { ...state, audit, verifying: false, error: clearedError(state.error, 'verify') };
}

export function applyLocate(state: AppState, locate: LocateReport): AppState {
  return { ...state, locate, error: clearedError(clearedError(state.error, 'locate'), 'moved') };
}

export function applyLocations(state: AppState, locations: Location[]): AppState {
  return { ...state, locations, loadingLocations: false, error: clearedError(state.error, 'locations') };
}

/**
 * Applies a map status report from `map_status` (`op` "maps") or "Check now" (`op` "check_maps", finished at
 * `checkedAt`). `stale` keeps the report on screen when a newer one has already been applied.
 */
export function applyMaps(
  state: AppState,
  maps: MapStatusReport,
  op: 'maps' | 'check_maps',
  options: { stale?: boolean; checkedAt?: string } = {},
): AppState {
  return {
    ...state,
    maps: options.stale ? state.maps : maps,
    loadingMaps: op === 'maps' ? false : state.loadingMaps,
    checkingMaps: op === 'check_maps' ? false : state.checkingMaps,
    mapsCheckedAt: op === 'check_maps' ? (options.checkedAt ?? state.mapsCheckedAt) : state.mapsCheckedAt,
    error: clearedError(state.error, op),
  };
}

/**
 * Applies a carrier overview: the answer to a read (`op` "carrier"), to "Sync now" for account `synced` (`op`
 * "sync_carrier"), or to a decision on the carrier's corrections (no `op`). `stale` keeps the overview on screen
 * when a newer one has already been applied.
 */
export function applyCarrier(
  state: AppState,
  overview: CarrierOverview,
  options: { op?: 'carrier' | 'sync_carrier'; synced?: string; stale?: boolean } = {},
): AppState {
  const { op, synced, stale = false } = options;
  return {
    ...state,
    carrier: stale ? state.carrier : overview,
    loadingCarrier: op === 'carrier' ? false : state.loadingCarrier,
    syncingCarrier: synced === undefined ? state.syncingCarrier : withoutAccount(state.syncingCarrier, synced),
    error: op === undefined ? state.error : clearedError(state.error, op),
  };
}

/** "Sync now" for `accountId` has started. */
export function applySyncing(state: AppState, accountId: string): AppState {
  if (state.syncingCarrier.includes(accountId)) return state;
  return { ...state, syncingCarrier: [...state.syncingCarrier, accountId] };
}

/** "Sync now" for `accountId` failed with `error`. */
export function applySyncFailure(state: AppState, accountId: string, error: IpcError): AppState {
  const failed = applyFailure(state, 'sync_carrier', error);
  return { ...failed, syncingCarrier: withoutAccount(state.syncingCarrier, accountId) };
}

export function applyFailure(state: AppState, op: Operation, error: IpcError): AppState {
  return {
    ...state,
    error: { op, code: error.code, message: error.message },
    loading: op === 'load' ? false : state.loading,
    refreshing: op === 'refresh' ? false : state.refreshing,
    verifying: op === 'verify' ? false : state.verifying,
    loadingLocations: op === 'locations' ? false : state.loadingLocations,
    loadingMaps: op === 'maps' ? false : state.loadingMaps,
    checkingMaps: op === 'check_maps' ? false : state.checkingMaps,
    loadingCarrier: op === 'carrier' ? false : state.loadingCarrier,
    reportingMoved: op === 'moved' ? false : state.reportingMoved,
    loadingHistory: op === 'history' ? false : state.loadingHistory,
    loadingAccounts: op === 'accounts' ? false : state.loadingAccounts,
  };
}

export function dismissError(state: AppState): AppState {
  return state.error === null ? state : { ...state, error: null };
}

function withCalls(state: AppState, calls: CallView[]): AppState {
  return calls === state.calls ? state : { ...state, calls };
}

function withoutAccount(accounts: string[], accountId: string): string[] {
  return accounts.includes(accountId) ? accounts.filter((id) => id !== accountId) : accounts;
}

/** Applies the call history read for the History page. */
export function applyHistory(state: AppState, history: CallRecord[]): AppState {
  return { ...state, history, loadingHistory: false, error: clearedError(state.error, 'history') };
}

/** Applies the accounts read for the Accounts page. */
export function applyAccounts(state: AppState, accounts: AccountView[]): AppState {
  return { ...state, accounts, loadingAccounts: false, error: clearedError(state.error, 'accounts') };
}

/** A success clears the error only if it came from the same operation. */
function clearedError(error: UiError | null, op: Operation): UiError | null {
  return error !== null && error.op === op ? null : error;
}
