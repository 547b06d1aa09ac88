//! Locations: where the laptop is and the evidence for it — civic addresses and their validation, network
//! rules and the matcher, the confirmation machine, the SQLite store with the hash-chained audit log and the
//! call history. It never does network or SIP I/O; pure parts take time and inputs as arguments.

mod audit;
mod call_history;
pub mod civic;
pub mod confirmation;
mod error;
pub mod matcher;
mod places;
mod store;

pub use audit::{AuditEntry, AuditLog, AuditVerification, NewAuditEntry};
pub use call_history::{CallDirection, CallHistory, CallRecord, FinishedCall, HISTORY_LIMIT};
pub use error::LocationError;
pub use places::{ConfirmationRecord, ItMapRecord, ItMapUpdate, Location, MapSourceStatus, PlaceChoice, Places};
pub use store::{Pragma, Store};
