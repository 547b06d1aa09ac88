//! The caller-ID lint of S3: an emergency call's caller ID must be exactly the 10-digit E911 DID of the current
//! location — a DID that is E911-active and whose registered address is where the laptop is. The lint lists
//! what is wrong as typed findings for the screen and the log. It never stops a call: the plan carries its
//! INVITE parts whatever the findings say.

use crate::address_match::same_dispatch_address;
use crate::did::{E911Did, E911Status};
use locus_location::civic::CivicAddress;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One thing wrong with the emergency caller ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LintFinding {
    /// The account has no E911 DID: the call carries the account's own caller ID, which the carrier cannot
    /// locate.
    NoE911Did,
    /// The caller ID is not exactly 10 digits, so the carrier's E911 lookup cannot match it.
    NotTenDigits {
        /// The caller ID that would be sent.
        caller_id: String,
    },
    /// The DID is not E911-active at the carrier.
    NotE911Active {
        /// The DID.
        did: String,
        /// Its status.
        status: E911Status,
    },
    /// Nobody recorded the address the carrier holds for the DID, so it cannot be compared with the location.
    RegisteredAddressUnknown {
        /// The DID.
        did: String,
    },
    /// The DID's registered address is not the current location: the PSAP would be sent elsewhere.
    RegisteredAddressDiffers {
        /// The DID.
        did: String,
    },
    /// There is no confirmed location to compare the DID's registered address with.
    NoConfirmedLocation,
}

impl LintFinding {
    /// One sentence for the screen and the log.
    pub fn message(&self) -> String {
        match self {
            LintFinding::NoE911Did => {
                "This account has no E911 number: 911 calls carry its ordinary caller ID, which the carrier cannot \
                 locate."
                    .to_owned()
            }
            LintFinding::NotTenDigits { caller_id } => {
                format!("The emergency caller ID \"{caller_id}\" is not exactly 10 digits.")
            }
            LintFinding::NotE911Active { did, status } => {
                format!("E911 is not active on {did} (status: {}).", status_name(*status))
            }
            LintFinding::RegisteredAddressUnknown { did } => {
                format!("The address the carrier holds for {did} is not known, so it cannot be checked.")
            }
            LintFinding::RegisteredAddressDiffers { did } => {
                format!("The carrier's address for {did} is not your current location.")
            }
            LintFinding::NoConfirmedLocation => {
                "Your location is not confirmed, so the caller ID's address cannot be checked.".to_owned()
            }
        }
    }
}

fn status_name(status: E911Status) -> &'static str {
    match status {
        E911Status::Active => "active",
        E911Status::Pending => "pending",
        E911Status::Inactive => "inactive",
        E911Status::Unknown => "unknown",
    }
}

/// The lint's verdict on a plan's caller ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallerIdLint {
    /// The caller ID checked (what From and P-Asserted-Identity carry).
    pub caller_id: String,
    /// What is wrong with it; empty when it is exactly right.
    pub findings: Vec<LintFinding>,
}

impl CallerIdLint {
    /// True when nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// True when `finding` is among the findings.
    pub fn has(&self, finding: &LintFinding) -> bool {
        self.findings.contains(finding)
    }
}

/// Lints `caller_id`, sent for `did` (`None`: the account has no E911 DID), against the confirmed `location`.
/// `check_address` is false when the location travels by value and the registered address does not route.
pub(crate) fn lint_caller_id(
    caller_id: &str,
    did: Option<&E911Did>,
    location: Option<&CivicAddress>,
    check_address: bool,
) -> CallerIdLint {
    let mut findings = Vec::new();
    if did.is_none() {
        findings.push(LintFinding::NoE911Did);
    }
    if caller_id.len() != 10 || !caller_id.chars().all(|c| c.is_ascii_digit()) {
        findings.push(LintFinding::NotTenDigits { caller_id: caller_id.to_owned() });
    }
    if let Some(did) = did {
        if !did.is_active() {
            findings.push(LintFinding::NotE911Active { did: caller_id.to_owned(), status: did.status });
        }
        if check_address {
            match (location, &did.registered_address) {
                (None, _) => findings.push(LintFinding::NoConfirmedLocation),
                (Some(_), None) => findings.push(LintFinding::RegisteredAddressUnknown { did: caller_id.to_owned() }),
                (Some(here), Some(registered)) if !same_dispatch_address(here, registered) => {
                    findings.push(LintFinding::RegisteredAddressDiffers { did: caller_id.to_owned() });
                }
                (Some(_), Some(_)) => {}
            }
        }
    }
    CallerIdLint { caller_id: caller_id.to_owned(), findings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_serialise_with_a_kind_tag_in_snake_case() {
        let finding = LintFinding::NotE911Active { did: "3125550100".into(), status: E911Status::Pending };
        let json = serde_json::to_value(&finding).expect("json");
        assert_eq!(json, serde_json::json!({"kind": "not_e911_active", "did": "3125550100", "status": "pending"}));
        assert_eq!(finding.message(), "E911 is not active on 3125550100 (status: pending).");
    }

    #[test]
    fn eleven_digits_or_a_plus_are_not_ten_digits() {
        for caller_id in ["13125550100", "+13125550100", "312555010", ""] {
            let lint = lint_caller_id(caller_id, None, None, true);
            assert!(lint.has(&LintFinding::NotTenDigits { caller_id: caller_id.into() }), "{caller_id}");
        }
    }
}
