//! The request/response contract between the UI and the backend. Types here are exported to TypeScript
//! (`ui/src/platform/bindings.ts`); command names are listed once in `COMMANDS` so the shell and the UI agree.

use crate::{ConfigLoad, ErrorCode, LocusPaths, Readiness};
use locus_location::AuditVerification;
use locus_netprobe::NetworkSnapshot;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every IPC command the shell exposes, by name.
pub const COMMANDS: &[&str] = &[
    "get_status",
    "get_network",
    "refresh_network",
    "verify_audit_log",
    "report_first_paint",
    "locate",
    "confirm_location",
    "report_moved",
    "list_locations",
    "update_location",
    "delete_location",
    "validate_address",
    "map_status",
    "check_maps",
    "emergency_plan",
    "check_number",
    "dial",
    "hang_up",
    "hold_call",
    "resume_call",
    "answer_call",
    "decline_call",
    "mute_call",
    "send_dtmf",
    "transfer_call",
    "list_accounts",
    "validate_account",
    "test_account",
    "save_account",
    "remove_account",
    "list_calls",
    "call_history",
    "recent_numbers",
    "redial",
    "clear_call_history",
    "audio_devices",
    "choose_audio_devices",
    "open_dial_link",
    "take_dial_link",
    "start_test_call",
    "answer_test_call",
    "dismiss_test_suggestion",
    "carrier_overview",
    "sync_carrier",
    "accept_carrier_suggestion",
    "decline_carrier_suggestions",
];

/// What the status screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StatusReport {
    /// App version.
    pub version: String,
    /// E911 readiness.
    pub readiness: Readiness,
    /// The latest network snapshot.
    pub network: NetworkSnapshot,
    /// Where the laptop is, or why the user must confirm.
    pub location: crate::locating::LocateReport,
    /// Where files live.
    pub paths: LocusPaths,
    /// The configuration in force and any problems with `config.json`.
    pub config: ConfigLoad,
    /// How many audit entries exist.
    pub audit_entries: i64,
    /// The emergency plan in force (callback number, location sent, readiness); `None` without an account.
    pub emergency_plan: Option<locus_emergency::PlanSummary>,
    /// An open suggestion to run the 933 readback test.
    pub test_suggestion: Option<crate::calls::TestSuggestion>,
}

/// The audit log check result, for `verify_audit_log`.
pub type AuditReport = AuditVerification;

/// An error as the UI receives it: a stable code to switch on and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IpcError {
    /// Stable code.
    pub code: ErrorCode,
    /// Human message.
    pub message: String,
}

/// The Organization panel: the IT map in force, the managed policy and each delivery source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MapStatusReport {
    /// The map in force, if any.
    pub map: Option<MapInForce>,
    /// Every delivery source's last check.
    pub sources: Vec<MapSourceReport>,
    /// The managed policy file.
    pub policy_file: String,
    /// Whether it was found and valid.
    pub policy_source: crate::PolicySource,
    /// Problems in the policy file, by field.
    pub policy_errors: Vec<crate::FieldError>,
    /// True when the current user could edit the policy (it should be writable by administrators only).
    pub policy_user_writable: bool,
    /// Key ids of the pinned map signing keys.
    pub trusted_key_ids: Vec<String>,
}

/// The IT map in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MapInForce {
    /// Organisation.
    pub org: String,
    /// Serial.
    #[ts(type = "number")]
    pub serial: u64,
    /// Issue time (RFC 3339).
    pub issued: String,
    /// Expiry time (RFC 3339).
    pub expires: String,
    /// URL or file it came from.
    pub source: String,
    /// Key id that signed it (its signature verified when applied).
    pub signed_by: String,
    /// When it was applied.
    pub applied_at: String,
}

/// One delivery source's last check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MapSourceReport {
    /// URL or folder.
    pub source: String,
    /// Last check time.
    pub last_check: Option<String>,
    /// Last successful check time.
    pub last_success: Option<String>,
    /// The last check's error, if it failed.
    pub last_error: Option<String>,
}

impl From<locus_location::ItMapRecord> for MapInForce {
    fn from(r: locus_location::ItMapRecord) -> Self {
        Self {
            org: r.org,
            serial: r.serial,
            issued: r.issued,
            expires: r.expires,
            source: r.source,
            signed_by: r.signed_by,
            applied_at: r.applied_at,
        }
    }
}

impl From<locus_location::MapSourceStatus> for MapSourceReport {
    fn from(s: locus_location::MapSourceStatus) -> Self {
        Self { source: s.source, last_check: s.last_check, last_success: s.last_success, last_error: s.last_error }
    }
}
