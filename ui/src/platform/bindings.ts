// Generated from the Rust types in src-tauri/crates/core by the test `typescript_bindings_are_current`.
// Do not edit by hand: run `LOCUS_UPDATE_BINDINGS=1 cargo test -p locus-core --test typescript_bindings_are_current`.

export type StatusReport = { 
/**
 * App version.
 */
version: string, 
/**
 * E911 readiness.
 */
readiness: Readiness, 
/**
 * The latest network snapshot.
 */
network: NetworkSnapshot, 
/**
 * Where the laptop is, or why the user must confirm.
 */
location: LocateReport, 
/**
 * Where files live.
 */
paths: LocusPaths, 
/**
 * The configuration in force and any problems with `config.json`.
 */
config: ConfigLoad, 
/**
 * How many audit entries exist.
 */
audit_entries: number, 
/**
 * The emergency plan in force (callback number, location sent, readiness); `None` without an account.
 */
emergency_plan: PlanSummary | null, 
/**
 * An open suggestion to run the 933 readback test.
 */
test_suggestion: TestSuggestion | null, };

export type IpcError = { 
/**
 * Stable code.
 */
code: ErrorCode, 
/**
 * Human message.
 */
message: string, };

export type ErrorCode = "storage" | "config_invalid" | "database" | "network_probe" | "invalid_address" | "not_found" | "read_only" | "map_invalid" | "no_account" | "call_failed" | "invalid_link" | "emergency_transfer" | "invalid_transfer_target" | "transfer_failed" | "internal";

export type AuditVerification = { 
/**
 * How many entries were read.
 */
entries_checked: number, 
/**
 * The first entry whose link is broken, if any.
 */
first_broken_seq: number | null, 
/**
 * Why that link is broken, in words.
 */
reason: string | null, };

export type Config = { 
/**
 * Network observation settings.
 */
network: NetworkConfig, 
/**
 * Window behaviour.
 */
ui: UiConfig, 
/**
 * What happens to calls to us: do-not-disturb and forwarding.
 */
calls: CallsConfig, 
/**
 * The microphone and speaker calls use.
 */
audio: AudioConfig, };

export type NetworkConfig = { 
/**
 * How often, in seconds, the network is re-read when the OS sends no change event (1–3600). A safety net:
 * 10 s by default on Linux, 60 s on macOS and Windows, whose OS change notifications are the main signal.
 */
refresh_seconds: number, 
/**
 * Quiet time, in milliseconds, after the last OS network notification before re-reading (0–5000).
 */
debounce_ms: number, 
/**
 * STUN server (`host:port`) used to learn the public egress IP, which trust-gates subnet and SSID rules.
 * Off (`null`) by default: no traffic leaves for it unless configured.
 */
public_ip_stun: string | null, 
/**
 * HTTPS endpoint answering with the caller's public IP (plain text or `{"ip": "…"}`), tried before STUN when
 * both are set. Off (`null`) by default.
 */
public_ip_https: string | null, };

export type UiConfig = { 
/**
 * Start in the tray without showing the main window.
 */
start_hidden: boolean, };

export type CallsConfig = { 
/**
 * Refuse incoming calls as busy (486).
 */
do_not_disturb: boolean, 
/**
 * Send incoming calls here instead (302): a number (`+13125550142`, at the account's domain) or a `sip:`,
 * `sips:` or `tel:` URI. Takes precedence over do-not-disturb.
 */
forward_to: string | null, };

export type AudioConfig = { 
/**
 * The microphone's id (or name) as the device list gives it; `null` for the system default.
 */
input: string | null, 
/**
 * The speaker's or headset's id (or name); `null` for the system default.
 */
output: string | null, };

export type AudioDeviceView = { 
/**
 * What the choice stores.
 */
id: string, 
/**
 * What people see.
 */
name: string, 
/**
 * The system's default for its direction.
 */
is_default: boolean, };

export type AudioDevicesView = { 
/**
 * Microphones present now.
 */
inputs: Array<AudioDeviceView>, 
/**
 * Speakers and headsets present now.
 */
outputs: Array<AudioDeviceView>, 
/**
 * The saved choice (`null` = the system default).
 */
chosen: AudioConfig, 
/**
 * When the chosen microphone is not connected: what calls use instead.
 */
input_note: string | null, 
/**
 * When the chosen speaker is not connected: what calls use instead.
 */
output_note: string | null, 
/**
 * When the device list could not be read at all (no sound system).
 */
error: string | null, };

