// Realistic sample data for tests. Each builder returns a fresh object so tests can mutate freely.

import type {
  AccountSettings,
  AccountView,
  AudioDeviceView,
  AudioDevicesView,
  AuditVerification,
  CallRecord,
  CallView,
  CarrierAccountView,
  CarrierDidView,
  CarrierOverview,
  CivicAddress,
  ConfirmReason,
  ConnectionTest,
  DialLink,
  Evidence,
  LocateReport,
  Location,
  MapInForce,
  MapSourceReport,
  MapStatusReport,
  NetworkSnapshot,
  PlanSummary,
  RegisteredAddress,
  Readiness,
  ReadbackExpectation,
  SignalState,
  StatusReport,
  SuggestedAddress,
  TestCallResult,
  TestCallView,
  TestSuggestion,
  Validation,
  WifiInfo,
} from '../platform/bindings';
import { emptyAddress } from '../state/locationFormat';

/** The outage warning the shell sets on red readiness (the emergency crate's `OUTAGE_WARNING`). */
export const OUTAGE_WARNING =
  '911 calls from Locus need power and a working internet connection and may not work during an outage: keep ' +
  'another phone at hand for 911.';

export function readiness(level: Readiness['level'] = 'amber'): Readiness {
  switch (level) {
    case 'green':
      return { level, reason: 'armed', summary: 'E911 armed — HQ, floor 3', warning: null, also: [] };
    case 'amber':
      return {
        level,
        reason: 'location_not_confirmed',
        summary: 'E911 not armed — confirm your location',
        warning: null,
        also: [],
      };
    case 'red':
      return {
        level,
        reason: 'no_network',
        summary: 'No network — 911 calls cannot be placed',
        warning: OUTAGE_WARNING,
        also: ['registration_failed', 'no_location'],
      };
  }
}

/** The router of the office Wi-Fi in these fixtures. */
export const ROUTER_MAC = '00:1a:2b:3c:4d:5e';

/**
 * A laptop on office Wi-Fi (`wlp2s0`, gateway `gatewayIp`), no VPN. `null` gives a laptop on no network at
 * all: no routes, no underlay, Wi-Fi not associated, no fingerprint.
 */
export function network(gatewayIp: string | null = '192.168.1.1'): NetworkSnapshot {
  const gateway = gatewayIp ? { ip: gatewayIp, mac: ROUTER_MAC, interface: 'wlp2s0' } : null;
  const addrs = gatewayIp ? ['192.168.1.20/24', 'fe80::a6c3:f0ff:fe11:2233/64'] : [];
  return {
    public_ip: null,
    interfaces: [
      { name: 'enp0s31f6', kind: 'wired', mac: '8c:16:45:aa:bb:cc', addrs: [], is_up: false },
      { name: 'lo', kind: 'loopback', mac: null, addrs: ['127.0.0.1/8', '::1/128'], is_up: true },
      { name: 'wlp2s0', kind: 'wifi', mac: 'a4:c3:f0:11:22:33', addrs, is_up: true },
    ],
    default_routes: gateway ? [{ interface: 'wlp2s0', gateway: gateway.ip, metric: 600, coverage: 'default' }] : [],
    default_gateway: gateway,
    underlay: gateway ? { interface: 'wlp2s0', kind: 'wifi', gateway: { ...gateway }, addrs: [...addrs] } : null,
    vpn: { active: false, interface: null, mode: 'none' },
    wifi: gateway
      ? wifi('available')
      : wifi('available', { ssid: null, bssid: null, signal_dbm: null, frequency_mhz: null }),
    dns_search: gateway ? ['corp.example.com'] : [],
    fingerprint_id: gateway ? '9c1e5b7a2f4d8e06b3a1c7d9e5f20481' : null,
  };
}

/** Wi-Fi details as a reader reports them in each permission state. */
export function wifi(permission: SignalState, overrides: Partial<WifiInfo> = {}): WifiInfo {
  const base: WifiInfo =
    permission === 'available'
      ? {
          permission,
          interface: 'wlp2s0',
          ssid: 'Acme Corp',
          bssid: 'f0:9f:c2:aa:bb:01',
          signal_dbm: -58,
          signal_percent: null,
          frequency_mhz: 5180,
          source: 'nl80211',
        }
      : {
          permission,
          interface: permission === 'denied' ? 'en0' : null,
          ssid: null,
          bssid: null,
          signal_dbm: null,
          signal_percent: null,
          frequency_mhz: null,
          source: null,
        };
  return { ...base, ...overrides };
}

