// A Platform for tests: each call answers from a queue or a default, and events are pushed by the test.

import { vi } from 'vitest';
import type {
  AccountSettings,
  AccountView,
  AudioConfig,
  AudioDevicesView,
  AuditVerification,
  CallRecord,
  CallView,
  CarrierDidView,
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
} from '../platform/bindings';
import type { Platform } from '../platform/types';
import { fakeValidateAccount } from './accountValidator';
import {
  accountView,
  audioDevices,
  audioNote,
  auditIntact,
  connectionTest,
  callView,
  carrierOverview,
  homeLocation,
  itLocation,
  locateConfirm,
  locateResolved,
  mapStatus,
  network,
  plan,
  status,
  testCallResult,
  testCallView,
  validation,
} from './fixtures';

type Answer<T> = T | { reject: unknown };

function isReject(value: unknown): value is { reject: unknown } {
  return typeof value === 'object' && value !== null && 'reject' in value;
}

function answer<T>(value: Answer<T>): Promise<T> {
  if (isReject(value)) return Promise.reject(value.reject);
  return Promise.resolve(value as T);
}

/** An answer, or a function of the call's argument that returns one. */
type Reply<A, T> = Answer<T> | ((arg: A) => Answer<T>);

function replied<A, T>(value: Reply<A, T>, arg: A): Answer<T> {
  return typeof value === 'function' ? (value as (arg: A) => Answer<T>)(arg) : value;
}

function reply<A, T>(value: Reply<A, T>, arg: A): Promise<T> {
  return answer(replied(value, arg));
}

