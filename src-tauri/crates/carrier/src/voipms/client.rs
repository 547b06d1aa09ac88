//! The VoIP.ms API calls themselves: one GET per call with the credentials, `method` and the method's parameters
//! in the query string, and the JSON answer read into typed results or a typed error. HTTP 429 is a rate limit
//! whatever the body says. Nothing here logs a URL or a parameter value.

use std::collections::BTreeMap;

use locus_location::civic::CivicAddress;
use serde_json::{Map, Value};

use super::VoipMsCarrier;
use super::alternatives::{scalar, suggestions};
use super::fields::{canonical_field, to_civic, to_form};
use super::status::{SUCCESS, error_for};
use crate::model::{AddressCheck, Did, DidRecord, E911Status, RegisteredAddress, SuggestedAddress};
use crate::{CarrierError, http};

/// What became of an address sent to VoIP.ms.
enum Sent {
    /// `status: success`.
    Accepted,
    /// `status: invalid_address`, with the corrections its `alternatives` offer (possibly none).
    Refused(Vec<SuggestedAddress>),
}

/// A parsed answer: its `status` word and the whole JSON object.
struct Answer {
    status: String,
    body: Map<String, Value>,
}

impl Answer {
    fn message(&self) -> String {
        self.body.get("message").and_then(scalar).unwrap_or_default()
    }

    /// The answer as a result: the body on success, else the typed error for its status.
    fn into_success(self, did: &str) -> Result<Map<String, Value>, CarrierError> {
        if self.status == SUCCESS { Ok(self.body) } else { Err(error_for(&self.status, &self.message(), did)) }
    }
}

impl VoipMsCarrier {
    /// Calls `method` with `params` and returns its answer, whatever its status. Errors are transport, HTTP and
    /// unreadable answers only.
    async fn call(&self, method: &str, params: &[(&str, &str)]) -> Result<Answer, CarrierError> {
        tracing::debug!(method, "VoIP.ms API call");
        let timeout = self.settings.timeout;
        let credentials = [
            ("api_username", self.settings.api_username.trim()),
            ("api_password", self.password.expose()),
            ("method", method),
        ];
        let response = self
            .http
            .get(self.base_url.clone())
            .query(&credentials)
            .query(params)
            .send()
            .await
            .map_err(|e| http::transport_error(e, timeout))?;
        let (code, headers, body) = http::read(response, timeout).await?;
        if code == 429 {
            return Err(CarrierError::RateLimited { retry_after: http::retry_after(&headers) });
        }
        let parsed = serde_json::from_slice::<Value>(&body).ok().and_then(|v| match v {
            Value::Object(body) => Some(body),
            _ => None,
        });
        let status = parsed.as_ref().and_then(|b| b.get("status")).and_then(Value::as_str).map(str::to_owned);
        match (code, parsed, status) {
            (200..=299, Some(body), Some(status)) => Ok(Answer { status, body }),
            (200..=299, Some(_), None) => {
                Err(CarrierError::BadResponse(format!("{method}: the answer has no status: {}", http::excerpt(&body))))
            }
            (200..=299, None, _) => {
                Err(CarrierError::BadResponse(format!("{method}: the answer is not JSON: {}", http::excerpt(&body))))
            }
            (_, Some(body), Some(status)) if status != SUCCESS => Ok(Answer { status, body }),
            (401 | 403, _, _) => Err(CarrierError::AuthenticationFailed { status: format!("HTTP {code}") }),
            (status, _, _) => Err(CarrierError::Http { status }),
        }
    }

    /// `getDIDsInfo`: the account's NANP DIDs and their descriptions (an account without DIDs has none).
    async fn dids_info(&self) -> Result<Vec<(Did, String)>, CarrierError> {
        let answer = self.call("getDIDsInfo", &[]).await?;
        if answer.status == "no_did" {
            return Ok(Vec::new());
        }
        let body = answer.into_success("")?;
        let Some(Value::Array(dids)) = body.get("dids") else {
            return Err(CarrierError::BadResponse("getDIDsInfo: the answer has no list of dids".into()));
        };
        let mut found = Vec::new();
        for entry in dids {
            let Some(number) = entry.get("did").and_then(scalar) else { continue };
            match Did::parse(&number) {
                Ok(did) => {
                    let description = entry.get("description").and_then(scalar).unwrap_or_default();
                    found.push((did, description));
                }
                Err(_) => tracing::debug!("skipping a DID that is not a NANP number (no E911 for it)"),
            }
        }
        Ok(found)
    }

