//! E911 readiness as the window and the tray show it. The type is the emergency crate's (one colour, the most
//! serious reason code, a sentence, the outage warning when red); this module computes it for the moments
//! before an emergency plan exists (no account yet) from the network and location alone. Pure.

pub use locus_emergency::{Readiness, ReadinessLevel, ReadinessReason};

/// Readiness from the network and the location alone, for when no emergency plan exists yet.
pub fn assess_readiness(has_network: bool, location_confirmed: bool) -> Readiness {
    let mut reasons = Vec::new();
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
    fn an_unconfirmed_location_is_amber_and_says_so() {
        let readiness = assess_readiness(true, false);
        assert_eq!(readiness.level, ReadinessLevel::Amber);
        assert!(readiness.summary.starts_with("E911 not armed — confirm your location"), "{}", readiness.summary);
    }

    #[test]
    fn a_confirmed_location_on_a_network_is_green() {
        assert_eq!(assess_readiness(true, true).reason, ReadinessReason::Armed);
    }
}