export interface FakePlatformOptions {
  status?: Answer<StatusReport>;
  network?: Answer<NetworkSnapshot>;
  refresh?: Answer<NetworkSnapshot>;
  audit?: Answer<AuditVerification>;
  /** Makes `onEvent` reject with this value. */
  subscribeError?: unknown;
  /**
   * The shell's current location answer: returned by `locate()` and put into every status report (also one
   * given in `status`). A successful confirm or "I'm somewhere else" replaces it, as the shell would.
   */
  locate?: Answer<LocateReport>;
  /** Overrides what `confirmLocation` answers; by default it resolves to the chosen or new place. */
  confirm?: Reply<ConfirmRequest, LocateReport>;
  /** Overrides what `reportMoved` answers; by default `confirm_required` with reason `user_moved`. */
  moved?: Answer<LocateReport>;
  /** What `listLocations` answers; by default the IT HQ and the home office. */
  locations?: Answer<Location[]>;
  update?: Reply<LocationEdit, Location>;
  delete?: Reply<string, null>;
  /** What `validateAddress` answers; by default no problems. */
  validate?: Reply<CivicAddress, Validation>;
  /** What `mapStatus` answers; by default `mapStatus()` (Acme's map in force, a valid policy). */
  maps?: Answer<MapStatusReport>;
  /**
   * What `checkMaps` answers; by default the current `maps` answer. A successful check's report becomes the
   * `maps` answer, as the shell would keep it.
   */
  check?: Answer<MapStatusReport>;
  /** What `carrierOverview` answers; by default `carrierOverview()` (account `work` on VoIP.ms). */
  carrier?: Answer<CarrierOverview>;
  /**
   * What `syncCarrier` answers; by default the current `carrier` answer. A successful sync's overview becomes
   * the `carrier` answer, as the shell would keep it (so do accepted and declined corrections).
   */
  syncCarrier?: Reply<string, CarrierOverview>;
  /** What `acceptCarrierSuggestion` answers; by default the DID pending with the suggestion as its address. */
  acceptSuggestion?: Reply<{ did: string; index: number }, CarrierOverview>;
  /** What `declineCarrierSuggestions` answers; by default the DID `declined`. */
  declineSuggestions?: Reply<string, CarrierOverview>;
  /** What `emergencyPlan` answers; by default the status report's plan (or `plan()`). */
  plan?: Answer<PlanSummary | null>;
  /** What `checkNumber` answers; by default `classify` (911/9911 emergency, 933 test, anything else normal). */
  numberCheck?: Reply<string, NumberCheck>;
  /** What `dial` answers; by default a new call in state `calling` to what `classify` makes of the number. */
  dial?: Reply<string, CallView>;
  /** What `hangUp` answers; by default it succeeds (the test emits `CallEnded` if it wants one). */
  hangUp?: Reply<string, null>;
  /** What `holdCall` answers; by default it succeeds (the test emits `CallHeld` if it wants one). */
  hold?: Reply<string, null>;
  /** What `resumeCall` answers; by default it succeeds. */
  resume?: Reply<string, null>;
  /**
   * What `muteCall` answers; by default the fake shell's latest view of the call (from `calls`, `dial`, `redial`,
   * `answerCall`, `startTestCall` or an emitted call event) with `muted` set, or `not_found` for a call it never saw.
   */
  mute?: Reply<{ callId: string; muted: boolean }, CallView>;
  /**
   * What `sendDtmf` answers; by default it succeeds for digits 0-9 * # A-D on a call the fake shell has seen,
   * `call_failed` for other characters and `not_found` for a call it never saw (as the shell would).
   */
  dtmf?: Reply<{ callId: string; digits: string }, null>;
  /** What `transferCall` answers; by default it succeeds (the test emits the call's events if it wants them). */
  transfer?: Reply<{ callId: string; target: string }, null>;
  /** What `answerCall` answers; by default the call, established. */
  answerCall?: Reply<string, CallView>;
  /** What `declineCall` answers; by default it succeeds. */
  declineCall?: Reply<string, null>;
  /** What `listCalls` answers; by default no calls. */
  calls?: Answer<CallView[]>;
  /** The call history `callHistory` answers from (newest first, cut to the limit); by default empty. */
  history?: Answer<CallRecord[]>;
  /** The numbers `recentNumbers` answers from (newest first, cut to the limit); by default none. */
  recent?: Answer<string[]>;
  /**
   * What `redial` answers; by default a call to the newest recent number (as `dial` would place it), or
   * `call_failed` when nothing has been dialed.
   */
  redial?: Answer<CallView>;
  /** What `clearCallHistory` answers; by default the history's length, and the history and recent numbers empty. */
  clearHistory?: Answer<number>;
  /** What `openDialLink` answers; by default `tel:`/`sip:` links normalised by `normaliseLink`, others `invalid_link`. */
  openLink?: Reply<string, DialLink>;
  /** The link `takeDialLink` hands over once (then null); by default none. */
  pendingLink?: DialLink | null;
  /** What `startTestCall` answers; by default `testCallView()`. */
  startTest?: Answer<TestCallView>;
  /** What `answerTestCall` answers; by default `testCallResult()` with the call id and the answer as outcome. */
  answerTest?: Reply<{ callId: string; answer: TestAnswer }, TestCallResult>;
  /** What `dismissTestSuggestion` answers; by default it succeeds. */
  dismissSuggestion?: Answer<null>;
  /**
   * The accounts `listAccounts` answers; by default `[accountView()]` (`work`, registered). A successful save or
   * remove changes them, as the shell would.
   */
  accounts?: Answer<AccountView[]>;
  /** What `validateAccount` answers; by default `fakeValidateAccount`. */
  validateAccount?: Reply<AccountSettings, FieldError[]>;
  /**
   * What `testAccount` answers; by default `config_invalid` for settings `fakeValidateAccount` refuses, `storage`
   * without a password typed or stored, else a success (`connectionTest()`) at the registrar (or domain) typed.
   */
  testAccount?: Reply<AccountRequest, ConnectionTest>;
  /**
   * What `saveAccount` answers; by default `config_invalid` for settings `fakeValidateAccount` refuses or an account
   * without a password typed or stored (naming `password`), else the account `registering` with a password.
   */
  saveAccount?: Reply<AccountRequest, AccountView>;
  /** What `removeAccount` answers; by default it succeeds for a listed account, `not_found` otherwise. */
  removeAccount?: Reply<string, null>;
  /**
   * The sound devices `audioDevices` answers; by default `audioDevices()` (built-in microphone and speakers, a USB
   * headset, nothing chosen). A successful choice becomes this answer, as the shell would keep it.
   */
  audio?: Answer<AudioDevicesView>;
  /**
   * What `chooseAudioDevices` answers; by default the current `audio` list with the choice saved and a note for
   * each chosen device that is not in it.
   */
  chooseAudio?: Reply<AudioConfig, AudioDevicesView>;
}

