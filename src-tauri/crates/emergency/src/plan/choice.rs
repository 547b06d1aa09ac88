//! Which caller ID an emergency call carries (S3): with a DID pool, the E911 DID registered at the confirmed
//! location; otherwise — or when no DID is registered there — the account's default E911 DID; with no DID at
//! all, the account's own caller ID. Numbers are sent as the carrier looks them up (10 digits for NANP).

use super::DidChoice;
use crate::address_match::same_dispatch_address;
use crate::did::{E911Did, E911Settings, E911Status, EmergencyStrategy, nanp_number};
use crate::phone_text::dial_string;
use locus_location::civic::CivicAddress;

/// The DID to send (if any), how it was chosen, and the caller ID it gives.
pub(super) struct CallerChoice<'a> {
    pub(super) did: Option<&'a E911Did>,
    pub(super) how: DidChoice,
    pub(super) caller_id: String,
}

/// Chooses the caller ID for `settings` at the confirmed location `here`.
pub(super) fn choose_caller<'a>(
    settings: &'a E911Settings,
    here: Option<&CivicAddress>,
    account_caller_id: &str,
    sip_user: &str,
) -> CallerChoice<'a> {
    let registered_here = here
        .filter(|_| settings.strategy == EmergencyStrategy::DidPool)
        .and_then(|here| did_registered_at(settings, here));
    let (did, how) = match (registered_here, settings.default_e911_did()) {
        (Some(did), _) => (Some(did), DidChoice::RegisteredHere),
        (None, Some(did)) => (Some(did), DidChoice::AccountDefault),
        (None, None) => (None, DidChoice::NoDid),
    };
    let caller_id = match did {
        Some(did) => as_sent(&did.number),
        None if !account_caller_id.trim().is_empty() => as_sent(account_caller_id),
        None => sip_user.trim().to_owned(),
    };
    CallerChoice { did, how, caller_id }
}

/// The usable DID registered at `here`: active ones first, then the default, then list order.
fn did_registered_at<'a>(settings: &'a E911Settings, here: &CivicAddress) -> Option<&'a E911Did> {
    let default = settings.default_e911_did().map(|did| did.number.as_str());
    settings
        .dids
        .iter()
        .filter(|did| did.status != E911Status::Inactive)
        .filter(|did| did.registered_address.as_ref().is_some_and(|registered| same_dispatch_address(here, registered)))
        .min_by_key(|did| (!did.is_active(), Some(did.number.as_str()) != default))
}

/// A number as the carrier matches it: 10 digits for NANP (`+1 312 555 0100` → `3125550100`), other numbers
/// without separators or `+`, anything else trimmed.
fn as_sent(number: &str) -> String {
    nanp_number(number)
        .ok()
        .or_else(|| dial_string(number).map(|digits| digits.trim_start_matches('+').to_owned()))
        .unwrap_or_else(|| number.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_sent_as_the_carrier_matches_them() {
        assert_eq!(as_sent("+1 (312) 555-0100"), "3125550100");
        assert_eq!(as_sent("+44 20 7946 0958"), "442079460958");
        assert_eq!(as_sent(" alice "), "alice");
    }
}
