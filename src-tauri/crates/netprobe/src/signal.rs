//! Whether a signal could be read: available, denied by the OS (the user can grant it), or unsupported here.
//! Matching falls back to signals that need no permission (the gateway MAC) and the UI explains how to grant.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Availability of one network signal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignalState {
    /// Read successfully (the value may still be absent, e.g. Wi-Fi not associated).
    Available,
    /// The OS refused: e.g. macOS Location Services or Windows 11 24H2 location consent is off for Locus.
    Denied,
    /// Nothing on this machine can provide it.
    #[default]
    Unsupported,
}
