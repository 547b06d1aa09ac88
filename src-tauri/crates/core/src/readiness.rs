//! E911 readiness: one colour and one reason code, computed from plain inputs (pure; no I/O, no clock).
//! Later work adds registration, E911 DID and carrier state to the inputs; the shape stays.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Traffic-light level shown in the window and the tray.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessLevel {
    /// E911 is armed: a 911 call would carry a dispatchable location and the right callback number.
    Green,
    /// 911 dials, but the PSAP may not get the right location: the user should act.
    Amber,
    /// 911 from this app is unlikely to work: use another phone.
    Red,
}

/// Why readiness is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessReason {
    /// Everything needed is in place.
    Armed,
    /// There is no network (no default route): calls cannot go out.
    NoNetwork,
    /// The network is up but the user has not confirmed where they are.
    LocationNotConfirmed,
}

/// The readiness shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Readiness {
    /// Colour.
    pub level: ReadinessLevel,
    /// Stable reason code.
    pub reason: ReadinessReason,
    /// One sentence for people, also used as the tray tooltip.
    pub summary: String,
}

/// Computes readiness from what is known.
pub fn assess_readiness(has_network: bool, location_confirmed: bool) -> Readiness {
    let (level, reason, summary) = match (has_network, location_confirmed) {
        (false, _) => (
            ReadinessLevel::Red,
            ReadinessReason::NoNetwork,
            "E911 unavailable — no network. Use another phone for 911.",
        ),
        (true, false) => {
            (ReadinessLevel::Amber, ReadinessReason::LocationNotConfirmed, "E911 not armed — confirm your location")
        }
        (true, true) => (ReadinessLevel::Green, ReadinessReason::Armed, "E911 location confirmed"),
    };
    Readiness { level, reason, summary: summary.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_network_is_red_whatever_else_is_true() {
        assert_eq!(assess_readiness(false, true).level, ReadinessLevel::Red);
        assert_eq!(assess_readiness(false, false).reason, ReadinessReason::NoNetwork);
    }

    #[test]
    fn an_unconfirmed_location_is_amber_and_says_so() {
        let readiness = assess_readiness(true, false);
        assert_eq!(readiness.level, ReadinessLevel::Amber);
        assert_eq!(readiness.summary, "E911 not armed — confirm your location");
    }

    #[test]
    fn a_confirmed_location_on_a_network_is_green() {
        assert_eq!(assess_readiness(true, true).reason, ReadinessReason::Armed);
    }
}