/**
 * The office Wi-Fi of `network()` with a full-tunnel VPN on `tun0` (OpenVPN style: a half-default pair via
 * the tunnel's next hop, which has no MAC) or, with `pointToPoint`, on `wg0` with no next hop at all.
 */
export function fullTunnel(options: { pointToPoint?: boolean } = {}): NetworkSnapshot {
  const net = network();
  const tunnel = options.pointToPoint ? 'wg0' : 'tun0';
  const nextHop = options.pointToPoint ? null : '10.8.0.1';
  net.interfaces = [
    ...net.interfaces,
    { name: tunnel, kind: 'tunnel' as const, mac: null, addrs: ['10.8.0.6/24'], is_up: true },
  ].sort((a, b) => a.name.localeCompare(b.name));
  net.default_routes = [
    { interface: tunnel, gateway: nextHop, metric: 0, coverage: 'split_halves' },
    ...net.default_routes,
  ];
  net.default_gateway = nextHop ? { ip: nextHop, mac: null, interface: tunnel } : null;
  net.vpn = { active: true, interface: tunnel, mode: 'full' };
  return net;
}

/** The office Wi-Fi of `network()` with a split-tunnel VPN on `wg0`: the default route stays physical. */
export function splitTunnel(): NetworkSnapshot {
  const net = network();
  net.interfaces = [
    ...net.interfaces,
    { name: 'wg0', kind: 'tunnel' as const, mac: null, addrs: ['10.66.0.2/32'], is_up: true },
  ].sort((a, b) => a.name.localeCompare(b.name));
  net.vpn = { active: true, interface: 'wg0', mode: 'split' };
  return net;
}

export function status(overrides: Partial<StatusReport> = {}): StatusReport {
  return {
    version: '0.1.0',
    readiness: readiness('amber'),
    network: network(),
    location: locateResolved(),
    paths: {
      config_dir: '/home/ana/.config/locus',
      data_dir: '/home/ana/.local/share/locus',
      log_dir: '/home/ana/.local/state/locus/logs',
      policy_file: '/etc/locus/policy.json',
    },
    config: {
      config: {
        network: { refresh_seconds: 10, debounce_ms: 300, public_ip_stun: null, public_ip_https: null },
        ui: { start_hidden: false },
        calls: { do_not_disturb: false, forward_to: null },
        audio: { input: null, output: null },
      },
      source: 'file',
      errors: [],
    },
    audit_entries: 42,
    emergency_plan: plan(),
    test_suggestion: null,
    ...overrides,
  };
}

/** The E911 callback number (DID) in these fixtures. */
export const CALLBACK_DID = '6145550100';
/** The HQ address the plan sends, on one line. */
export const HQ_LINE = '200 N Main St, Floor 3, Springfield, IL 62701';

/** The emergency plan in force: DID pool, the DID registered at HQ floor 3, clean lint. */
export function plan(overrides: Partial<PlanSummary> = {}): PlanSummary {
  return {
    account_id: 'work',
    strategy: 'did_pool',
    caller_id: CALLBACK_DID,
    did_choice: 'registered_here',
    lint: { caller_id: CALLBACK_DID, findings: [] },
    location_label: 'HQ — floor 3',
    location_sent: HQ_LINE,
    location_sent_by: 'carrier_record',
    readiness: readiness('green'),
    computed_at: '2025-03-10T08:00:00Z',
    ...overrides,
  };
}

/**
 * A call as the shell reports it. Emergency and test calls carry the callback number and the location sent,
 * as the shell does; `remote` follows the kind (911, 933 or a 10-digit number).
 */
export function callView(overrides: Partial<CallView> = {}): CallView {
  const kind = overrides.kind ?? 'normal';
  const callId = overrides.call_id ?? 'call-1';
  const remote = kind === 'emergency' ? '911' : kind === 'emergency_test' ? '933' : '3125550199';
  return {
    call_id: callId,
    remote,
    remote_name: null,
    kind,
    state: 'calling',
    muted: false,
    emergency:
      kind === 'normal' || kind === 'incoming'
        ? null
        : { call_id: callId, callback_did: CALLBACK_DID, location_text: HQ_LINE },
    end_reason: null,
    possible_emergency_callback: false,
    ...overrides,
  };
}

