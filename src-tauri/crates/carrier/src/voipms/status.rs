//! VoIP.ms answers every call with a JSON `status`: `success`, or a word naming what went wrong. This turns each
//! word into a typed [`CarrierError`]. `invalid_address` comes back bare here; the caller adds the suggestions
//! it builds from `alternatives`. Pure.

use super::fields::cldxf_field;
use crate::CarrierError;

/// The `status` of a successful call.
pub(crate) const SUCCESS: &str = "success";

/// The statuses VoIP.ms answers when a DID has no E911 service (`no_provision` per the reference; `e911_disable`
/// as field reports show for `e911Info`).
const NOT_PROVISIONED: &[&str] = &["no_provision", "e911_disable", "e911_disabled", "not_provisioned"];

/// The error for a non-success `status` about `did` (empty when the call is not about one DID). `message` is
/// any text the answer carried besides the status.
pub(crate) fn error_for(status: &str, message: &str, did: &str) -> CarrierError {
    let status = status.trim();
    match status {
        "invalid_credentials" | "missing_credentials" | "invalid_api_password" | "invalid_username" => {
            CarrierError::AuthenticationFailed { status: status.to_owned() }
        }
        "api_not_enabled" | "api_disabled" => CarrierError::ApiNotEnabled,
        "ip_not_enabled" | "ip_not_allowed" => CarrierError::IpNotAllowed,
        "too_many_requests" | "limit_reached" | "rate_limit" | "rate_limited" => {
            CarrierError::RateLimited { retry_after: None }
        }
        "invalid_address" => CarrierError::InvalidAddress { suggestions: Vec::new() },
        "invalid_did" | "missing_did" | "no_did" | "did_not_found" => {
            CarrierError::UnknownDid { did: did.to_owned(), status: status.to_owned() }
        }
        s if NOT_PROVISIONED.contains(&s) => CarrierError::NotProvisioned { did: did.to_owned() },
        s => match s.strip_prefix("missing_").or_else(|| s.strip_prefix("invalid_")) {
            Some(field) => CarrierError::FieldRefused {
                field: cldxf_field(field).map(str::to_owned).unwrap_or_else(|| field.to_owned()),
                status: s.to_owned(),
            },
            None => CarrierError::Rejected { status: s.to_owned(), message: message.trim().to_owned() },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(status: &str) -> &'static str {
        error_for(status, "", "5555551234").code()
    }

    #[test]
    fn every_documented_status_has_its_own_code() {
        assert_eq!(code("invalid_credentials"), "authentication_failed");
        assert_eq!(code("missing_credentials"), "authentication_failed");
        assert_eq!(code("api_not_enabled"), "api_not_enabled");
        assert_eq!(code("ip_not_enabled"), "ip_not_allowed");
        assert_eq!(code("no_provision"), "no_provision");
        assert_eq!(code("e911_disable"), "no_provision");
        assert_eq!(code("invalid_address"), "invalid_address");
        assert_eq!(code("invalid_did"), "unknown_did");
        assert_eq!(code("limit_reached"), "rate_limited");
    }

    #[test]
    fn a_refused_field_is_named_in_cldxf_terms() {
        let err = error_for("missing_zip_code", "", "");
        assert!(
            matches!(&err, CarrierError::FieldRefused { field, status } if field == "pc" && status == "missing_zip_code")
        );
        let err = error_for("invalid_email", "", "");
        assert!(matches!(&err, CarrierError::FieldRefused { field, .. } if field == "email"));
    }

    #[test]
    fn an_unknown_status_is_kept_with_its_message() {
        let err = error_for("service_unavailable", "maintenance until 02:00", "");
        assert_eq!(err.code(), "rejected");
        assert_eq!(err.to_string(), "the carrier refused the request: service_unavailable (maintenance until 02:00)");
    }
}
