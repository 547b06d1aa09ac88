import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type {
  AccountSettings,
  AccountView,
  AudioConfig,
  AudioDevicesView,
  AuditVerification,
  CallRecord,
  CallView,
  CarrierOverview,
  CivicAddress,
  CommandName,
  ConfirmRequest,
  ConnectionTest,
  DialLink,
  FieldError,
  LocateReport,
  Location,
  LocationEdit,
  MapStatusReport,
  NetworkSnapshot,
  NumberCheck,
  PlanSummary,
  StatusReport,
  TestAnswer,
  TestCallResult,
  TestCallView,
  Validation,
} from './bindings';
import { toIpcError } from './errors';

/**
 * Invokes a shell command; a rejection is always an `IpcError`. Tauri names command arguments in camelCase
 * on this side (Rust `location_id` is `locationId` here).
 */
async function call<T>(command: CommandName, args?: InvokeArgs): Promise<T> {
  try {
    return args === undefined ? await invoke<T>(command) : await invoke<T>(command, args);
  } catch (reason) {
    throw toIpcError(reason);
  }
}

export function getStatus(): Promise<StatusReport> {
  return call<StatusReport>('get_status');
}

export function getNetwork(): Promise<NetworkSnapshot> {
  return call<NetworkSnapshot>('get_network');
}

export function refreshNetwork(): Promise<NetworkSnapshot> {
  return call<NetworkSnapshot>('refresh_network');
}

export function verifyAuditLog(): Promise<AuditVerification> {
  return call<AuditVerification>('verify_audit_log');
}

export function reportFirstPaint(): Promise<void> {
  return call<void>('report_first_paint');
}

export function locate(): Promise<LocateReport> {
  return call<LocateReport>('locate');
}

export function confirmLocation(request: ConfirmRequest): Promise<LocateReport> {
  return call<LocateReport>('confirm_location', { request });
}

export function reportMoved(): Promise<LocateReport> {
  return call<LocateReport>('report_moved');
}

export function listLocations(): Promise<Location[]> {
  return call<Location[]>('list_locations');
}

export function updateLocation(edit: LocationEdit): Promise<Location> {
  return call<Location>('update_location', { edit });
}

export async function deleteLocation(locationId: string): Promise<void> {
  await call<null>('delete_location', { locationId });
}

export function validateAddress(address: CivicAddress): Promise<Validation> {
  return call<Validation>('validate_address', { address });
}

export function mapStatus(): Promise<MapStatusReport> {
  return call<MapStatusReport>('map_status');
}

export function checkMaps(): Promise<MapStatusReport> {
  return call<MapStatusReport>('check_maps');
}

export function carrierOverview(): Promise<CarrierOverview> {
  return call<CarrierOverview>('carrier_overview');
}

export function syncCarrier(accountId: string): Promise<CarrierOverview> {
  return call<CarrierOverview>('sync_carrier', { accountId });
}

export function acceptCarrierSuggestion(did: string, index: number): Promise<CarrierOverview> {
  return call<CarrierOverview>('accept_carrier_suggestion', { did, index });
}

export function declineCarrierSuggestions(did: string): Promise<CarrierOverview> {
  return call<CarrierOverview>('decline_carrier_suggestions', { did });
}

export function emergencyPlan(): Promise<PlanSummary | null> {
  return call<PlanSummary | null>('emergency_plan');
}

export function checkNumber(text: string): Promise<NumberCheck> {
  return call<NumberCheck>('check_number', { text });
}

export function dial(number: string): Promise<CallView> {
  return call<CallView>('dial', { number });
}

export async function hangUp(callId: string): Promise<void> {
  await call<null>('hang_up', { callId });
}

export async function holdCall(callId: string): Promise<void> {
  await call<null>('hold_call', { callId });
}

export async function resumeCall(callId: string): Promise<void> {
  await call<null>('resume_call', { callId });
}

/** Mutes (`muted` true: silence goes out) or unmutes a live call; resolves to the call as it now is. */
export function muteCall(callId: string, muted: boolean): Promise<CallView> {
  return call<CallView>('mute_call', { callId, muted });
}

/** Sends DTMF `digits` (0-9 * # A-D) on an answered call; no event follows. */
export async function sendDtmf(callId: string, digits: string): Promise<void> {
  await call<null>('send_dtmf', { callId, digits });
}

/**
 * Blind-transfers an answered call to `target` (a number or SIP address): resolves once the target answered (the
 * call then ends with `transferred`); rejects with `emergency_transfer`, `invalid_transfer_target` or
 * `transfer_failed` (the call goes on).
 */
export async function transferCall(callId: string, target: string): Promise<void> {
  await call<null>('transfer_call', { callId, target });
}

export function answerCall(callId: string): Promise<CallView> {
  return call<CallView>('answer_call', { callId });
}

export async function declineCall(callId: string): Promise<void> {
  await call<null>('decline_call', { callId });
}

export function listCalls(): Promise<CallView[]> {
  return call<CallView[]>('list_calls');
}

export function callHistory(limit: number): Promise<CallRecord[]> {
  return call<CallRecord[]>('call_history', { limit });
}

export function recentNumbers(limit: number): Promise<string[]> {
  return call<string[]>('recent_numbers', { limit });
}

export function redial(): Promise<CallView> {
  return call<CallView>('redial');
}

export function clearCallHistory(): Promise<number> {
  return call<number>('clear_call_history');
}

export function openDialLink(link: string): Promise<DialLink> {
  return call<DialLink>('open_dial_link', { link });
}

export async function takeDialLink(): Promise<DialLink | null> {
  return (await call<DialLink | null>('take_dial_link')) ?? null;
}

export function startTestCall(): Promise<TestCallView> {
  return call<TestCallView>('start_test_call');
}

export function answerTestCall(callId: string, answer: TestAnswer): Promise<TestCallResult> {
  return call<TestCallResult>('answer_test_call', { callId, answer });
}

export async function dismissTestSuggestion(): Promise<void> {
  await call<null>('dismiss_test_suggestion');
}

export function listAccounts(): Promise<AccountView[]> {
  return call<AccountView[]>('list_accounts');
}

/** Every problem with `settings`, each with its field; cheap and synchronous in the shell. */
export function validateAccount(settings: AccountSettings): Promise<FieldError[]> {
  return call<FieldError[]>('validate_account', { settings });
}

/** One REGISTER with `settings` and `password` (null: the stored one); nothing is saved. */
export function testAccount(settings: AccountSettings, password: string | null): Promise<ConnectionTest> {
  return call<ConnectionTest>('test_account', { settings, password });
}

/** Saves `settings` (and `password` into the keychain; null keeps the stored one) and restarts registration. */
export function saveAccount(settings: AccountSettings, password: string | null): Promise<AccountView> {
  return call<AccountView>('save_account', { settings, password });
}

export async function removeAccount(accountId: string): Promise<void> {
  await call<null>('remove_account', { accountId });
}

export function audioDevices(): Promise<AudioDevicesView> {
  return call<AudioDevicesView>('audio_devices');
}

/** Saves the microphone and speaker calls use (null: the system default); resolves to the list afterwards. */
export function chooseAudioDevices(choice: AudioConfig): Promise<AudioDevicesView> {
  return call<AudioDevicesView>('choose_audio_devices', { choice });
}