export type ConfigLoad = { 
/**
 * The configuration in force.
 */
config: Config, 
/**
 * Where it came from.
 */
source: ConfigSource, 
/**
 * Problems found in `config.json`, each with its field. Empty when it was valid or absent.
 */
errors: Array<FieldError>, };

export type ConfigSource = "file" | "last_good" | "defaults";

export type FieldError = { 
/**
 * Dotted path to the field, e.g. `network.refresh_seconds`; `.` for the document itself.
 */
field: string, 
/**
 * What is wrong and what would be right.
 */
message: string, };

export type LocusPaths = { 
/**
 * Holds `config.json`.
 */
config_dir: string, 
/**
 * Holds `locus.db`.
 */
data_dir: string, 
/**
 * Holds the daily log files.
 */
log_dir: string, 
/**
 * The managed policy file (IT's, read-only to the user).
 */
policy_file: string, };

export type Readiness = { 
/**
 * Colour.
 */
level: ReadinessLevel, 
/**
 * The most serious reason.
 */
reason: ReadinessReason, 
/**
 * One sentence for people, also the tray tooltip.
 */
summary: string, 
/**
 * The outage warning ([`OUTAGE_WARNING`]) when red.
 */
warning: string | null, 
/**
 * Every further reason that applies, most serious first.
 */
also: Array<ReadinessReason>, };

export type ReadinessLevel = "green" | "amber" | "red";

export type ReadinessReason = "no_network" | "no_account" | "no_e911_did" | "caller_id_not_ten_digits" | "did_inactive" | "registration_failed" | "no_location" | "location_not_confirmed" | "location_not_dispatchable" | "did_location_mismatch" | "carrier_update_pending" | "carrier_address_mismatch" | "did_address_unknown" | "did_pending" | "did_status_unknown" | "registration_pending" | "armed";

export type NetworkSnapshot = { 
/**
 * Every interface the OS reports, loopback included, sorted by name.
 */
interfaces: Array<InterfaceInfo>, 
/**
 * Every IPv4/IPv6 default route, best (lowest metric) first.
 */
default_routes: Array<DefaultRoute>, 
/**
 * The gateway of the default route in use. `None` means "no network". Behind a full-tunnel VPN this is
 * the tunnel's next hop (or `None` for a point-to-point tunnel); `underlay` has the physical one.
 */
default_gateway: DefaultGateway | null, 
/**
 * The physical network the laptop is on, beneath any VPN: what locates it.
 */
underlay: Underlay | null, 
/**
 * VPN state.
 */
vpn: VpnState, 
/**
 * Wi-Fi association of the underlay (or of the first Wi-Fi interface).
 */
wifi: WifiInfo, 
/**
 * DNS search domains, e.g. `corp.example.com`.
 */
dns_search: Array<string>, 
/**
 * Public egress IP from the configured STUN server (off by default); only used to trust-gate subnet rules.
 */
public_ip: string | null, 
/**
 * Keyed hash of the strong identifiers (see `fingerprint`); filled in by the caller that holds the key.
 */
fingerprint_id: string | null, };

export type InterfaceInfo = { 
/**
 * OS name, e.g. `wlp2s0`, `en0`, `Ethernet 2`.
 */
name: string, 
/**
 * What kind of link this is.
 */
kind: InterfaceKind, 
/**
 * Hardware address in lower-case colon form, if the interface has one.
 */
mac: string | null, 
/**
 * Addresses with prefix length in CIDR form, e.g. `192.168.1.20/24`, `fe80::1/64`.
 */
addrs: Array<string>, 
/**
 * Whether the interface is administratively up.
 */
is_up: boolean, };

export type InterfaceKind = "wired" | "wifi" | "tunnel" | "virtual" | "loopback" | "other";

export type DefaultGateway = { 
/**
 * Gateway IP address.
 */
ip: string, 
/**
 * Gateway MAC, lower-case colon form; `None` when not resolved (even after probing).
 */
mac: string | null, 
/**
 * Name of the interface that carries the route.
 */
interface: string, };

export type DefaultRoute = { 
/**
 * Interface the route leaves by.
 */
interface: string, 
/**
 * Next hop, if the route has one (point-to-point tunnels have none).
 */
gateway: string | null, 
/**
 * Route metric; lower wins.
 */
metric: number, 
/**
 * How the route covers the internet: a true default (`0.0.0.0/0`, `::/0`) or the VPN trick of two
 * half-default routes (`0.0.0.0/1` + `128.0.0.0/1`) that win by being more specific.
 */
coverage: RouteCoverage, };

