//! A fake VoIP.ms REST API on loopback, written from the documented request shape: `GET /api/v1/rest.php` with
//! `api_username`, `api_password`, `method` and the method's parameters in the query string, JSON answers with a
//! `status`. It refuses wrong credentials, checks the parameters the E911 methods require (`zip_code`, not `zip`;
//! `email`; `language` `EN`/`FR` upper case; a 10-digit `did`), and otherwise answers what the test scripted per
//! method (the last scripted reply repeats). With `keep_records`, it also behaves like the carrier for the
//! methods not scripted: a successful `e911Provision`/`e911Update` stores the record sent, and `e911Info` answers
//! with the stored record. The payloads are our own examples, not copies of VoIP.ms text.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use locus_carrier::{Secret, VoipMsCarrier, VoipMsSettings};
use serde_json::json;

use super::server::{Reply, Request, TestServer};

pub(crate) const API_USER: &str = "alex@example.test";
/// Characters that need escaping in a query string, to prove the client encodes them.
pub(crate) const API_PASSWORD: &str = "pa ss&word=1+2/3?";
pub(crate) const PATH: &str = "/api/v1/rest.php";
pub(crate) const E911_EMAIL: &str = "e911-notices@example.test";

/// The parameters `e911Validate`, `e911Provision` and `e911Update` require.
const REQUIRED: &[&str] =
    &["did", "full_name", "street_number", "street_name", "city", "state", "country", "zip_code", "language", "email"];

/// The E911 record fields `e911Info` returns, as `e911Provision` and `e911Update` take them.
const RECORD_FIELDS: &[&str] = &[
    "did",
    "full_name",
    "street_number",
    "street_name",
    "address_type",
    "address_number",
    "city",
    "state",
    "country",
    "zip_code",
    "language",
    "email",
    "other_info",
];

type Script = Arc<Mutex<HashMap<String, VecDeque<Reply>>>>;
/// E911 records by DID, when the fake keeps them.
type Records = Arc<Mutex<Option<HashMap<String, serde_json::Value>>>>;

pub(crate) struct FakeVoipMs {
    server: TestServer,
    script: Script,
    records: Records,
}

impl FakeVoipMs {
    pub(crate) async fn start() -> Self {
        let script: Script = Arc::default();
        let records: Records = Arc::default();
        let (for_handler, records_for_handler) = (script.clone(), records.clone());
        let server = TestServer::start(move |request| answer(request, &for_handler, &records_for_handler)).await;
        Self { server, script, records }
    }

    /// From now on the fake keeps E911 records like the carrier (see the module comment), starting with
    /// `initial` (`e911Info` answers such as `fixtures::old_record()`), keyed by their `did`.
    pub(crate) fn keep_records(&self, initial: &[serde_json::Value]) {
        let records =
            initial.iter().map(|info| (info["e911"]["did"].as_str().unwrap_or("").to_owned(), info["e911"].clone()));
        *self.records.lock().expect("records") = Some(records.collect());
    }

    /// The replies to `method`, in order; the last one repeats.
    pub(crate) fn script(&self, method: &str, replies: Vec<Reply>) {
        self.script.lock().expect("script").insert(method.to_owned(), replies.into());
    }

    pub(crate) fn settings(&self) -> VoipMsSettings {
        let mut settings = VoipMsSettings::new(API_USER, E911_EMAIL);
        settings.base_url = self.server.url(PATH);
        settings.timeout = Duration::from_secs(5);
        settings
    }

    /// The arguments of `locusctl carrier set` that point `account` at this fake (the API password goes on
    /// standard input).
    pub(crate) fn locusctl_set_args(&self, account: &str) -> Vec<String> {
        let args = ["carrier", "set", "--account", account, "--voipms-user", API_USER, "--email", E911_EMAIL];
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.extend(["--base-url".to_owned(), self.settings().base_url]);
        args
    }

    pub(crate) fn carrier(&self) -> VoipMsCarrier {
        self.carrier_with(self.settings(), API_PASSWORD)
    }

    pub(crate) fn carrier_with(&self, settings: VoipMsSettings, password: &str) -> VoipMsCarrier {
        VoipMsCarrier::new(settings, Secret::new(password)).expect("carrier")
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.server.requests()
    }

    /// The `method` of every request, in order.
    pub(crate) fn methods(&self) -> Vec<String> {
        self.requests().iter().map(|r| r.param("method").unwrap_or("?").to_owned()).collect()
    }

    /// The last request for `method`.
    pub(crate) fn last(&self, method: &str) -> Request {
        self.requests().into_iter().rev().find(|r| r.param("method") == Some(method)).expect("no such call")
    }
}

fn answer(request: &Request, script: &Script, records: &Records) -> Reply {
    if request.path != PATH {
        return Reply::text(404, "not found");
    }
    if request.method != "GET" {
        return Reply::text(405, "GET only");
    }
    if request.param("api_username") != Some(API_USER) || request.param("api_password") != Some(API_PASSWORD) {
        return Reply::json(json!({ "status": "invalid_credentials" }));
    }
    let method = request.param("method").unwrap_or("");
    if let Some(queue) = script.lock().expect("script").get_mut(method) {
        let reply = if queue.len() > 1 { queue.pop_front() } else { queue.front().cloned() };
        if let Some(reply) = reply {
            return reply;
        }
    }
    if let Some(records) = records.lock().expect("records").as_mut() {
        let did = request.param("did").unwrap_or("").to_owned();
        match method {
            "e911Info" => {
                return match records.get(&did) {
                    Some(record) => Reply::json(json!({ "status": "success", "e911": record })),
                    None => Reply::json(json!({ "status": "no_provision" })),
                };
            }
            "e911Provision" | "e911Update" => {
                if address_param_problem(request).is_none() {
                    let fields =
                        RECORD_FIELDS.iter().map(|name| (name.to_string(), json!(request.param(name).unwrap_or(""))));
                    records.insert(did, fields.collect::<serde_json::Map<_, _>>().into());
                }
                return check_address_params(request);
            }
            _ => {}
        }
    }
    match method {
        "e911Validate" | "e911Provision" | "e911Update" => check_address_params(request),
        "e911Info" => Reply::json(json!({ "status": "no_provision" })),
        "getDIDsInfo" => Reply::json(json!({ "status": "no_did" })),
        "e911AddressTypes" => Reply::json(json!({
            "status": "success",
            "types": [
                { "value": "Apartment", "description": "Apartment" },
                { "value": "Floor", "description": "Floor" },
                { "value": "Suite", "description": "Suite" },
                { "value": "Unit", "description": "Unit" }
            ]
        })),
        _ => Reply::json(json!({ "status": "invalid_method" })),
    }
}

/// What VoIP.ms checks of an address call before looking at the address itself.
fn check_address_params(request: &Request) -> Reply {
    let status = address_param_problem(request).unwrap_or_else(|| "success".to_owned());
    Reply::json(json!({ "status": status }))
}

/// The status VoIP.ms answers for an address call whose parameters are wrong, if they are.
fn address_param_problem(request: &Request) -> Option<String> {
    if let Some(missing) = REQUIRED.iter().find(|name| request.param(name).is_none_or(str::is_empty)) {
        return Some(format!("missing_{missing}"));
    }
    let did = request.param("did").unwrap_or("");
    if did.len() != 10 || !did.chars().all(|c| c.is_ascii_digit()) {
        return Some("invalid_did".into());
    }
    if !matches!(request.param("language"), Some("EN" | "FR")) {
        return Some("invalid_language".into());
    }
    if !matches!(request.param("country"), Some("US" | "CA")) {
        return Some("invalid_country".into());
    }
    None
}
