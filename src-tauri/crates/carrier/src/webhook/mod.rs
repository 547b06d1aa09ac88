//! A generic webhook carrier, for organisations with their own E911 provisioning backend. Locus POSTs the
//! confirmed location to a configured URL and reads the backend's record back from a status URL. Every request is
//! signed (see [`signature`]); the secret comes from the OS keychain.
//!
//! # The contract (version 1)
//!
//! **Submit** — `POST <submit_url>`, `Content-Type: application/json`, headers `X-Locus-Timestamp` and
//! `X-Locus-Signature` over the body:
//!
//! ```json
//! { "version": 1, "action": "provision", "did": "5555551234",
//!   "address": { "country": "US", "a1": "IL", "a3": "Springfield", "hno": "123", "rd": "Main", "sts": "St",
//!                "unit": "300", "pc": "62701", "nam": "Acme", "…": "every CLDXF field of the civic address" } }
//! ```
//!
//! `action` is `provision` (first time) or `update`. Answers: any 2xx = accepted (the body is ignored);
//! 401/403 = bad signature or secret; 422 = address refused, optionally with
//! `{ "message": "…", "suggestions": [ <address>, … ] }` (addresses in the same CLDXF shape); 429 = slow down
//! (`Retry-After` in seconds honoured); anything else is an error.
//!
//! **Status** — `GET <status_url>?did=5555551234`, signed over the query string (`did=5555551234`); without
//! `did` (signed over the empty string, or the status URL's own query) it lists every DID. Answers:
//!
//! ```json
//! { "did": "5555551234", "status": "active", "address": { "…": "CLDXF fields" }, "message": "" }
//! { "dids": [ { "did": "5555551234", "status": "pending", "address": { } } ] }
//! ```
//!
//! `status` is `active` (the PSAP gets `address`), `pending` (accepted, not yet in force), `none` (no E911 for
//! the DID; a 404 means the same) or `rejected` (with a `message`). The backend has no separate validation call:
//! [`Carrier::validate`] checks the address locally, and the backend refuses bad addresses with 422 on submit.

pub mod signature;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use locus_location::civic::{CivicAddress, validate};
use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use serde::{Deserialize, Serialize};

use crate::carrier::{Carrier, CarrierFuture};
use crate::model::{
    AddressCheck, CarrierForm, Did, DidRecord, E911Status, FieldChange, RegisteredAddress, SuggestedAddress,
};
use crate::normalize::same_value;
use crate::{CarrierError, Secret, http};
use signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

/// The contract version Locus speaks.
pub const CONTRACT_VERSION: u32 = 1;

/// Where the wall-clock time for signatures comes from (replaceable in tests).
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// The settings of one webhook carrier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSettings {
    /// Where confirmed locations are POSTed.
    pub submit_url: String,
    /// Where the backend's record of each DID is read.
    pub status_url: String,
    /// How long one request may take.
    pub timeout: Duration,
}

/// An organisation's own provisioning backend, reached by signed HTTPS requests.
pub struct WebhookCarrier {
    secret: Secret,
    submit_url: Url,
    status_url: Url,
    timeout: Duration,
    http: reqwest::Client,
    clock: Clock,
}

impl fmt::Debug for WebhookCarrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookCarrier")
            .field("submit_url", &self.submit_url.as_str())
            .field("status_url", &self.status_url.as_str())
            .field("timeout", &self.timeout)
            .field("secret", &self.secret)
            .finish_non_exhaustive()
    }
}

/// The JSON POSTed to the submit URL.
#[derive(Serialize)]
struct Submission<'a> {
    version: u32,
    action: &'a str,
    did: &'a Did,
    address: &'a CivicAddress,
}

/// One DID's record as the status URL returns it.
#[derive(Deserialize)]
struct StatusRecord {
    did: String,
    status: String,
    #[serde(default)]
    address: Option<CivicAddress>,
    #[serde(default)]
    message: String,
}