export type RouteCoverage = "default" | "split_halves";

export type Underlay = { 
/**
 * The physical interface.
 */
interface: string, 
/**
 * Its kind (wired or Wi-Fi, usually).
 */
kind: InterfaceKind, 
/**
 * The physical gateway.
 */
gateway: DefaultGateway, 
/**
 * The interface's own addresses (CIDR), which give the subnet.
 */
addrs: Array<string>, };

export type VpnState = { 
/**
 * A tunnel interface is up and has addresses.
 */
active: boolean, 
/**
 * The tunnel interface, if any.
 */
interface: string | null, 
/**
 * Whether the tunnel carries all traffic or only some.
 */
mode: VpnMode, };

export type VpnMode = "none" | "full" | "split";

export type WifiInfo = { 
/**
 * Whether the OS gave us the Wi-Fi details (`denied` needs the user's permission; `unsupported` means no
 * reader works here, e.g. no Wi-Fi hardware or no NetworkManager and no `iw`).
 */
permission: SignalState, 
/**
 * Wi-Fi interface.
 */
interface: string | null, 
/**
 * Network name.
 */
ssid: string | null, 
/**
 * Access point MAC (BSSID), lower-case colon form.
 */
bssid: string | null, 
/**
 * Signal strength in dBm, when the OS gives it.
 */
signal_dbm: number | null, 
/**
 * Signal quality in percent, when the OS gives that instead (NetworkManager).
 */
signal_percent: number | null, 
/**
 * Channel frequency in MHz.
 */
frequency_mhz: number | null, 
/**
 * Which reader produced this: `networkmanager`, `nl80211`, `corewlan`, `wlanapi`.
 */
source: string | null, };

export type SignalState = "available" | "denied" | "unsupported";

export type LocateReport = { 
/**
 * The location in force (resolved), or the one the matcher suggests (confirm required).
 */
location: Location | null, 
/**
 * Every rule that matched and what was done with it.
 */
evidence: Array<Evidence>, 
/**
 * How sure the matcher is.
 */
confidence: Confidence, 
/**
 * How the location was obtained.
 */
how_obtained: HowObtained | null, 
/**
 * The network's keyed fingerprint id.
 */
fingerprint_id: string | null, 
/**
 * Places to offer when asking: recent personal places, then IT sites.
 */
suggestions: Array<Location>, } & ({ "state": "resolved", 
/**
 * The location.
 */
location_id: string, 
/**
 * How it was obtained.
 */
how_obtained: HowObtained, } | { "state": "confirm_required", 
/**
 * Why.
 */
reason: ConfirmReason, 
/**
 * Ask whether this network moves with the user (it looks like a phone hotspot).
 */
ask_if_moving: boolean, } | { "state": "no_network" });

export type LocationState = { "state": "resolved", 
/**
 * The location.
 */
location_id: string, 
/**
 * How it was obtained.
 */
how_obtained: HowObtained, } | { "state": "confirm_required", 
/**
 * Why.
 */
reason: ConfirmReason, 
/**
 * Ask whether this network moves with the user (it looks like a phone hotspot).
 */
ask_if_moving: boolean, } | { "state": "no_network" };

export type ConfirmReason = "unknown_network" | "unidentifiable" | "stale" | "it_map_changed" | "conflicting_signals" | "user_moved" | "moving_network";

export type Location = { 
/**
 * Stable id.
 */
id: string, 
/**
 * Label for people: "Home office", "HQ — floor 3".
 */
label: string, 
/**
 * The civic address.
 */
address: CivicAddress, 
/**
 * `it_map` (read-only to the user) or `personal`.
 */
source: RuleSource, 
/**
 * Valid and precise enough to dispatch to.
 */
dispatchable: boolean, 
/**
 * When it was created (RFC 3339).
 */
created_at: string, 
/**
 * When it last changed (RFC 3339).
 */
updated_at: string, };

export type PlaceChoice = { "choice": "existing", 
/**
 * Its id.
 */
location_id: string, } | { "choice": "new", 
/**
 * Label.
 */
label: string, 
/**
 * Address.
 */
address: CivicAddress, };

export type ConfirmRequest = { 
/**
 * An existing place or a new address.
 */
choice: PlaceChoice, 
/**
 * This network moves with the user (hotspot, travel router): ask every time.
 */
moving_with_user: boolean, };

