//! Locations: where the laptop is and the evidence for it — civic addresses and their validation, network
//! rules and the matcher, the confirmation machine, the SQLite store and the hash-chained audit log. It never
//! does network or SIP I/O; pure parts take time and inputs as arguments.

mod audit;
pub mod civic;
pub mod confirmation;
mod error;
pub mod matcher;
mod places;
mod store;

pub use audit::{AuditEntry, AuditLog, AuditVerification, NewAuditEntry};
pub use error::LocationError;
pub use places::{ConfirmationRecord, ItMapRecord, ItMapUpdate, Location, MapSourceStatus, PlaceChoice, Places};
pub use store::{Pragma, Store};
