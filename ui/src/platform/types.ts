// The seam between the UI and the desktop shell. Everything outside src/platform/ talks to the shell only
// through a `Platform`, so the app can run against a fake one in tests (and, later, in a browser preview).

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
  ConfirmRequest,
  ConnectionTest,
  DialLink,
  Event,
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

export interface Platform {
  /** Everything the status screen needs in one call. */
  getStatus(): Promise<StatusReport>;
  /** The latest network snapshot the shell holds. */
  getNetwork(): Promise<NetworkSnapshot>;
  /** Asks the shell to re-read the network now; resolves to the snapshot in force afterwards. */
  refreshNetwork(): Promise<NetworkSnapshot>;
  /** Walks the audit log's hash chain. */
  verifyAuditLog(): Promise<AuditVerification>;
  /** Tells the shell the first frame with live data is on screen (logged for the launch benchmark). */
  reportFirstPaint(): Promise<void>;
  /** Subscribes to shell events; resolves to a function that unsubscribes. */
  onEvent(handler: (event: Event) => void): Promise<() => void>;

  /** Where the laptop is now, or why the user must confirm. */
  locate(): Promise<LocateReport>;
  /** Records the user's answer for the current network (an existing place or a new address). */
  confirmLocation(request: ConfirmRequest): Promise<LocateReport>;
  /** The user says they are somewhere else: the shell asks again on this network. */
  reportMoved(): Promise<LocateReport>;
  /** Every location: IT sites and the user's own places. */
  listLocations(): Promise<Location[]>;
  /** Edits one of the user's own places (IT locations are read-only: `read_only`). */
  updateLocation(edit: LocationEdit): Promise<Location>;
  /** Deletes one of the user's own places. */
  deleteLocation(locationId: string): Promise<void>;
  /** Checks an address field by field without storing anything. */
  validateAddress(address: CivicAddress): Promise<Validation>;

  /** The IT map in force, the managed policy and each delivery source (the Organization page). */
  mapStatus(): Promise<MapStatusReport>;
  /** Checks every delivery source for a new IT map now; resolves to the status afterwards. */
  checkMaps(): Promise<MapStatusReport>;

  /** Each SIP account's carrier and DIDs with the E911 record the carrier holds (the E911 page). */
  carrierOverview(): Promise<CarrierOverview>;
  /** "Sync now": brings the carrier's records for one account up to date; resolves to the overview afterwards. */
  syncCarrier(accountId: string): Promise<CarrierOverview>;
  /** Accepts the carrier's suggested correction number `index` (from 0) for `did`. */
  acceptCarrierSuggestion(did: string, index: number): Promise<CarrierOverview>;
  /** Keeps the user's address for `did`: the carrier's corrections are declined. */
  declineCarrierSuggestions(did: string): Promise<CarrierOverview>;

  /** The emergency plan in force (callback number, location sent); null without an account. */
  emergencyPlan(): Promise<PlanSummary | null>;
  /** What `text` would dial by the dial plan (normal, emergency or emergency test), without dialing. */
  checkNumber(text: string): Promise<NumberCheck>;
  /** Places a call; emergency numbers take the emergency path at once (S1). */
  dial(number: string): Promise<CallView>;
  /** Hangs up a call (CANCEL before an answer, BYE after). */
  hangUp(callId: string): Promise<void>;
  /** Puts an answered call on hold (resolves once the far end accepted). */
  holdCall(callId: string): Promise<void>;
  /** Takes a held call off hold. */
  resumeCall(callId: string): Promise<void>;
  /**
   * Mutes (`muted` true: silence goes out, the call stays up) or unmutes a call on the board; resolves to the call
   * as it now is. No event follows: the caller applies the answer itself.
   */
  muteCall(callId: string, muted: boolean): Promise<CallView>;
  /**
   * Sends DTMF `digits` (0-9 * # A-D) on an answered call (RFC 4733 events or SIP INFO). No event follows.
   * Rejects with `call_failed` for characters off the keypad, `not_found` for an unknown call.
   */
  sendDtmf(callId: string, digits: string): Promise<void>;
  /**
   * Blind-transfers an answered call to `target` (a number or SIP address): the call is held, the far end asked to
   * call `target`, and once it answered the call ends (`end_reason` `transferred`). Resolves then. Rejects with
   * `emergency_transfer` (an emergency call, or an emergency number as the target), `invalid_transfer_target`
   * (empty), `transfer_failed` (refused, busy, no answer: the call goes on, off hold) or `not_found`.
   */
  transferCall(callId: string, target: string): Promise<void>;
  /** Answers an incoming call that is ringing; resolves to the answered call (`CallEstablished` follows). */
  answerCall(callId: string): Promise<CallView>;
  /** Declines an incoming call that is ringing (603 Decline); `CallEnded` follows. */
  declineCall(callId: string): Promise<void>;
  /** Every call in progress, and a readback test waiting for its answer. */
  listCalls(): Promise<CallView[]>;
  /** The last `limit` finished calls, newest first. */
  callHistory(limit: number): Promise<CallRecord[]>;
  /** The numbers most recently dialed, each once, newest first. */
  recentNumbers(limit: number): Promise<string[]>;
  /** Dials the most recent number again through the dial plan (a 911 is an emergency call again). */
  redial(): Promise<CallView>;
  /** Forgets every finished call; resolves to how many were removed. */
  clearCallHistory(): Promise<number>;
  /** Turns a `tel:` or `sip:` link into dialer text and says what it would dial. Never dials. */
  openDialLink(link: string): Promise<DialLink>;
  /** The link the app was opened with (or opened later), if the window has not taken it yet. */
  takeDialLink(): Promise<DialLink | null>;
  /** Dials the 933 readback test on the emergency path; says what the readback should say. */
  startTestCall(): Promise<TestCallView>;
  /** Records the user's answer to "Did the readback match?" (hanging the test call up if still going). */
  answerTestCall(callId: string, answer: TestAnswer): Promise<TestCallResult>;
  /** "Not now" on the suggestion to run the readback test. */
  dismissTestSuggestion(): Promise<void>;

  /** Every SIP account with whether a password is stored and its registration as last reported. */
  listAccounts(): Promise<AccountView[]>;
  /** Every problem with `settings`, each with its field (`id`, `user`, …); empty when they can be saved. Cheap. */
  validateAccount(settings: AccountSettings): Promise<FieldError[]>;
  /**
   * One REGISTER with `settings` as typed and `password` (null: the stored one), then unregisters; nothing is
   * saved. Up to ~8 s for an unreachable registrar. Rejects with `config_invalid` for invalid settings and
   * `storage` when there is no password anywhere.
   */
  testAccount(settings: AccountSettings, password: string | null): Promise<ConnectionTest>;
  /**
   * Saves `settings` (with `password` into the OS keychain; null keeps the stored one) and restarts registration.
   * A new account needs a password: `config_invalid` naming `password`.
   */
  saveAccount(settings: AccountSettings, password: string | null): Promise<AccountView>;
  /** Removes an account and its stored password. */
  removeAccount(accountId: string): Promise<void>;

  /**
   * The microphones and speakers present now, with the saved choice and a note for a chosen device that is not
   * connected; `error` set (and no devices) when the sound system could not be read.
   */
  audioDevices(): Promise<AudioDevicesView>;
  /**
   * Saves the microphone and speaker calls use from the next call on (null: the system default); resolves to the
   * device list afterwards. Rejects with `read_only` (the managed policy sets them) or `config_invalid`
   * (config.json has errors to fix first).
   */
  chooseAudioDevices(choice: AudioConfig): Promise<AudioDevicesView>;
}