export type LocationEdit = { 
/**
 * Which location.
 */
location_id: string, 
/**
 * New label.
 */
label: string, 
/**
 * New address.
 */
address: CivicAddress, };

export type CivicAddress = { 
/**
 * ISO 3166-1 alpha-2 country code: `US` or `CA`.
 */
country: string, 
/**
 * State or province, two-letter code (`A1`).
 */
a1: string, 
/**
 * County or regional municipality (`A2`), optional.
 */
a2: string, 
/**
 * Incorporated municipality (`A3`): the city the 911 database knows, not the postal town.
 */
a3: string, 
/**
 * Street pre-direction (`PRD`), e.g. `N`.
 */
prd: string, 
/**
 * Street name (`RD`), e.g. `Main`.
 */
rd: string, 
/**
 * Street suffix (`STS`), e.g. `St`, `Ave`.
 */
sts: string, 
/**
 * Street post-direction (`POD`), e.g. `NW`.
 */
pod: string, 
/**
 * House number (`HNO`), digits only, kept apart from the street name.
 */
hno: string, 
/**
 * House number suffix (`HNS`), e.g. `A`, `1/2`.
 */
hns: string, 
/**
 * Additional location text (`LOC`), e.g. "north entrance".
 */
loc: string, 
/**
 * Floor (`FLR`).
 */
flr: string, 
/**
 * Unit, suite or apartment (`UNIT`).
 */
unit: string, 
/**
 * Room (`ROOM`).
 */
room: string, 
/**
 * Seat or desk (`SEAT`).
 */
seat: string, 
/**
 * Building (`BLD`).
 */
bld: string, 
/**
 * Postal code (`PC`): ZIP / ZIP+4 or Canadian postal code.
 */
pc: string, 
/**
 * Occupant or business name (`NAM`).
 */
nam: string, 
/**
 * True when the address is a building with more than one floor or unit, so floor/unit/room is needed to
 * find the caller. Asked by the address form.
 */
multi_storey: boolean, };

export type Validation = { 
/**
 * Problems that make the address unusable. Empty when valid.
 */
problems: Array<AddressProblem>, 
/**
 * Valid and precise enough to send responders to the caller (RAY BAUM'S Act dispatchable location).
 */
dispatchable: boolean, 
/**
 * Why it is valid but not dispatchable, if so (e.g. a multi-storey building without floor or unit).
 */
not_dispatchable_because: AddressProblem | null, };

export type AddressProblem = { 
/**
 * The CLDXF field name in lower case (`hno`, `rd`, `pc`, …).
 */
field: string, 
/**
 * What is wrong, for people.
 */
message: string, };

export type Evidence = { 
/**
 * Rule kind.
 */
kind: RuleKind, 
/**
 * The identifier as observed (fingerprint ids, never raw personal identifiers).
 */
identifier: string, 
/**
 * The location the rule points at.
 */
location_id: string, 
/**
 * Who made the rule.
 */
source: RuleSource, 
/**
 * What the matcher did with it.
 */
verdict: Verdict, };

export type Verdict = "chosen" | "agrees" | "conflicts" | "outranked" | "overridden_by_user" | "ignored_untrusted" | "superseded";

export type Confidence = "high" | "medium" | "low";

export type HowObtained = "wiremap" | "user_confirmed" | "user_entered";

export type RuleKind = "bssid" | "bssid_prefix" | "switch_port" | "switch" | "gateway_mac" | "fingerprint" | "subnet" | "ssid";

export type RuleSource = "it_map" | "personal";

export type MapStatusReport = { 
/**
 * The map in force, if any.
 */
map: MapInForce | null, 
/**
 * Every delivery source's last check.
 */
sources: Array<MapSourceReport>, 
/**
 * The managed policy file.
 */
policy_file: string, 
/**
 * Whether it was found and valid.
 */
policy_source: PolicySource, 
/**
 * Problems in the policy file, by field.
 */
policy_errors: Array<FieldError>, 
/**
 * True when the current user could edit the policy (it should be writable by administrators only).
 */
policy_user_writable: boolean, 
/**
 * Key ids of the pinned map signing keys.
 */
trusted_key_ids: Array<string>, };

export type MapInForce = { 
/**
 * Organisation.
 */
org: string, 
/**
 * Serial.
 */
serial: number, 
/**
 * Issue time (RFC 3339).
 */
issued: string, 
/**
 * Expiry time (RFC 3339).
 */
expires: string, 
/**
 * URL or file it came from.
 */
source: string, 
/**
 * Key id that signed it (its signature verified when applied).
 */
signed_by: string, 
/**
 * When it was applied.
 */
applied_at: string, };