/**
 * A finished call as the history holds it: by default an outgoing call to 312-555-0199 on 10 March 2025,
 * answered, 2 min 5 s long, hung up by the user. Emergency and test calls carry the callback number and the
 * location sent; `remote` follows the kind (911, 933 or a 10-digit number).
 */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  const kind = overrides.kind ?? 'normal';
  const emergency = kind === 'emergency' || kind === 'emergency_test';
  return {
    call_id: 'rec-1',
    direction: kind === 'incoming' ? 'incoming' : 'outgoing',
    kind,
    remote: kind === 'emergency' ? '911' : kind === 'emergency_test' ? '933' : '3125550199',
    remote_name: null,
    started_at: '2025-03-10T14:00:00Z',
    answered_at: '2025-03-10T14:00:05Z',
    ended_at: '2025-03-10T14:02:10Z',
    end_reason: 'hung_up',
    callback_did: emergency ? CALLBACK_DID : null,
    location_sent: emergency ? HQ_LINE : null,
    possible_emergency_callback: false,
    ...overrides,
  };
}

/** A `tel:` link as the shell hands it over: `tel:+1-614-555-0100`, dialer text `+16145550100`. */
export function dialLink(overrides: Partial<DialLink> = {}): DialLink {
  return {
    link: 'tel:+1-614-555-0100',
    text: '+16145550100',
    check: { kind: 'normal', target: '16145550100' },
    ...overrides,
  };
}

/** What the readback of the default plan should say. */
export function expectation(overrides: Partial<ReadbackExpectation> = {}): ReadbackExpectation {
  return {
    dialed: '933',
    callback_number: CALLBACK_DID,
    callback_spoken: '614-555-0100',
    address: HQ_LINE,
    address_source: "the carrier's record for the callback number",
    ...overrides,
  };
}

export const RECORDING_PATH = '/home/ana/.local/share/locus/recordings/readback-test-1741593600.wav';

/** A readback test just started: the 933 call is out. */
export function testCallView(overrides: Partial<TestCallView> = {}): TestCallView {
  return {
    call: callView({ call_id: 'test-1', kind: 'emergency_test' }),
    expected: expectation(),
    recording_path: RECORDING_PATH,
    ...overrides,
  };
}

export function testCallResult(overrides: Partial<TestCallResult> = {}): TestCallResult {
  return {
    call_id: 'test-1',
    outcome: 'matched',
    recording_path: RECORDING_PATH,
    callback_did: CALLBACK_DID,
    location_text: HQ_LINE,
    ...overrides,
  };
}

export function suggestion(overrides: Partial<TestSuggestion> = {}): TestSuggestion {
  return {
    reason: 'location_changed',
    message: 'Your location changed: run the 933 readback test to check the address 911 would get.',
    ...overrides,
  };
}

export function auditIntact(entries = 42): AuditVerification {
  return { entries_checked: entries, first_broken_seq: null, reason: null };
}

export function auditBroken(seq = 17, reason = 'hash does not match the previous entry'): AuditVerification {
  return { entries_checked: seq, first_broken_seq: seq, reason };
}

/** A valid US address: 200 N Main St, Springfield, IL 62701. */
export function address(overrides: Partial<CivicAddress> = {}): CivicAddress {
  return {
    ...emptyAddress(),
    a1: 'IL',
    a3: 'Springfield',
    hno: '200',
    prd: 'N',
    rd: 'Main',
    sts: 'St',
    pc: '62701',
    ...overrides,
  };
}

/** The IT department's HQ, floor 3 (read-only to the user). */
export function itLocation(overrides: Partial<Location> = {}): Location {
  return {
    id: 'it-hq-3',
    label: 'HQ — floor 3',
    address: address({ multi_storey: true, flr: '3' }),
    source: 'it_map',
    dispatchable: true,
    created_at: '2025-01-10T09:00:00Z',
    updated_at: '2025-01-10T09:00:00Z',
    ...overrides,
  };
}