/// The list form of the status answer.
#[derive(Deserialize)]
struct StatusList {
    dids: Vec<StatusRecord>,
}

/// The body of a 422 answer.
#[derive(Deserialize, Default)]
struct Refusal {
    #[serde(default)]
    suggestions: Vec<CivicAddress>,
}

impl WebhookCarrier {
    /// A carrier for the backend in `settings`, signing with `secret`.
    pub fn new(settings: WebhookSettings, secret: Secret) -> Result<Self, CarrierError> {
        if secret.is_empty() {
            return Err(CarrierError::InvalidSettings("the webhook signing secret is empty".into()));
        }
        let submit_url = http::credential_url(&settings.submit_url, "the webhook submit URL")?;
        let status_url = http::credential_url(&settings.status_url, "the webhook status URL")?;
        let http = http::client(settings.timeout)?;
        Ok(Self { secret, submit_url, status_url, timeout: settings.timeout, http, clock: Arc::new(SystemTime::now) })
    }

    /// The same carrier taking signature times from `clock`.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    fn timestamp(&self) -> u64 {
        (self.clock)().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
    }

    async fn submit(&self, action: &str, did: &Did, address: &CivicAddress) -> Result<(), CarrierError> {
        let ours = self.carrier_form(address)?;
        let body = serde_json::to_vec(&Submission { version: CONTRACT_VERSION, action, did, address })
            .map_err(|e| CarrierError::BadResponse(format!("could not encode the submission: {e}")))?;
        let timestamp = self.timestamp();
        let signature = sign(self.secret.expose().as_bytes(), timestamp, &body);
        let response = self
            .http
            .post(self.submit_url.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await
            .map_err(|e| http::transport_error(e, self.timeout))?;
        let (status, headers, body) = http::read(response, self.timeout).await?;
        match status {
            200..=299 => Ok(()),
            422 => {
                let refusal: Refusal = serde_json::from_slice(&body).unwrap_or_default();
                let suggestions = refusal
                    .suggestions
                    .into_iter()
                    .filter_map(|address| {
                        let changes = changes(&ours.location, &cldxf_fields(&address));
                        (!changes.is_empty()).then_some(SuggestedAddress { address, changes })
                    })
                    .collect();
                Err(CarrierError::InvalidAddress { suggestions })
            }
            other => Err(status_error(other, &headers)),
        }
    }

    /// GETs the status URL with `did` (or without, for the list) and returns the body.
    async fn status(&self, did: Option<&Did>) -> Result<Option<Vec<u8>>, CarrierError> {
        let mut url = self.status_url.clone();
        if let Some(did) = did {
            url.query_pairs_mut().append_pair("did", did.as_str());
        }
        let timestamp = self.timestamp();
        let signature = sign(self.secret.expose().as_bytes(), timestamp, url.query().unwrap_or("").as_bytes());
        let response = self
            .http
            .get(url)
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature)
            .send()
            .await
            .map_err(|e| http::transport_error(e, self.timeout))?;
        let (status, headers, body) = http::read(response, self.timeout).await?;
        match status {
            200..=299 => Ok(Some(body)),
            404 => Ok(None),
            other => Err(status_error(other, &headers)),
        }
    }

    async fn read_one(&self, did: &Did) -> Result<RegisteredAddress, CarrierError> {
        let not_provisioned = || CarrierError::NotProvisioned { did: did.to_string() };
        let body = self.status(Some(did)).await?.ok_or_else(not_provisioned)?;
        let record: StatusRecord = parse(&body)?;
        registered(did.clone(), record)?.ok_or_else(not_provisioned)
    }

    async fn read_all(&self) -> Result<Vec<DidRecord>, CarrierError> {
        let Some(body) = self.status(None).await? else { return Ok(Vec::new()) };
        let list: StatusList = parse(&body)?;
        let mut records = Vec::new();
        for record in list.dids {
            let did = Did::parse(&record.did)?;
            let carrier_has = registered(did.clone(), record)?;
            let e911 = carrier_has.as_ref().map(|r| r.status).unwrap_or(E911Status::NotProvisioned);
            records.push(DidRecord { did, description: String::new(), e911, carrier_has });
        }
        Ok(records)
    }
}

fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, CarrierError> {
    serde_json::from_slice(body).map_err(|e| {
        CarrierError::BadResponse(format!(
            "the status answer does not follow the contract ({e}): {}",
            http::excerpt(body)
        ))
    })
}

/// A status record as a registered address; `None` for `status: none`.
fn registered(did: Did, record: StatusRecord) -> Result<Option<RegisteredAddress>, CarrierError> {
    let status = match record.status.as_str() {
        "active" => E911Status::Active,
        "pending" => E911Status::Pending,
        "none" => return Ok(None),
        "rejected" => return Err(CarrierError::Rejected { status: record.status, message: record.message }),
        other => return Err(CarrierError::BadResponse(format!("unknown status \"{other}\" for {did}"))),
    };
    let address = record.address.unwrap_or_default();
    Ok(Some(RegisteredAddress { did, status, fields: cldxf_fields(&address), address }))
}

fn status_error(status: u16, headers: &reqwest::header::HeaderMap) -> CarrierError {
    match status {
        401 | 403 => CarrierError::AuthenticationFailed { status: format!("HTTP {status}") },
        429 => CarrierError::RateLimited { retry_after: http::retry_after(headers) },
        other => CarrierError::Http { status: other },
    }
}

/// The CLDXF location fields of `address` by their lower-case names, as the contract's JSON spells them (every
/// one, empty when unused; the occupant name and the multi-storey flag are not location fields).
fn cldxf_fields(address: &CivicAddress) -> BTreeMap<String, String> {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(address) else { return BTreeMap::new() };
    fields
        .into_iter()
        .filter(|(name, _)| name != "nam")
        .filter_map(|(name, value)| Some((name, value.as_str()?.trim().to_owned())))
        .collect()
}

/// The fields where `suggested` differs from `ours` under the normalised comparison.
fn changes(ours: &BTreeMap<String, String>, suggested: &BTreeMap<String, String>) -> Vec<FieldChange> {
    ours.iter()
        .filter_map(|(field, current)| {
            let proposal = suggested.get(field).cloned().unwrap_or_default();
            (!same_value(current, &proposal)).then(|| FieldChange {
                field: field.clone(),
                current: current.clone(),
                suggested: proposal,
            })
        })
        .collect()
}

impl Carrier for WebhookCarrier {
    fn kind(&self) -> &'static str {
        "webhook"
    }

    fn carrier_form(&self, address: &CivicAddress) -> Result<CarrierForm, CarrierError> {
        let validation = validate(address);
        if !validation.is_valid() {
            return Err(CarrierError::AddressNotValid(validation.problems));
        }
        let contact = [("nam".to_owned(), address.nam.trim().to_owned())].into();
        Ok(CarrierForm { location: cldxf_fields(address), contact, not_carried: Vec::new() })
    }

    fn civic_address(&self, fields: &BTreeMap<String, String>) -> CivicAddress {
        let value = serde_json::Value::Object(
            fields.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect(),
        );
        serde_json::from_value(value).unwrap_or_default()
    }

    fn list_dids(&self) -> CarrierFuture<'_, Vec<DidRecord>> {
        Box::pin(self.read_all())
    }

    fn validate<'a>(&'a self, _did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, AddressCheck> {
        Box::pin(async move { self.carrier_form(address).map(|_| AddressCheck::Valid) })
    }

    fn provision<'a>(&'a self, did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, ()> {
        Box::pin(self.submit("provision", did, address))
    }

    fn update<'a>(&'a self, did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, ()> {
        Box::pin(self.submit("update", did, address))
    }

    fn read_back<'a>(&'a self, did: &'a Did) -> CarrierFuture<'a, RegisteredAddress> {
        Box::pin(self.read_one(did))
    }
}
