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
