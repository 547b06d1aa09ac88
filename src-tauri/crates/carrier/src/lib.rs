//! Carrier E911 for Locus: the address a static-address carrier stores for a DID is what the PSAP receives, so
//! when the user confirms a new location it must change — and Locus must show whether it really did. Behind the
//! [`Carrier`] trait: VoIP.ms over its REST API ([`voipms`]) and a signed webhook for an organisation's own
//! backend ([`webhook`]); [`Reconciler`] drives validate → update → read back until verified.
//!
//! No Tauri, no storage, no SIP, and never on the emergency path (S4). Credentials are passed in by the caller
//! from the OS keychain as a [`Secret`] and never appear in `Debug` output, errors or logs (S7).
//!
//! ```no_run
//! # async fn example(password_from_keychain: String, confirmed: locus_location::civic::CivicAddress) {
//! use locus_carrier::{Did, PollSchedule, Reconciler, Secret, TokioSleeper, VoipMsCarrier, VoipMsSettings};
//! let settings = VoipMsSettings::new("me@example.com", "e911-notices@example.com");
//! let carrier = VoipMsCarrier::new(settings, Secret::new(password_from_keychain)).expect("settings");
//! let did = Did::parse("555.555.1234").expect("a NANP number");
//! let schedule = PollSchedule::default();
//! let last = Reconciler::new(&carrier, &schedule, &TokioSleeper)
//!     .run(&did, &confirmed, |state| println!("{}", state.name()))
//!     .await;
//! # let _ = last;
//! # }
//! ```

mod carrier;
mod error;
mod http;
mod model;
pub mod normalize;
mod reconcile;
mod secret;
mod street;
pub mod voipms;
pub mod webhook;

pub use carrier::{Carrier, CarrierFuture};
pub use error::CarrierError;
pub use http::check_credential_url;
pub use model::{
    AddressCheck, CarrierForm, Did, DidRecord, E911Status, FieldChange, RegisteredAddress, SuggestedAddress,
};
pub use normalize::FieldDifference;
pub use reconcile::{PollSchedule, ReconcileState, Reconciler, Sleeper, SubmitAction, TokioSleeper};
pub use secret::Secret;
pub use voipms::{VoipMsCarrier, VoipMsSettings};
pub use webhook::{WebhookCarrier, WebhookSettings};
