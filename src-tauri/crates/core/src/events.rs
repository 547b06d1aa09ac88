//! The one catalogue of events the backend sends to the UI (ARCHITECTURE.md §8). Declared once here,
//! exported to TypeScript, and forwarded unchanged by the shell. Later work fills in the producers; the shapes
//! are fixed now so the UI and the tests can rely on them.

use crate::Readiness;
use crate::calls::{CallView, TestSuggestion};
use locus_netprobe::NetworkSnapshot;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Name of the single Tauri event channel every `Event` travels on.
pub const EVENT_CHANNEL: &str = "locus://event";

/// Everything the backend tells the UI, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "payload")]
pub enum Event {
    /// The network fingerprint materially changed.
    NetworkChanged(Box<NetworkSnapshot>),
    /// The current network resolved to a known location.
    LocationResolved(LocationRef),
    /// The user must confirm where they are before E911 is armed.
    LocationConfirmRequired(ConfirmPrompt),
    /// E911 readiness changed (green / amber / red).
    ReadinessChanged(Readiness),
    /// An account started registering. Always precedes `RegisterFailed`.
    Registering(AccountRef),
    /// An account registered.
    RegisterOk(AccountRef),
    /// An account failed to register.
    RegisterFailed(RegisterFailure),
    /// Someone is calling us: it rings until `CallEstablished` (answered) or `CallEnded` (declined, or the
    /// caller gave up). `possible_emergency_callback` marks a call inside the PSAP callback window.
    CallIncoming(CallView),
    /// The far end is ringing.
    CallRinging(CallView),
    /// The call is up.
    CallEstablished(CallView),
    /// The call ended (`end_reason` says why).
    CallEnded(CallView),
    /// The call was put on hold (by us or by an emergency call preempting it); the far end accepted.
    CallHeld(CallView),
    /// The call is off hold; audio flows both ways again.
    CallResumed(CallView),
    /// A blind transfer of the call started: it is put on hold and the other side is asked to call `target`.
    CallTransferring(CallTransfer),
    /// The transfer target answered the other side; the call ends next (`CallEnded`, `end_reason`
    /// `transferred`).
    CallTransferred(CallTransfer),
    /// The transfer did not go through (`reason` says why); the call goes on, taken off hold again.
    CallTransferFailed(CallTransfer),
    /// A finished call was written to the call history (the history screen and the dialer's recent numbers
    /// refresh).
    CallHistoryChanged(locus_location::CallRecord),
    /// A `tel:` or `sip:` link was opened with Locus: the dialer shows it, ready for the user to press Call.
    DialLinkOpened(crate::dial_link::DialLink),
    /// An emergency call's INVITE has been sent.
    EmergencyCallStarted(EmergencyCallRef),
    /// A Kari's Law notification reached its target.
    NotificationDelivered(NotificationRef),
    /// A Kari's Law notification could not be delivered (yet).
    NotificationFailed(NotificationRef),
    /// A 933 / carrier test call finished and the user said whether the readback matched.
    TestCallResult(TestCallResult),
    /// The user chose "Test emergency calling…" in the app menu or the tray: the window opens the test.
    TestCallRequested,
    /// The location or callback number changed since the last readback test: suggest one (once per change).
    TestCallSuggested(TestSuggestion),
    /// An IT map was applied.
    MapApplied(MapRef),
    /// An IT map was rejected; the previous one stays in force.
    MapRejected(MapRejection),
    /// A carrier's E911 record changed state (pending, verified, mismatch).
    CarrierStateChanged(CarrierState),
    /// An audio device failed or disappeared.
    AudioDeviceError(DeviceError),
}

/// A location by id and label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocationRef {
    /// Location id.
    pub location_id: String,
    /// Human label, e.g. "HQ, floor 3".
    pub label: String,
}

/// Why the user is asked to confirm their location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConfirmPrompt {
    /// Stable machine-readable reason, e.g. `unknown_network`.
    pub reason: String,
    /// Suggested locations to pick from.
    pub suggestions: Vec<LocationRef>,
}

/// A SIP account by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountRef {
    /// Account id.
    pub account_id: String,
}

/// A failed registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RegisterFailure {
    /// Account id.
    pub account_id: String,
    /// Stable reason code, e.g. `wrong_password`, `unreachable`, `tls_failure`.
    pub code: String,
    /// Human explanation.
    pub message: String,
}

/// A call by id and the other party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallRef {
    /// Call id.
    pub call_id: String,
    /// The other party's number or URI.
    pub remote: String,
}

/// A blind transfer of a call, as it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallTransfer {
    /// The call being transferred.
    pub call_id: String,
    /// Where it is being transferred, as the user typed it (or the SIP address asked for).
    pub target: String,
    /// Why it failed, for `CallTransferFailed` (`the transfer did not go through: 486 Busy Here`).
    pub reason: Option<String>,
}

/// An emergency call that has started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmergencyCallRef {
    /// Call id.
    pub call_id: String,
    /// The callback number sent as caller ID.
    pub callback_did: String,
    /// The location sent, as one line of text, or `None` if none was known.
    pub location_text: Option<String>,
}

/// One notification target and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NotificationRef {
    /// `desktop`, `webhook` or `email`.
    pub channel: String,
    /// Target, e.g. a URL or address.
    pub target: String,
    /// Attempt number, starting at 1.
    pub attempt: u32,
    /// Error text when it failed.
    pub error: Option<String>,
}

/// The outcome of a 933 / carrier test call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TestCallResult {
    /// Call id.
    pub call_id: String,
    /// `matched`, `mismatched`, `inaudible` or `failed`.
    pub outcome: String,
    /// Where the received audio was recorded.
    pub recording_path: Option<String>,
    /// The callback number the test sent.
    pub callback_did: String,
    /// The location sent, on one line, if any.
    pub location_text: Option<String>,
}

/// An applied IT map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MapRef {
    /// Organisation name from the map.
    pub org: String,
    /// Map serial.
    pub serial: u64,
}

/// A rejected IT map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MapRejection {
    /// Where it came from (URL or file).
    pub source: String,
    /// Every problem, each with its field.
    pub errors: Vec<crate::FieldError>,
}

/// A carrier E911 record's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarrierState {
    /// The DID concerned.
    pub did: String,
    /// `pending` (validating, updating or reading back), `verified`, `mismatch`, `needs_user_decision` (the
    /// carrier suggests corrections) or `failed`.
    pub state: String,
}

/// An audio device problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeviceError {
    /// Device name.
    pub device: String,
    /// What went wrong.
    pub message: String,
}