/** The user's home office. */
export function homeLocation(overrides: Partial<Location> = {}): Location {
  return {
    id: 'p-home',
    label: 'Home office',
    address: address({ hno: '12', prd: '', rd: 'Elm', sts: 'Ave', a3: 'Oak Park', pc: '60302' }),
    source: 'personal',
    dispatchable: true,
    created_at: '2025-02-01T18:00:00Z',
    updated_at: '2025-02-01T18:00:00Z',
    ...overrides,
  };
}

export function evidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    kind: 'bssid',
    identifier: 'f0:9f:c2:aa:bb:01',
    location_id: 'it-hq-3',
    source: 'it_map',
    verdict: 'chosen',
    ...overrides,
  };
}

/** Resolved to the IT map's HQ, floor 3. */
export function locateResolved(location: Location = itLocation(), overrides: Partial<LocateReport> = {}): LocateReport {
  return {
    state: 'resolved',
    location_id: location.id,
    how_obtained: location.source === 'it_map' ? 'wiremap' : 'user_confirmed',
    location,
    evidence: [
      evidence(),
      evidence({ kind: 'subnet', identifier: '192.168.1.0/24', verdict: 'ignored_untrusted' }),
    ],
    confidence: 'high',
    fingerprint_id: '9c1e5b7a2f4d8e06b3a1c7d9e5f20481',
    suggestions: [],
    ...overrides,
  } as LocateReport;
}

/** The user must confirm; suggests the home office and the IT site by default. */
export function locateConfirm(
  reason: ConfirmReason = 'unknown_network',
  options: { askIfMoving?: boolean; suggestions?: Location[] } = {},
): LocateReport {
  return {
    state: 'confirm_required',
    reason,
    ask_if_moving: options.askIfMoving ?? false,
    location: null,
    evidence: [],
    confidence: 'low',
    how_obtained: null,
    fingerprint_id: '9c1e5b7a2f4d8e06b3a1c7d9e5f20481',
    suggestions: options.suggestions ?? [homeLocation(), itLocation()],
  };
}

export function locateNoNetwork(): LocateReport {
  return {
    state: 'no_network',
    location: null,
    evidence: [],
    confidence: 'low',
    how_obtained: null,
    fingerprint_id: null,
    suggestions: [],
  };
}

export function validation(overrides: Partial<Validation> = {}): Validation {
  return { problems: [], dispatchable: true, not_dispatchable_because: null, ...overrides };
}

/** The key id of the organisation's pinned map signing key in these fixtures. */
export const MAP_KEY_ID = 'RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3';

/** Acme Corp's map, serial 42, signed with `MAP_KEY_ID`, delivered by HTTPS, valid until 2026-01-01. */
export function mapInForce(overrides: Partial<MapInForce> = {}): MapInForce {
  return {
    org: 'Acme Corp',
    serial: 42,
    issued: '2025-03-01T09:00:00Z',
    expires: '2026-01-01T00:00:00Z',
    source: 'https://it.acme.example/locus/map.json',
    signed_by: MAP_KEY_ID,
    applied_at: '2025-03-01T09:05:12Z',
    ...overrides,
  };
}

/** A delivery source whose last check succeeded. */
export function mapSource(overrides: Partial<MapSourceReport> = {}): MapSourceReport {
  return {
    source: 'https://it.acme.example/locus/map.json',
    last_check: '2025-03-10T08:00:00Z',
    last_success: '2025-03-10T08:00:00Z',
    last_error: null,
    ...overrides,
  };
}

/** A valid policy with one pinned key and one HTTPS source, and `mapInForce()` applied. */
export function mapStatus(overrides: Partial<MapStatusReport> = {}): MapStatusReport {
  return {
    map: mapInForce(),
    sources: [mapSource()],
    policy_file: '/etc/locus/policy.json',
    policy_source: 'file',
    policy_errors: [],
    policy_user_writable: false,
    trusted_key_ids: [MAP_KEY_ID],
    ...overrides,
  };
}