    /// Every DID with its E911 record (`getDIDsInfo`, then `e911Info` for each, one after the other).
    pub(super) async fn dids_with_e911(&self) -> Result<Vec<DidRecord>, CarrierError> {
        let mut records = Vec::new();
        for (did, description) in self.dids_info().await? {
            let (e911, carrier_has) = match self.e911_info(&did).await {
                Ok(registered) => (registered.status, Some(registered)),
                Err(CarrierError::NotProvisioned { .. }) => (E911Status::NotProvisioned, None),
                Err(other) => return Err(other),
            };
            records.push(DidRecord { did, description, e911, carrier_has });
        }
        Ok(records)
    }

    /// `e911Info`: the address VoIP.ms holds for `did`.
    pub(super) async fn e911_info(&self, did: &Did) -> Result<RegisteredAddress, CarrierError> {
        let body = self.call("e911Info", &[("did", did.as_str())]).await?.into_success(did.as_str())?;
        let record = match body.get("e911") {
            Some(Value::Object(record)) => record,
            Some(Value::Array(items)) => match items.first() {
                Some(Value::Object(record)) => record,
                _ => return Err(CarrierError::NotProvisioned { did: did.to_string() }),
            },
            _ => &body,
        };
        let mut status = E911Status::Active;
        let mut fields = BTreeMap::new();
        for (key, value) in record {
            let Some(text) = scalar(value) else { continue };
            match key.as_str() {
                "status" | "e911_status" => {
                    if text.to_ascii_lowercase().contains("pending") {
                        status = E911Status::Pending;
                    }
                }
                "did" => {}
                other => {
                    fields.insert(canonical_field(other).to_owned(), text);
                }
            }
        }
        let address = to_civic(&fields);
        Ok(RegisteredAddress { did: did.clone(), status, fields, address })
    }

    /// Sends `address` for `did` with `method` (`e911Validate`, `e911Provision`, `e911Update`); empty optional
    /// fields are left out. `invalid_address` comes back as the carrier's suggestions.
    async fn send_address(&self, method: &str, did: &Did, address: &CivicAddress) -> Result<Sent, CarrierError> {
        let form = to_form(address, &self.settings)?;
        let mut params = vec![("did", did.as_str())];
        params.extend(form.all_fields().filter(|(_, value)| !value.is_empty()));
        let answer = self.call(method, &params).await?;
        if answer.status == "invalid_address" {
            let alternatives = answer.body.get("alternatives").unwrap_or(&Value::Null);
            return Ok(Sent::Refused(suggestions(alternatives, address, &form)));
        }
        answer.into_success(did.as_str()).map(|_| Sent::Accepted)
    }

    /// `e911Validate`.
    pub(super) async fn e911_validate(&self, did: &Did, address: &CivicAddress) -> Result<AddressCheck, CarrierError> {
        match self.send_address("e911Validate", did, address).await? {
            Sent::Accepted => Ok(AddressCheck::Valid),
            Sent::Refused(suggestions) if !suggestions.is_empty() => Ok(AddressCheck::Corrections(suggestions)),
            Sent::Refused(none) => Err(CarrierError::InvalidAddress { suggestions: none }),
        }
    }

    /// `e911Provision` or `e911Update`.
    pub(super) async fn e911_submit(
        &self,
        method: &str,
        did: &Did,
        address: &CivicAddress,
    ) -> Result<(), CarrierError> {
        match self.send_address(method, did, address).await? {
            Sent::Accepted => Ok(()),
            Sent::Refused(suggestions) => Err(CarrierError::InvalidAddress { suggestions }),
        }
    }

    /// `e911AddressTypes`: each entry's `value` (or the entry itself when it is a plain string).
    pub(super) async fn e911_address_types(&self) -> Result<Vec<String>, CarrierError> {
        let body = self.call("e911AddressTypes", &[]).await?.into_success("")?;
        let Some(Value::Array(types)) = body.get("types") else {
            return Err(CarrierError::BadResponse("e911AddressTypes: the answer has no list of types".into()));
        };
        Ok(types
            .iter()
            .filter_map(|entry| match entry {
                Value::Object(fields) => fields.get("value").or_else(|| fields.get("description")).and_then(scalar),
                other => scalar(other),
            })
            .collect())
    }
}