export type MapSourceReport = { 
/**
 * URL or folder.
 */
source: string, 
/**
 * Last check time.
 */
last_check: string | null, 
/**
 * Last successful check time.
 */
last_success: string | null, 
/**
 * The last check's error, if it failed.
 */
last_error: string | null, };

export type PolicySource = "none" | "file" | "invalid";

export type EmergencyPolicy = { 
/**
 * Minutes after a 911 call during which every incoming call may be the PSAP calling back: it ignores
 * do-not-disturb and forwarding, rings loudly and is labelled (0 turns this off; at most 1440).
 */
callback_window_minutes: number, };

export type Event = { "type": "NetworkChanged", "payload": NetworkSnapshot } | { "type": "LocationResolved", "payload": LocationRef } | { "type": "LocationConfirmRequired", "payload": ConfirmPrompt } | { "type": "ReadinessChanged", "payload": Readiness } | { "type": "Registering", "payload": AccountRef } | { "type": "RegisterOk", "payload": AccountRef } | { "type": "RegisterFailed", "payload": RegisterFailure } | { "type": "CallIncoming", "payload": CallView } | { "type": "CallRinging", "payload": CallView } | { "type": "CallEstablished", "payload": CallView } | { "type": "CallEnded", "payload": CallView } | { "type": "CallHeld", "payload": CallView } | { "type": "CallResumed", "payload": CallView } | { "type": "CallTransferring", "payload": CallTransfer } | { "type": "CallTransferred", "payload": CallTransfer } | { "type": "CallTransferFailed", "payload": CallTransfer } | { "type": "CallHistoryChanged", "payload": CallRecord } | { "type": "DialLinkOpened", "payload": DialLink } | { "type": "EmergencyCallStarted", "payload": EmergencyCallRef } | { "type": "NotificationDelivered", "payload": NotificationRef } | { "type": "NotificationFailed", "payload": NotificationRef } | { "type": "TestCallResult", "payload": TestCallResult } | { "type": "TestCallRequested" } | { "type": "TestCallSuggested", "payload": TestSuggestion } | { "type": "MapApplied", "payload": MapRef } | { "type": "MapRejected", "payload": MapRejection } | { "type": "CarrierStateChanged", "payload": CarrierState } | { "type": "AudioDeviceError", "payload": DeviceError };

export type LocationRef = { 
/**
 * Location id.
 */
location_id: string, 
/**
 * Human label, e.g. "HQ, floor 3".
 */
label: string, };

export type ConfirmPrompt = { 
/**
 * Stable machine-readable reason, e.g. `unknown_network`.
 */
reason: string, 
/**
 * Suggested locations to pick from.
 */
suggestions: Array<LocationRef>, };

export type AccountRef = { 
/**
 * Account id.
 */
account_id: string, };

export type RegisterFailure = { 
/**
 * Account id.
 */
account_id: string, 
/**
 * Stable reason code, e.g. `wrong_password`, `unreachable`, `tls_failure`.
 */
code: string, 
/**
 * Human explanation.
 */
message: string, };

export type CallRef = { 
/**
 * Call id.
 */
call_id: string, 
/**
 * The other party's number or URI.
 */
remote: string, };

export type CallTransfer = { 
/**
 * The call being transferred.
 */
call_id: string, 
/**
 * Where it is being transferred, as the user typed it (or the SIP address asked for).
 */
target: string, 
/**
 * Why it failed, for `CallTransferFailed` (`the transfer did not go through: 486 Busy Here`).
 */
reason: string | null, };

export type PlanSummary = { 
/**
 * The account.
 */
account_id: string, 
/**
 * Its strategy.
 */
strategy: EmergencyStrategy, 
/**
 * The callback number sent in From and P-Asserted-Identity.
 */
caller_id: string, 
/**
 * How it was chosen.
 */
did_choice: DidChoice, 
/**
 * The caller-ID lint.
 */
lint: CallerIdLint, 
/**
 * The label of the confirmed location, if any.
 */
location_label: string | null, 
/**
 * The location the PSAP will get, as one line, if known.
 */
location_sent: string | null, 
/**
 * How it gets there.
 */
location_sent_by: ConveyedBy | null, 
/**
 * Readiness.
 */
readiness: Readiness, 
/**
 * When the plan was computed (RFC 3339).
 */
computed_at: string, };