/** What `testAccount` and `saveAccount` were asked with. */
export interface AccountRequest {
  settings: AccountSettings;
  password: string | null;
}

/** The message of a `config_invalid` error for the accounts file, as the shell words it. */
export function accountsInvalid(errors: FieldError[]): { code: 'config_invalid'; message: string } {
  const listed = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return {
    code: 'config_invalid',
    message: `the configuration file /home/ana/.config/locus/accounts.json is invalid: ${listed}`,
  };
}

/** The shell's `save_account` refusal for an account without a password typed or stored. */
export const PASSWORD_NEEDED: FieldError = {
  field: 'password',
  message: "enter the account's password (it is kept in the OS keychain)",
};

/** A stand-in for the Rust dial plan, good enough for tests. */
export function classify(text: string): NumberCheck {
  const trimmed = text.trim();
  if (/[a-z@]/i.test(trimmed)) return { kind: 'normal', target: trimmed };
  const digits = trimmed.replace(/\D/g, '');
  if (digits === '911' || digits === '9911') return { kind: 'emergency', target: '911' };
  if (digits === '933') return { kind: 'emergency_test', target: '933' };
  return { kind: 'normal', target: digits };
}

/** A stand-in for the shell's link parsing: `tel:+1-614-555-0100` → `+16145550100`, `sip:` kept as it is. */
export function normaliseLink(link: string): Answer<DialLink> {
  const trimmed = link.trim();
  const tel = /^tel:([+]?[\d\s().-]+)$/i.exec(trimmed);
  if (tel) {
    const text = tel[1]!.replace(/[\s().-]/g, '');
    return { link: trimmed, text, check: classify(text) };
  }
  if (/^sips?:[^@\s]+@[^@\s]+$/i.test(trimmed)) return { link: trimmed, text: trimmed, check: classify(trimmed) };
  return { reject: { code: 'invalid_link', message: `"${trimmed}" is not a tel: or sip: link` } };
}

export interface FakePlatform extends Platform {
  /** Delivers an event to every current subscriber. */
  emit(event: Event): void;
  /** How many handlers are subscribed right now. */
  subscribers(): number;
  options: FakePlatformOptions;
}

/** What the fake shell does with a confirmation by default: the place is in force. */
function defaultConfirm(request: ConfirmRequest, options: FakePlatformOptions): LocateReport {
  const choice = request.choice;
  if (choice.choice === 'new') {
    const place: Location = {
      id: 'p-new',
      label: choice.label,
      address: choice.address,
      source: 'personal',
      dispatchable: true,
      created_at: '2025-03-01T12:00:00Z',
      updated_at: '2025-03-01T12:00:00Z',
    };
    return { ...locateResolved(place), how_obtained: 'user_entered', location_id: place.id } as LocateReport;
  }
  const current = isReject(options.locate) ? undefined : options.locate;
  const known = [...(current?.suggestions ?? []), homeLocation(), itLocation()];
  const place = known.find((l) => l.id === choice.location_id) ?? homeLocation({ id: choice.location_id });
  return locateResolved(place);
}

/** `overview` with DID `did` changed by `change`, as the shell would answer after a decision. */
function withDid(
  overview: CarrierOverview,
  did: string,
  change: (view: CarrierDidView) => CarrierDidView,
): CarrierOverview {
  return {
    ...overview,
    accounts: overview.accounts.map((a) => ({ ...a, dids: a.dids.map((d) => (d.did === did ? change(d) : d)) })),
  };
}

/** The accounts the fake shell holds now (none when its answer is a rejection). */
function heldAccounts(options: FakePlatformOptions): AccountView[] {
  const held = options.accounts ?? [accountView()];
  return isReject(held) ? [] : held;
}

function passwordStored(options: FakePlatformOptions, id: string): boolean {
  return heldAccounts(options).some((a) => a.settings.id === id && a.has_password);
}