/** What VoIP.ms holds for `did`: by default `address()` (200 N Main St, Springfield), E911 active. */
export function registeredAddress(overrides: Partial<RegisteredAddress> = {}): RegisteredAddress {
  const held = overrides.address ?? address();
  return {
    did: CALLBACK_DID,
    status: 'active',
    fields: {
      street_number: held.hno,
      street_name: [held.prd, held.rd, held.sts].filter((p) => p !== '').join(' '),
      city: held.a3,
      state: held.a1,
      zip_code: held.pc,
    },
    address: held,
    ...overrides,
  };
}

/** The callback number, E911 active at `address()`, which is also the place in force. */
export function carrierDid(overrides: Partial<CarrierDidView> = {}): CarrierDidView {
  return {
    did: CALLBACK_DID,
    description: 'Office line',
    emergency_caller_id: true,
    status: 'active',
    carrier_has: registeredAddress(),
    wanted: address(),
    differences: [],
    suggestions: [],
    message: null,
    ...overrides,
  };
}

/** A carrier's correction of `address()`: the city is Springfield Township, the ZIP code 62702. */
export function carrierSuggestion(overrides: Partial<SuggestedAddress> = {}): SuggestedAddress {
  return {
    address: address({ a3: 'Springfield Township', pc: '62702' }),
    changes: [
      { field: 'city', current: 'Springfield', suggested: 'Springfield Township' },
      { field: 'zip_code', current: '62701', suggested: '62702' },
    ],
    ...overrides,
  };
}

/** Account `work` on VoIP.ms, following the location: the callback number (active) and a fax line without E911. */
export function carrierAccount(overrides: Partial<CarrierAccountView> = {}): CarrierAccountView {
  return {
    account_id: 'work',
    carrier: 'voipms',
    follows_location: true,
    dids: [
      carrierDid(),
      carrierDid({
        did: '6145550199',
        description: 'Fax',
        emergency_caller_id: false,
        status: 'not_provisioned',
        carrier_has: null,
        wanted: null,
      }),
    ],
    error: null,
    ...overrides,
  };
}

/** One account with a carrier (`carrierAccount()`), none without. */
export function carrierOverview(overrides: Partial<CarrierOverview> = {}): CarrierOverview {
  return { accounts: [carrierAccount()], without_carrier: [], ...overrides };
}

/** The `work` account's settings: Ana at sip.example.com over TLS. */
export function accountSettings(overrides: Partial<AccountSettings> = {}): AccountSettings {
  return {
    id: 'work',
    display_name: 'Ana Lima',
    user: 'ana',
    domain: 'sip.example.com',
    registrar: '',
    transport: 'tls',
    outbound_proxy: '',
    auth_user: '',
    caller_id: '6145550100',
    register_interval: 600,
    tls_ca_file: '',
    ...overrides,
  };
}

/** An account with a stored password, registered. */
export function accountView(
  settings: Partial<AccountSettings> = {},
  overrides: Partial<Omit<AccountView, 'settings'>> = {},
): AccountView {
  return {
    settings: accountSettings(settings),
    has_password: true,
    registration: { state: 'registered', code: null, message: null },
    ...overrides,
  };
}

/** A successful "Test connection". */
export function connectionTest(overrides: Partial<ConnectionTest> = {}): ConnectionTest {
  return {
    ok: true,
    registrar: 'sip:sip.example.com:5061;transport=tls',
    code: null,
    message: null,
    took_ms: 84,
    ...overrides,
  };
}

/** A sound device (input or output); not the system default unless told. */
export function audioDevice(id: string, name: string, isDefault = false): AudioDeviceView {
  return { id, name, is_default: isDefault };
}

/** A laptop's built-in microphone and speakers (the defaults) and a USB headset; nothing chosen. */
export function audioDevices(overrides: Partial<AudioDevicesView> = {}): AudioDevicesView {
  return {
    inputs: [audioDevice('builtin-mic', 'Built-in Microphone', true), audioDevice('usb-headset', 'USB Headset')],
    outputs: [audioDevice('builtin-speakers', 'Built-in Speakers', true), audioDevice('usb-headset', 'USB Headset')],
    chosen: { input: null, output: null },
    input_note: null,
    output_note: null,
    error: null,
    ...overrides,
  };
}

/** The shell's note for a chosen device that is not connected. */
export function audioNote(id: string): string {
  return `"${id}" is not connected; calls use the system default until it is back`;
}
