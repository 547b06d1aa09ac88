//! Emergency calling, the pure parts: which dialed strings are emergencies or tests (dial plan), the account's
//! E911 DIDs and strategy, and the [`EmergencyPlan`] — caller-ID DID, caller-ID lint, PIDF-LO, RFC 6442 headers
//! and readiness — that the core recomputes on every network, location, DID or registration change so that a
//! 911 dial only reads it (S4). Also the PSAP callback window.
//!
//! Nothing on the way to the INVITE does I/O, reads a clock or knows SIP transactions: time and state come in
//! as arguments, and what an INVITE needs goes out as plain strings ([`InviteParts`]); the core sends it. The one
//! part that does I/O is the Kari's Law [`notifier`], which only ever runs after the INVITE has left.

mod address_match;
mod callback_window;
mod dial_plan;
mod did;
mod error;
mod invite;
mod lint;
mod multipart;
pub mod notifier;
mod phone_text;
mod pidf_lo;
mod plan;
mod readiness;
mod xml;

pub use address_match::same_dispatch_address;
pub use callback_window::{CallbackWindow, callback_window_end, is_possible_psap_callback};
pub use dial_plan::{DialClassification, DialPlanConfig, classify};
pub use did::{E911Did, E911Settings, E911Status, EmergencyStrategy, normalize_nanp_number};
pub use error::{EmergencyError, FieldProblem};
pub use invite::{InviteParts, LocationBodyPart, SipHeader};
pub use lint::{CallerIdLint, LintFinding};
pub use multipart::{MessageBody, multipart_mixed};
pub use pidf_lo::{LocationMethod, PidfLoInput, build_pidf_lo};
pub use plan::{
    CarrierUpdateState, ConveyedBy, ConveyedLocation, CurrentLocation, DidChoice, EmergencyPlan, PlanInputs,
    PlanSummary, RegistrationState, compute_plan,
};
pub use readiness::{OUTAGE_WARNING, Readiness, ReadinessLevel, ReadinessReason};
pub use xml::escape_xml;