export type EmergencyStrategy = "did_pool" | "carrier_update" | "location_by_value";

export type DidChoice = "registered_here" | "account_default" | "no_did";

export type CallerIdLint = { 
/**
 * The caller ID checked (what From and P-Asserted-Identity carry).
 */
caller_id: string, 
/**
 * What is wrong with it; empty when it is exactly right.
 */
findings: Array<LintFinding>, };

export type LintFinding = { "kind": "no_e911_did" } | { "kind": "not_ten_digits", 
/**
 * The caller ID that would be sent.
 */
caller_id: string, } | { "kind": "not_e911_active", 
/**
 * The DID.
 */
did: string, 
/**
 * Its status.
 */
status: E911Status, } | { "kind": "registered_address_unknown", 
/**
 * The DID.
 */
did: string, } | { "kind": "registered_address_differs", 
/**
 * The DID.
 */
did: string, } | { "kind": "no_confirmed_location" };

export type E911Status = "active" | "pending" | "inactive" | "unknown";

export type ConveyedBy = "by_value" | "carrier_record";

export type CallView = { 
/**
 * The call's id (its SIP Call-ID).
 */
call_id: string, 
/**
 * The number or URI dialed, as recognised, or the caller.
 */
remote: string, 
/**
 * The caller's display name, when an incoming call brought one.
 */
remote_name: string | null, 
/**
 * Normal, emergency or test.
 */
kind: CallKind, 
/**
 * Where it is.
 */
state: CallState, 
/**
 * Our audio is muted (silence goes out instead).
 */
muted: boolean, 
/**
 * For emergency and test calls: the callback number and the location sent.
 */
emergency: EmergencyCallRef | null, 
/**
 * Why it ended (`hung_up`, `remote_hung_up`, `busy`, `declined`, `no_answer`, `rejected`, `cancelled`,
 * `failed`, `transferred`), once it has.
 */
end_reason: string | null, 
/**
 * An incoming call inside the PSAP callback window after a 911 call: it may be the dispatcher calling back,
 * so it rang through do-not-disturb and forwarding, loudly, and is labelled "Possible 911 callback".
 */
possible_emergency_callback: boolean, };

export type CallRecord = { 
/**
 * The SIP Call-ID.
 */
call_id: string, 
/**
 * Placed or received.
 */
direction: CallDirection, 
/**
 * `normal`, `emergency`, `emergency_test` or `incoming`.
 */
kind: string, 
/**
 * The number or URI dialed, or the caller.
 */
remote: string, 
/**
 * The caller's display name, when one came.
 */
remote_name: string | null, 
/**
 * RFC 3339, UTC.
 */
started_at: string, 
/**
 * RFC 3339, UTC; `None` when the call was never answered (missed, declined, busy, cancelled).
 */
answered_at: string | null, 
/**
 * RFC 3339, UTC.
 */
ended_at: string, 
/**
 * Why it ended.
 */
end_reason: string, 
/**
 * Emergency and test calls: the callback number sent as caller ID.
 */
callback_did: string | null, 
/**
 * Emergency and test calls: the location sent, on one line.
 */
location_sent: string | null, 
/**
 * An incoming call inside the PSAP callback window.
 */
possible_emergency_callback: boolean, };

export type DialLink = { 
/**
 * The link as it came, e.g. `tel:+1-614-555-0100`.
 */
link: string, 
/**
 * What the dialer is prefilled with, e.g. `+16145550100` or `sip:alice@example.com`.
 */
text: string, 
/**
 * What that would dial, by the dial plan in force (so an emergency number is flagged before Call).
 */
check: NumberCheck, };

export type AccountSettings = { 
/**
 * Stable id (`work`, `support-line`).
 */
id: string, 
/**
 * Name shown to the people we call.
 */
display_name: string, 
/**
 * User part of the address of record.
 */
user: string, 
/**
 * Domain of the address of record.
 */
domain: string, 
/**
 * Registrar as `host` or `host:port`; the domain when empty.
 */
registrar: string, 
/**
 * `udp`, `tcp` or `tls`.
 */
transport: string, 
/**
 * Outbound proxy as `host:port`, when the provider asks for one.
 */
outbound_proxy: string, 
/**
 * Authentication user name when it differs from `user`.
 */
auth_user: string, 
/**
 * Caller ID presented on calls, when the provider lets us set it.
 */
caller_id: string, 
/**
 * Registration lifetime asked for, in seconds (60 to 86,400).
 */
register_interval: number, 
/**
 * For TLS: full path of a PEM file of extra CA certificates to trust; empty for the OS trust store alone.
 */
tls_ca_file: string, };

