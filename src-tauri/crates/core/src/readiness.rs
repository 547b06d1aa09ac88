//! E911 readiness as the window and the tray show it. The type is the emergency crate's (one colour, the most
//! serious reason code, a sentence, the outage warning when red); this module computes it when no emergency
//! plan exists because no calling account is set up: red `no_account` (911 cannot leave from Locus at all),
//! with the network and location reasons behind it. Pure.

pub use locus_emergency::{Readiness, ReadinessLevel, ReadinessReason};

/// Readiness without a calling account: red `no_account`, then whatever else applies.
pub fn assess_readiness(has_network: bool, location_confirmed: bool) -> Readiness {
    let mut reasons = vec![ReadinessReason::NoAccount];
    if !has_network {
        reasons.push(ReadinessReason::NoNetwork);
    }
    if !location_confirmed {
        reasons.push(ReadinessReason::LocationNotConfirmed);
    }
    Readiness::from_reasons(reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_network_is_red_whatever_else_is_true() {
        assert_eq!(assess_readiness(false, true).level, ReadinessLevel::Red);
        assert_eq!(assess_readiness(false, false).reason, ReadinessReason::NoNetwork);
        assert!(assess_readiness(false, true).warning.is_some(), "red carries the outage warning");
    }

    #[test]
    fn without_an_account_it_is_red_with_the_outage_warning_even_where_the_location_is_known() {
        let readiness = assess_readiness(true, true);
        assert_eq!((readiness.level, readiness.reason), (ReadinessLevel::Red, ReadinessReason::NoAccount));
        assert!(readiness.summary.contains("use another phone for 911"), "{}", readiness.summary);
        assert!(readiness.warning.is_some());
        assert!(readiness.also.is_empty(), "{:?}", readiness.also);
    }

    #[test]
    fn an_unconfirmed_location_is_listed_behind_the_missing_account() {
        let readiness = assess_readiness(true, false);
        assert_eq!(readiness.reason, ReadinessReason::NoAccount);
        assert_eq!(readiness.also, [ReadinessReason::LocationNotConfirmed]);
    }
}
