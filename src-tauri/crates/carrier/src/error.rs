//! The one error type of the carrier crate. Every variant has a stable [`CarrierError::code`] for the UI, the
//! CLI's exit reasons and the audit log; the message is for people. No message ever contains a password or an
//! API key: transport errors are stripped of their URL (the VoIP.ms password travels in the query string).

use std::time::Duration;

use locus_location::civic::AddressProblem;

use crate::model::SuggestedAddress;

/// What can go wrong talking to a carrier's E911 API.
#[derive(Debug, thiserror::Error)]
pub enum CarrierError {
    /// Our own check of the address failed; nothing was sent. Each problem names its CLDXF field.
    #[error("the address is not valid: {}", describe_problems(.0))]
    AddressNotValid(Vec<AddressProblem>),
    /// The address cannot be expressed in the carrier's fields (for example a field the carrier requires is empty).
    #[error("the address cannot be sent to the carrier: {field}: {message}")]
    IncompleteAddress {
        /// The CLDXF field (or carrier setting) that is missing or unusable.
        field: String,
        /// What is wrong, for people.
        message: String,
    },
    /// The carrier refused one field of the address (VoIP.ms `missing_…` / `invalid_…` statuses).
    #[error("the carrier refused the {field} of the address ({status})")]
    FieldRefused {
        /// The CLDXF field concerned when known (`pc`, `a3`, …), else the carrier's field name.
        field: String,
        /// The carrier's own status word.
        status: String,
    },
    /// The carrier refused the address. `suggestions` are its corrections (possibly none), for the user to accept
    /// or reject; nothing was changed at the carrier.
    #[error("the carrier does not recognise this address{}", suggestion_hint(.suggestions))]
    InvalidAddress {
        /// Corrected addresses the carrier offers.
        suggestions: Vec<SuggestedAddress>,
    },
    /// The DID has no E911 service at the carrier (VoIP.ms `no_provision`). A failure, never an empty result.
    #[error("E911 is not provisioned for {did} at the carrier")]
    NotProvisioned {
        /// The DID asked about.
        did: String,
    },
    /// The number is not a 10-digit NANP number (E911 DIDs are US/Canadian numbers, caller ID without +1).
    #[error("\"{0}\" is not a 10-digit North American number (e.g. 5555551234)")]
    InvalidDid(String),
    /// The carrier does not know this DID, or it is not on this account.
    #[error("the carrier does not know the number {did} on this account ({status})")]
    UnknownDid {
        /// The DID sent.
        did: String,
        /// The carrier's own status word.
        status: String,
    },
    /// The API user name or password (API key) was refused.
    #[error("the carrier refused the API user name or password ({status}); check them in the account settings")]
    AuthenticationFailed {
        /// The carrier's own status word (or HTTP status).
        status: String,
    },
    /// API access is switched off for this carrier account.
    #[error("API access is not enabled for this carrier account; enable it in the carrier's API settings")]
    ApiNotEnabled,
    /// The carrier only accepts API calls from listed IP addresses, and ours is not listed.
    #[error("the carrier does not accept API calls from this computer's IP address; add it to the allowed list")]
    IpNotAllowed,
    /// Too many requests; try again later.
    #[error("the carrier is rate-limiting us{}", retry_hint(.retry_after))]
    RateLimited {
        /// How long the carrier asked us to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// No complete answer within the request timeout.
    #[error("the carrier did not answer within {} s", .timeout.as_secs_f32())]
    Timeout {
        /// The timeout in force.
        timeout: Duration,
    },
    /// The carrier could not be reached (DNS, connection refused, TLS).
    #[error("could not reach the carrier: {0}")]
    Unreachable(String),
    /// The carrier answered with an HTTP error status.
    #[error("the carrier answered HTTP {status}")]
    Http {
        /// The HTTP status code.
        status: u16,
    },
    /// The answer was not the JSON we expect.
    #[error("the carrier's answer could not be read: {0}")]
    BadResponse(String),
    /// The carrier answered with a status we have no specific meaning for.
    #[error("the carrier refused the request: {status}{}", detail_hint(.message))]
    Rejected {
        /// The carrier's own status word.
        status: String,
        /// Any text it added.
        message: String,
    },
    /// The carrier settings are unusable (for example a plain-HTTP base URL that is not on this computer).
    #[error("the carrier settings are not valid: {0}")]
    InvalidSettings(String),
}

impl CarrierError {
    /// A stable, machine-readable reason, for `CarrierStateChanged`, audit entries and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            CarrierError::AddressNotValid(_) => "address_not_valid",
            CarrierError::IncompleteAddress { .. } => "incomplete_address",
            CarrierError::FieldRefused { .. } => "field_refused",
            CarrierError::InvalidAddress { .. } => "invalid_address",
            CarrierError::NotProvisioned { .. } => "no_provision",
            CarrierError::InvalidDid(_) => "invalid_did",
            CarrierError::UnknownDid { .. } => "unknown_did",
            CarrierError::AuthenticationFailed { .. } => "authentication_failed",
            CarrierError::ApiNotEnabled => "api_not_enabled",
            CarrierError::IpNotAllowed => "ip_not_allowed",
            CarrierError::RateLimited { .. } => "rate_limited",
            CarrierError::Timeout { .. } => "timeout",
            CarrierError::Unreachable(_) => "unreachable",
            CarrierError::Http { .. } => "http_error",
            CarrierError::BadResponse(_) => "bad_response",
            CarrierError::Rejected { .. } => "rejected",
            CarrierError::InvalidSettings(_) => "invalid_settings",
        }
    }

    /// True when trying again later may succeed without anyone changing anything (timeouts, rate limits, server
    /// errors, unreachable). Reconciliation keeps polling through these.
    pub fn is_transient(&self) -> bool {
        match self {
            CarrierError::RateLimited { .. } | CarrierError::Timeout { .. } | CarrierError::Unreachable(_) => true,
            CarrierError::Http { status } => *status >= 500,
            _ => false,
        }
    }
}

fn describe_problems(problems: &[AddressProblem]) -> String {
    problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ")
}

fn suggestion_hint(suggestions: &[SuggestedAddress]) -> String {
    match suggestions.len() {
        0 => " and offers no correction".into(),
        1 => "; it suggests one correction".into(),
        n => format!("; it suggests {n} corrections"),
    }
}

fn retry_hint(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!("; try again in {} s", wait.as_secs().max(1)),
        None => "; try again in a minute".into(),
    }
}

fn detail_hint(message: &str) -> String {
    if message.is_empty() { String::new() } else { format!(" ({message})") }
}