function defaultTestAccount(
  { settings, password }: AccountRequest,
  options: FakePlatformOptions,
): Answer<ConnectionTest> {
  const errors = fakeValidateAccount(settings);
  if (errors.length > 0) return { reject: accountsInvalid(errors) };
  if (!password && !passwordStored(options, settings.id)) {
    return { reject: { code: 'storage', message: `no password for SIP account "${settings.id}" in the keychain` } };
  }
  return connectionTest({ registrar: `sip:${settings.registrar || settings.domain};transport=${settings.transport}` });
}

function defaultSaveAccount(
  { settings, password }: AccountRequest,
  options: FakePlatformOptions,
): Answer<AccountView> {
  const errors = fakeValidateAccount(settings);
  if (errors.length > 0) return { reject: accountsInvalid(errors) };
  if (!password && !passwordStored(options, settings.id)) return { reject: accountsInvalid([PASSWORD_NEEDED]) };
  return { settings, has_password: true, registration: { state: 'registering', code: null, message: null } };
}

/** `view` with `choice` saved, noting each chosen device that is not connected, as the shell would answer. */
function withAudioChoice(view: AudioDevicesView, choice: AudioConfig): AudioDevicesView {
  const note = (id: string | null, present: AudioDevicesView['inputs']) =>
    id === null || present.some((d) => d.id === id) ? null : audioNote(id);
  return {
    ...view,
    chosen: { ...choice },
    input_note: note(choice.input, view.inputs),
    output_note: note(choice.output, view.outputs),
  };
}

function defaultRemoveAccount(id: string, options: FakePlatformOptions): Answer<null> {
  if (heldAccounts(options).some((a) => a.settings.id === id)) return null;
  return { reject: { code: 'not_found', message: `there is no account "${id}"` } };
}

