//! VoIP.ms, a static-address carrier: the PSAP gets the address VoIP.ms stores for the caller-ID DID. Its REST API
//! (`GET rest.php?api_username=…&api_password=…&method=…&…`, JSON answers with a `status`) is called with
//! reqwest: `getDIDsInfo`, `e911Info`, `e911Validate`, `e911Provision`, `e911Update`, `e911AddressTypes`. The
//! base URL is a setting so tests and sandboxes can point it elsewhere; the API password is handed in by the
//! caller from the OS keychain and only ever leaves in the request to the base URL (HTTPS, or loopback).

mod alternatives;
mod client;
mod fields;
mod status;

use std::collections::BTreeMap;
use std::time::Duration;

use locus_location::civic::CivicAddress;
use reqwest::Url;
use serde::{Deserialize, Serialize};

use crate::carrier::{Carrier, CarrierFuture};
use crate::model::{AddressCheck, CarrierForm, Did, DidRecord, RegisteredAddress};
use crate::{CarrierError, Secret, http};

/// The documented VoIP.ms REST endpoint.
pub const DEFAULT_BASE_URL: &str = "https://voip.ms/api/v1/rest.php";

/// How long one API call may take by default, answer included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// The address types VoIP.ms accepts in `address_type` (its `e911AddressTypes` list, per E911-REFERENCE.md).
pub const ADDRESS_TYPES: &[&str] = &[
    "Apartment",
    "Basement",
    "Building",
    "Department",
    "Floor",
    "Front",
    "Hanger",
    "Key",
    "Lobby",
    "Lot",
    "Lower",
    "Office",
    "Penthouse",
    "Pier",
    "Rear",
    "Room",
    "Side",
    "Slip",
    "Space",
    "Stop",
    "Suite",
    "Trailer",
    "Unit",
    "Upper",
];

/// The language of the E911 record (`EN` or `FR`, upper case as VoIP.ms requires).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// French (Canada).
    Fr,
}

impl Language {
    /// The value of the `language` parameter.
    pub fn as_param(self) -> &'static str {
        match self {
            Language::En => "EN",
            Language::Fr => "FR",
        }
    }
}

/// The settings of one VoIP.ms account. The API password is not here (S7): it is passed to
/// [`VoipMsCarrier::new`] from the OS keychain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoipMsSettings {
    /// The REST endpoint; [`DEFAULT_BASE_URL`] unless pointing at a sandbox or a test server.
    pub base_url: String,
    /// The API user name: the e-mail address of the VoIP.ms account.
    pub api_username: String,
    /// The e-mail address VoIP.ms sends E911 notices to (required by `e911Provision` / `e911Update`).
    pub email: String,
    /// The name on the E911 record when the address has no occupant name (`NAM`).
    pub full_name: String,
    /// The language of the record.
    pub language: Language,
    /// How long one API call may take.
    pub timeout: Duration,
}

impl VoipMsSettings {
    /// Settings for `api_username` with E911 notices to `email`, the documented endpoint and default timeout.
    pub fn new(api_username: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_username: api_username.into(),
            email: email.into(),
            full_name: String::new(),
            language: Language::En,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// A VoIP.ms account's E911 API.
#[derive(Debug)]
pub struct VoipMsCarrier {
    settings: VoipMsSettings,
    password: Secret,
    base_url: Url,
    http: reqwest::Client,
}

impl VoipMsCarrier {
    /// A client for the account in `settings`, authenticating with `password` (the VoIP.ms API password).
    pub fn new(settings: VoipMsSettings, password: Secret) -> Result<Self, CarrierError> {
        if settings.api_username.trim().is_empty() {
            return Err(CarrierError::InvalidSettings("the VoIP.ms API user name is empty".into()));
        }
        if password.is_empty() {
            return Err(CarrierError::InvalidSettings("the VoIP.ms API password is empty".into()));
        }
        let base_url = http::credential_url(&settings.base_url, "the VoIP.ms base URL")?;
        let http = http::client(settings.timeout)?;
        Ok(Self { settings, password, base_url, http })
    }

    /// The settings in force.
    pub fn settings(&self) -> &VoipMsSettings {
        &self.settings
    }

    /// The address types VoIP.ms accepts now (`e911AddressTypes`); [`ADDRESS_TYPES`] is the documented list.
    pub async fn address_types(&self) -> Result<Vec<String>, CarrierError> {
        self.e911_address_types().await
    }
}

impl Carrier for VoipMsCarrier {
    fn kind(&self) -> &'static str {
        "voipms"
    }

    fn carrier_form(&self, address: &CivicAddress) -> Result<CarrierForm, CarrierError> {
        fields::to_form(address, &self.settings)
    }

    fn civic_address(&self, fields: &BTreeMap<String, String>) -> CivicAddress {
        fields::to_civic(fields)
    }

    fn list_dids(&self) -> CarrierFuture<'_, Vec<DidRecord>> {
        Box::pin(self.dids_with_e911())
    }

    fn validate<'a>(&'a self, did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, AddressCheck> {
        Box::pin(self.e911_validate(did, address))
    }

    fn provision<'a>(&'a self, did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, ()> {
        Box::pin(self.e911_submit("e911Provision", did, address))
    }

    fn update<'a>(&'a self, did: &'a Did, address: &'a CivicAddress) -> CarrierFuture<'a, ()> {
        Box::pin(self.e911_submit("e911Update", did, address))
    }

    fn read_back<'a>(&'a self, did: &'a Did) -> CarrierFuture<'a, RegisteredAddress> {
        Box::pin(self.e911_info(did))
    }
}