export type AccountView = { 
/**
 * Its settings.
 */
settings: AccountSettings, 
/**
 * A password for it is in the OS keychain.
 */
has_password: boolean, 
/**
 * Its registration, as last reported.
 */
registration: RegistrationStatus, };

export type RegistrationStatus = { 
/**
 * `not_started`, `registering`, `registered` or `failed`.
 */
state: string, 
/**
 * For `failed`: a stable code (`wrong_password`, `unreachable`, `no_password`, …).
 */
code: string | null, 
/**
 * For `failed`: what went wrong, for people.
 */
message: string | null, };

export type ConnectionTest = { 
/**
 * The registrar accepted us.
 */
ok: boolean, 
/**
 * The registrar asked (`sip:host:port;transport=…`).
 */
registrar: string, 
/**
 * A stable code when it failed (`wrong_password`, `unreachable`, `rejected`, `transport`, …).
 */
code: string | null, 
/**
 * What went wrong, for people, when it failed.
 */
message: string | null, 
/**
 * Milliseconds from the first REGISTER to the 200 OK.
 */
took_ms: number, };

export type CallDirection = "outgoing" | "incoming";

export type NumberCheck = { 
/**
 * Normal, emergency or test.
 */
kind: CallKind, 
/**
 * What would be sent (`911` for `9-911`; digits without separators; a SIP address as given).
 */
target: string, };

export type CallKind = "normal" | "emergency" | "emergency_test" | "incoming";

export type CallState = "calling" | "ringing" | "established" | "on_hold" | "ended";

export type TestCallView = { 
/**
 * The call.
 */
call: CallView, 
/**
 * What the readback should say.
 */
expected: ReadbackExpectation, 
/**
 * Where the received audio is recorded (written when the call ends).
 */
recording_path: string, };

export type ReadbackExpectation = { 
/**
 * The number dialed (933 or the carrier's test number).
 */
dialed: string, 
/**
 * The callback number sent, as 10 digits.
 */
callback_number: string, 
/**
 * The same number written for reading aloud, e.g. `614-555-0100`.
 */
callback_spoken: string, 
/**
 * The address the readback should give, on one line; `None` when none was known.
 */
address: string | null, 
/**
 * Whether that address is carried in the call itself or is the carrier's record for the number.
 */
address_source: string | null, };

export type TestAnswer = "matched" | "mismatched" | "inaudible";

export type TestSuggestion = { 
/**
 * `never_tested`, `location_changed` or `number_changed`.
 */
reason: string, 
/**
 * One sentence for people.
 */
message: string, };

export type EmergencyCallRef = { 
/**
 * Call id.
 */
call_id: string, 
/**
 * The callback number sent as caller ID.
 */
callback_did: string, 
/**
 * The location sent, as one line of text, or `None` if none was known.
 */
location_text: string | null, };

export type NotificationRef = { 
/**
 * `desktop`, `webhook` or `email`.
 */
channel: string, 
/**
 * Target, e.g. a URL or address.
 */
target: string, 
/**
 * Attempt number, starting at 1.
 */
attempt: number, 
/**
 * Error text when it failed.
 */
error: string | null, };

export type TestCallResult = { 
/**
 * Call id.
 */
call_id: string, 
/**
 * `matched`, `mismatched`, `inaudible` or `failed`.
 */
outcome: string, 
/**
 * Where the received audio was recorded.
 */
recording_path: string | null, 
/**
 * The callback number the test sent.
 */
callback_did: string, 
/**
 * The location sent, on one line, if any.
 */
location_text: string | null, };

export type MapRef = { 
/**
 * Organisation name from the map.
 */
org: string, 
/**
 * Map serial.
 */
serial: number, };

export type MapRejection = { 
/**
 * Where it came from (URL or file).
 */
source: string, 
/**
 * Every problem, each with its field.
 */
errors: Array<FieldError>, };

export type CarrierState = { 
/**
 * The DID concerned.
 */
did: string, 
/**
 * `pending` (validating, updating or reading back), `verified`, `mismatch`, `needs_user_decision` (the
 * carrier suggests corrections) or `failed`.
 */
state: string, };

