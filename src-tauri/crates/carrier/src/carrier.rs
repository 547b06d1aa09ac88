//! The `Carrier` trait: what Locus needs from any carrier's E911 provisioning API — list the account's DIDs with
//! their E911 state, validate an address, provision or update a DID's address, read it back, and translate our
//! civic address to and from the carrier's fields. Object-safe (`Box<dyn Carrier>`), so the core can pick the
//! carrier per account at run time. Never called on the emergency path (S4): a 911 call uses what is precomputed.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use locus_location::civic::CivicAddress;

use crate::CarrierError;
use crate::model::{AddressCheck, CarrierForm, Did, DidRecord, RegisteredAddress};

/// The future every carrier call returns.
pub type CarrierFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, CarrierError>> + Send + 'a>>;

/// A carrier's E911 provisioning API.
pub trait Carrier: Send + Sync + std::fmt::Debug {
    /// A stable name of the kind of carrier (`voipms`, `webhook`), for audit entries.
    fn kind(&self) -> &'static str;

    /// `address` in the carrier's fields, exactly as it would be sent. Checks the address first (field-level
    /// problems, nothing sent) and fails when the carrier cannot carry it.
    fn carrier_form(&self, address: &CivicAddress) -> Result<CarrierForm, CarrierError>;

    /// A record in the carrier's fields read back as a civic address (for display; comparison happens on the
    /// carrier's fields, see `normalize`).
    fn civic_address(&self, fields: &BTreeMap<String, String>) -> CivicAddress;

    /// Every DID of the account with its E911 state and the address the carrier holds.
    fn list_dids(&self) -> CarrierFuture<'_, Vec<DidRecord>>;

    /// Asks the carrier whether it accepts `address` for `did`; a refusal with corrections is a verdict, not an
    /// error. A refusal without any usable correction is [`CarrierError::InvalidAddress`].
    fn validate<'a>(&'a self, did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, AddressCheck>;

    /// Turns E911 on for `did` with `address` (first time).
    fn provision<'a>(&'a self, did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, ()>;

    /// Replaces the address of a DID that already has E911.
    fn update<'a>(&'a self, did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, ()>;

    /// The address the carrier holds for `did` now. [`CarrierError::NotProvisioned`] when it has none.
    fn read_back<'a>(&'a self, did: &'a Did) -> CarrierFuture<'a, RegisteredAddress>;
}
