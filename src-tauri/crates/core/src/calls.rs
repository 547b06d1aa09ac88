//! Calls as the window and `locusctl` see them: the call list, the 933 readback test and its answer. Plain data
//! exported to TypeScript; the service in `service/calls.rs` keeps them current.

use crate::events::EmergencyCallRef;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of call this is; emergency and test calls go out on the emergency plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// An ordinary call.
    Normal,
    /// 911 (with or without an outside-line prefix).
    Emergency,
    /// 933 or the carrier's test number: the emergency path, to a readback service instead of a PSAP.
    EmergencyTest,
    /// Someone called us (it rings in state `ringing` until answered, declined or given up).
    Incoming,
}

/// What a dialed string is, as the dial plan sees it, so the dialer can say "Emergency call" before dialing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NumberCheck {
    /// Normal, emergency or test.
    pub kind: CallKind,
    /// What would be sent (`911` for `9-911`; digits without separators; a SIP address as given).
    pub target: String,
}

/// Where a call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallState {
    /// The INVITE is out; nothing back yet.
    Calling,
    /// The far end is ringing.
    Ringing,
    /// Answered; audio flows.
    Established,
    /// Answered and on hold: no audio either way until it is resumed.
    OnHold,
    /// Over (`end_reason` says why).
    Ended,
}

/// One call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallView {
    /// The call's id (its SIP Call-ID).
    pub call_id: String,
    /// The number or URI dialed, as recognised, or the caller.
    pub remote: String,
    /// The caller's display name, when an incoming call brought one.
    #[serde(default)]
    pub remote_name: Option<String>,
    /// Normal, emergency or test.
    pub kind: CallKind,
    /// Where it is.
    pub state: CallState,
    /// Our audio is muted (silence goes out instead).
    #[serde(default)]
    pub muted: bool,
    /// For emergency and test calls: the callback number and the location sent.
    pub emergency: Option<EmergencyCallRef>,
    /// Why it ended (`hung_up`, `remote_hung_up`, `busy`, `declined`, `no_answer`, `rejected`, `cancelled`,
    /// `failed`, `transferred`), once it has.
    pub end_reason: Option<String>,
    /// An incoming call inside the PSAP callback window after a 911 call: it may be the dispatcher calling back,
    /// so it rang through do-not-disturb and forwarding, loudly, and is labelled "Possible 911 callback".
    #[serde(default)]
    pub possible_emergency_callback: bool,
}

/// What the readback service should say, so the user can compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReadbackExpectation {
    /// The number dialed (933 or the carrier's test number).
    pub dialed: String,
    /// The callback number sent, as 10 digits.
    pub callback_number: String,
    /// The same number written for reading aloud, e.g. `614-555-0100`.
    pub callback_spoken: String,
    /// The address the readback should give, on one line; `None` when none was known.
    pub address: Option<String>,
    /// Whether that address is carried in the call itself or is the carrier's record for the number.
    pub address_source: Option<String>,
}

/// A 933 readback test in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TestCallView {
    /// The call.
    pub call: CallView,
    /// What the readback should say.
    pub expected: ReadbackExpectation,
    /// Where the received audio is recorded (written when the call ends).
    pub recording_path: String,
}

/// The user's answer to "Did the readback match?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TestAnswer {
    /// The number and address read back were right.
    Matched,
    /// Something read back was wrong.
    Mismatched,
    /// The readback could not be heard.
    Inaudible,
}

impl TestAnswer {
    /// The outcome code in the audit log and the `TestCallResult` event.
    pub fn outcome(self) -> &'static str {
        match self {
            TestAnswer::Matched => "matched",
            TestAnswer::Mismatched => "mismatched",
            TestAnswer::Inaudible => "inaudible",
        }
    }
}

/// Why the app suggests running the readback test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TestSuggestion {
    /// `never_tested`, `location_changed` or `number_changed`.
    pub reason: String,
    /// One sentence for people.
    pub message: String,
}
