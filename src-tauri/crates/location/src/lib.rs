//! Locations: where the laptop is and the evidence for it. For now this crate owns the SQLite store and the
//! hash-chained audit log; the civic address model, network rules, matcher and confirmation machine join it
//! in later work. It never does network or SIP I/O.

mod audit;
mod error;
mod store;

pub use audit::{AuditEntry, AuditLog, AuditVerification, NewAuditEntry};
pub use error::LocationError;
pub use store::{Pragma, Store};