export type CarrierOverview = { 
/**
 * One entry per account that has a carrier set up, in account id order.
 */
accounts: Array<CarrierAccountView>, 
/**
 * Accounts (by id) with no carrier set up, for a hint on how to add one.
 */
without_carrier: Array<string>, };

export type CarrierAccountView = { 
/**
 * The SIP account id.
 */
account_id: string, 
/**
 * `voipms` or `webhook`.
 */
carrier: string, 
/**
 * True when this account places 911 calls and its E911 strategy is carrier update: "sync now" brings the
 * carrier's record for the callback number to the place in force.
 */
follows_location: boolean, 
/**
 * The DIDs as the carrier listed them just now (empty when the listing failed).
 */
dids: Array<CarrierDidView>, 
/**
 * Why the carrier could not be read (bad credentials, API not enabled, timeout…), with its stable code.
 */
error: CarrierProblem | null, };

export type CarrierProblem = { 
/**
 * The carrier error's stable code (`auth_failed`, `ip_not_allowed`, `timeout`, `not_configured`, …).
 */
code: string, 
/**
 * For people.
 */
message: string, };

export type DidStatus = "active" | "pending" | "mismatch" | "needs_user_decision" | "declined" | "failed" | "not_provisioned";

export type CarrierDidView = { 
/**
 * The 10-digit DID.
 */
did: string, 
/**
 * The label the account owner gave it at the carrier.
 */
description: string, 
/**
 * True for the emergency plan's callback number (the caller ID of 911 calls).
 */
emergency_caller_id: boolean, 
/**
 * Where it stands.
 */
status: DidStatus, 
/**
 * The address the carrier holds, as the carrier returned it.
 */
carrier_has: RegisteredAddress | null, 
/**
 * The address Locus wants the carrier to hold (the callback number's place in force), when known.
 */
wanted: CivicAddress | null, 
/**
 * The fields where the carrier's record differs from `wanted` (mismatch).
 */
differences: Array<FieldDifference>, 
/**
 * The carrier's corrections waiting for the user (needs user decision).
 */
suggestions: Array<SuggestedAddress>, 
/**
 * What went wrong, or what the pending step is, for people.
 */
message: string | null, };

export type Did = string;

export type RegisteredAddress = { 
/**
 * The DID.
 */
did: Did, 
/**
 * Its E911 status.
 */
status: CarrierE911Status, 
/**
 * The carrier's record in the carrier's own field names (what the PSAP will be given).
 */
fields: { [key in string]: string }, 
/**
 * The same record as a civic address, for display.
 */
address: CivicAddress, };

export type CarrierE911Status = "active" | "pending" | "not_provisioned";

export type SuggestedAddress = { 
/**
 * Our address with the carrier's corrections applied; confirming it is accepting the suggestion.
 */
address: CivicAddress, 
/**
 * The fields that change, for the corrections dialog.
 */
changes: Array<FieldChange>, };

export type FieldChange = { 
/**
 * The carrier's field name (`city`, `street_name`, …).
 */
field: string, 
/**
 * What we sent.
 */
current: string, 
/**
 * What the carrier suggests.
 */
suggested: string, };

export type FieldDifference = { 
/**
 * The carrier's field name.
 */
field: string, 
/**
 * Our value (from the confirmed address).
 */
ours: string, 
/**
 * The carrier's value.
 */
carrier: string, };

export type DeviceError = { 
/**
 * Device name.
 */
device: string, 
/**
 * What went wrong.
 */
message: string, };

/** The Tauri event channel every `Event` travels on. */
export const EVENT_CHANNEL = "locus://event";

/** Every IPC command the shell exposes. */
export const COMMANDS = ["get_status", "get_network", "refresh_network", "verify_audit_log", "report_first_paint", "locate", "confirm_location", "report_moved", "list_locations", "update_location", "delete_location", "validate_address", "map_status", "check_maps", "emergency_plan", "check_number", "dial", "hang_up", "hold_call", "resume_call", "answer_call", "decline_call", "mute_call", "send_dtmf", "transfer_call", "list_accounts", "validate_account", "test_account", "save_account", "remove_account", "list_calls", "call_history", "recent_numbers", "redial", "clear_call_history", "audio_devices", "choose_audio_devices", "open_dial_link", "take_dial_link", "start_test_call", "answer_test_call", "dismiss_test_suggestion", "carrier_overview", "sync_carrier", "accept_carrier_suggestion", "decline_carrier_suggestions"] as const;
export type CommandName = (typeof COMMANDS)[number];