export function createFakePlatform(options: FakePlatformOptions = {}): FakePlatform {
  const handlers = new Set<(event: Event) => void>();
  /** How many calls were dialed, for distinct default call ids. */
  let dialed = 0;
  /** The latest view of each call the fake shell handed out or emitted, for the default `muteCall` answer. */
  const seen = new Map<string, CallView>();
  function remember<T>(value: Answer<T>, views: (value: T) => CallView[]): Promise<T> {
    if (!isReject(value)) for (const view of views(value)) seen.set(view.call_id, view);
    return answer(value);
  }
  const one = (view: CallView) => [view];
  function defaultMute({ callId, muted }: { callId: string; muted: boolean }): Answer<CallView> {
    const view = seen.get(callId);
    return view === undefined ? { reject: { code: 'not_found', message: `there is no call "${callId}"` } } : { ...view, muted };
  }
  function defaultDtmf({ callId, digits }: { callId: string; digits: string }): Answer<null> {
    if (!seen.has(callId)) return { reject: { code: 'not_found', message: `there is no call "${callId}"` } };
    if (!/^[0-9*#A-D]+$/.test(digits)) {
      return { reject: { code: 'call_failed', message: `"${digits}" is not a DTMF digit (0-9 * # A-D)` } };
    }
    return null;
  }
  const fake: FakePlatform = {
    options,
    getStatus: vi.fn(() => {
      const report = fake.options.status ?? status();
      const located = fake.options.locate;
      if (isReject(report) || located === undefined || isReject(located)) return answer(report);
      return answer({ ...report, location: located });
    }),
    getNetwork: vi.fn(() => answer(fake.options.network ?? network())),
    refreshNetwork: vi.fn(() => answer(fake.options.refresh ?? network())),
    verifyAuditLog: vi.fn(() => answer(fake.options.audit ?? auditIntact())),
    reportFirstPaint: vi.fn(() => Promise.resolve()),
    onEvent: vi.fn((handler: (event: Event) => void) => {
      if (fake.options.subscribeError !== undefined) return Promise.reject(fake.options.subscribeError);
      handlers.add(handler);
      return Promise.resolve(() => {
        handlers.delete(handler);
      });
    }),
    locate: vi.fn(() => {
      const located = fake.options.locate;
      if (located !== undefined) return answer(located);
      const report = fake.options.status ?? status();
      return isReject(report) ? answer<LocateReport>(report) : answer(report.location);
    }),
    confirmLocation: vi.fn(async (request: ConfirmRequest) => {
      const result = await reply(fake.options.confirm ?? ((r) => defaultConfirm(r, fake.options)), request);
      fake.options.locate = result;
      return result;
    }),
    reportMoved: vi.fn(async () => {
      const result = await answer(fake.options.moved ?? locateConfirm('user_moved'));
      fake.options.locate = result;
      return result;
    }),
    listLocations: vi.fn(() => answer(fake.options.locations ?? [itLocation(), homeLocation()])),
    updateLocation: vi.fn((edit: LocationEdit) =>
      reply(
        fake.options.update ??
          ((e: LocationEdit) => homeLocation({ id: e.location_id, label: e.label, address: e.address })),
        edit,
      ),
    ),
    deleteLocation: vi.fn(async (id: string) => {
      await reply(fake.options.delete ?? null, id);
    }),
    validateAddress: vi.fn((address: CivicAddress) => reply(fake.options.validate ?? validation(), address)),
    mapStatus: vi.fn(() => answer(fake.options.maps ?? mapStatus())),
    checkMaps: vi.fn(async () => {
      const result = await answer(fake.options.check ?? fake.options.maps ?? mapStatus());
      fake.options.maps = result;
      return result;
    }),
    carrierOverview: vi.fn(() => answer(fake.options.carrier ?? carrierOverview())),
    syncCarrier: vi.fn(async (accountId: string) => {
      const result = await reply(fake.options.syncCarrier ?? fake.options.carrier ?? carrierOverview(), accountId);
      fake.options.carrier = result;
      return result;
    }),
    acceptCarrierSuggestion: vi.fn(async (did: string, index: number) => {
      const current = () => {
        const shown = fake.options.carrier ?? carrierOverview();
        if (isReject(shown)) return shown;
        return withDid(shown, did, (d) => ({
          ...d,
          status: 'pending',
          wanted: d.suggestions[index]?.address ?? d.wanted,
          suggestions: [],
          message: 'Sending the corrected address to the carrier',
        }));
      };
      const result = await reply(fake.options.acceptSuggestion ?? current, { did, index });
      fake.options.carrier = result;
      return result;
    }),
    declineCarrierSuggestions: vi.fn(async (did: string) => {
      const current = () => {
        const shown = fake.options.carrier ?? carrierOverview();
        if (isReject(shown)) return shown;
        return withDid(shown, did, (d) => ({
          ...d,
          status: 'declined',
          suggestions: [],
          message: 'You kept your address; the carrier still holds the record shown.',
        }));
      };
      const result = await reply(fake.options.declineSuggestions ?? current, did);
      fake.options.carrier = result;
      return result;
    }),
    emergencyPlan: vi.fn(() => {
      if (fake.options.plan !== undefined) return answer(fake.options.plan);
      const report = fake.options.status;
      return answer(report === undefined || isReject(report) ? plan() : report.emergency_plan);
    }),
    checkNumber: vi.fn((text: string) => reply(fake.options.numberCheck ?? classify, text)),
    dial: vi.fn((number: string) => {
      dialed += 1;
      const id = `call-${dialed}`;
      const fallback = (n: string): CallView => {
        const { kind, target } = classify(n);
        return callView({ call_id: id, kind, remote: target });
      };
      return remember(replied(fake.options.dial ?? fallback, number), one);
    }),
    hangUp: vi.fn(async (callId: string) => {
      await reply(fake.options.hangUp ?? null, callId);
    }),
    holdCall: vi.fn(async (callId: string) => {
      await reply(fake.options.hold ?? null, callId);
    }),
    resumeCall: vi.fn(async (callId: string) => {
      await reply(fake.options.resume ?? null, callId);
    }),
    muteCall: vi.fn((callId: string, muted: boolean) =>
      remember(replied(fake.options.mute ?? defaultMute, { callId, muted }), one),
    ),
    sendDtmf: vi.fn(async (callId: string, digits: string) => {
      await reply(fake.options.dtmf ?? defaultDtmf, { callId, digits });
    }),
    transferCall: vi.fn(async (callId: string, target: string) => {
      await reply(fake.options.transfer ?? null, { callId, target });
    }),
    answerCall: vi.fn((callId: string) =>
      remember(
        replied(
          fake.options.answerCall ??
            ((id: string) => callView({ call_id: id, kind: 'incoming', state: 'established' })),
          callId,
        ),
        one,
      ),
    ),
    declineCall: vi.fn(async (callId: string) => {
      await reply(fake.options.declineCall ?? null, callId);
    }),
    listCalls: vi.fn(() => remember(fake.options.calls ?? [], (views) => views)),
    callHistory: vi.fn(async (limit: number) => (await answer(fake.options.history ?? [])).slice(0, limit)),
    recentNumbers: vi.fn(async (limit: number) => (await answer(fake.options.recent ?? [])).slice(0, limit)),
    redial: vi.fn(async () => {
      if (fake.options.redial !== undefined) return remember(fake.options.redial, one);
      const recent = await answer(fake.options.recent ?? []);
      const last = recent[0];
      if (last === undefined) {
        return answer<CallView>({ reject: { code: 'call_failed', message: 'nothing has been dialed yet' } });
      }
      dialed += 1;
      const { kind, target } = classify(last);
      const view = callView({ call_id: `call-${dialed}`, kind, remote: target });
      seen.set(view.call_id, view);
      return view;
    }),
    clearCallHistory: vi.fn(async () => {
      const history = isReject(fake.options.history) ? [] : (fake.options.history ?? []);
      const removed = await answer(fake.options.clearHistory ?? history.length);
      fake.options.history = [];
      fake.options.recent = [];
      return removed;
    }),
    openDialLink: vi.fn((link: string) => reply(fake.options.openLink ?? normaliseLink, link)),
    takeDialLink: vi.fn(() => {
      const link = fake.options.pendingLink ?? null;
      fake.options.pendingLink = null;
      return Promise.resolve(link);
    }),
    startTestCall: vi.fn(() => remember(fake.options.startTest ?? testCallView(), (view) => [view.call])),
    answerTestCall: vi.fn((callId: string, result: TestAnswer) =>
      reply(
        fake.options.answerTest ?? ((a) => testCallResult({ call_id: a.callId, outcome: a.answer })),
        { callId, answer: result },
      ),
    ),
    dismissTestSuggestion: vi.fn(async () => {
      await answer(fake.options.dismissSuggestion ?? null);
    }),
    listAccounts: vi.fn(() => answer(fake.options.accounts ?? [accountView()])),
    validateAccount: vi.fn((settings: AccountSettings) =>
      reply(fake.options.validateAccount ?? fakeValidateAccount, settings),
    ),
    testAccount: vi.fn((settings: AccountSettings, password: string | null) =>
      reply(fake.options.testAccount ?? ((r) => defaultTestAccount(r, fake.options)), { settings, password }),
    ),
    saveAccount: vi.fn(async (settings: AccountSettings, password: string | null) => {
      const request = { settings, password };
      const view = await reply(fake.options.saveAccount ?? ((r) => defaultSaveAccount(r, fake.options)), request);
      const held = heldAccounts(fake.options);
      fake.options.accounts = held.some((a) => a.settings.id === view.settings.id)
        ? held.map((a) => (a.settings.id === view.settings.id ? view : a))
        : [...held, view];
      return view;
    }),
    removeAccount: vi.fn(async (id: string) => {
      await reply(fake.options.removeAccount ?? ((i) => defaultRemoveAccount(i, fake.options)), id);
      fake.options.accounts = heldAccounts(fake.options).filter((a) => a.settings.id !== id);
    }),
    audioDevices: vi.fn(() => answer(fake.options.audio ?? audioDevices())),
    chooseAudioDevices: vi.fn(async (choice: AudioConfig) => {
      const current = (c: AudioConfig): Answer<AudioDevicesView> => {
        const shown = fake.options.audio ?? audioDevices();
        return isReject(shown) ? shown : withAudioChoice(shown, c);
      };
      const result = await reply(fake.options.chooseAudio ?? current, choice);
      fake.options.audio = result;
      return result;
    }),
    emit(event) {
      switch (event.type) {
        case 'CallIncoming':
        case 'CallRinging':
        case 'CallEstablished':
        case 'CallHeld':
        case 'CallResumed':
        case 'CallEnded':
          seen.set(event.payload.call_id, event.payload);
      }
      for (const handler of [...handlers]) handler(event);
    },
    subscribers: () => handlers.size,
  };
  return fake;
}
