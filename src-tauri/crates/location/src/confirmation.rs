//! The confirmation machine: from the matcher's resolution and what the user told us before, decide whether
//! the location is known, or the user must confirm where they are before E911 is armed (ARCHITECTURE.md §5).
//! Pure: time and every input are passed in.

use crate::matcher::{HowObtained, Resolution};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use ts_rs::TS;

/// Why the user is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmReason {
    /// This network has never been confirmed.
    UnknownNetwork,
    /// This network has no strong identifier (no gateway MAC, no BSSID): it cannot be remembered.
    Unidentifiable,
    /// The user confirmed this network longer ago than the policy allows.
    Stale,
    /// IT changed the map for this network since the user last confirmed it.
    ItMapChanged,
    /// Strong signals point at different locations.
    ConflictingSignals,
    /// The user said "I'm somewhere else".
    UserMoved,
    /// The user marked this network as moving with them (hotspot, travel router): always asked.
    MovingNetwork,
}

/// Where the machine stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LocationState {
    /// The location is known; E911 can be armed.
    Resolved {
        /// The location.
        location_id: String,
        /// How it was obtained.
        how_obtained: HowObtained,
    },
    /// The user must confirm before E911 is armed (911 still dials: S1).
    ConfirmRequired {
        /// Why.
        reason: ConfirmReason,
        /// Ask whether this network moves with the user (it looks like a phone hotspot).
        ask_if_moving: bool,
    },
    /// No network: calls cannot go out at all.
    NoNetwork,
}

/// What the user told us about one network before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalRecord {
    /// The confirmed location.
    pub location_id: String,
    /// When.
    pub confirmed_at: OffsetDateTime,
    /// The network moves with the user: never remembered as a place.
    pub moving_with_user: bool,
}

/// Managed policy that affects confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfirmPolicy {
    /// Ask again about a personal location after this long.
    pub reconfirm_after: Duration,
}

impl Default for ConfirmPolicy {
    fn default() -> Self {
        Self { reconfirm_after: Duration::days(90) }
    }
}

/// Everything the decision depends on.
#[derive(Debug, Clone)]
pub struct ConfirmInputs<'a> {
    /// Is there a network at all?
    pub has_network: bool,
    /// Can this network be remembered (has a fingerprint)?
    pub has_fingerprint: bool,
    /// The matcher's answer.
    pub resolution: &'a Resolution,
    /// The user's record for this network's fingerprint, if any.
    pub personal: Option<&'a PersonalRecord>,
    /// IT changed a rule touching this network after the user's last confirmation here.
    pub it_map_changed: bool,
    /// The user said "I'm somewhere else" on this network.
    pub user_moved: bool,
    /// The network's subnet is a common phone-hotspot range.
    pub looks_like_hotspot: bool,
    /// Now.
    pub now: OffsetDateTime,
    /// Policy.
    pub policy: ConfirmPolicy,
}

/// Decides the location state.
pub fn decide(inputs: &ConfirmInputs<'_>) -> LocationState {
    let ask = |reason| LocationState::ConfirmRequired { reason, ask_if_moving: inputs.looks_like_hotspot };
    if !inputs.has_network {
        return LocationState::NoNetwork;
    }
    if inputs.user_moved {
        return ask(ConfirmReason::UserMoved);
    }
    if inputs.resolution.conflict {
        return ask(ConfirmReason::ConflictingSignals);
    }
    if inputs.personal.is_some_and(|p| p.moving_with_user) {
        return LocationState::ConfirmRequired { reason: ConfirmReason::MovingNetwork, ask_if_moving: false };
    }
    let (Some(location_id), Some(how_obtained)) = (&inputs.resolution.location_id, inputs.resolution.how_obtained)
    else {
        return ask(if inputs.has_fingerprint { ConfirmReason::UnknownNetwork } else { ConfirmReason::Unidentifiable });
    };
    if inputs.it_map_changed && inputs.personal.is_some() {
        return ask(ConfirmReason::ItMapChanged);
    }
    if how_obtained != HowObtained::Wiremap {
        match inputs.personal {
            Some(record) if inputs.now - record.confirmed_at > inputs.policy.reconfirm_after => {
                return ask(ConfirmReason::Stale);
            }
            Some(_) => {}
            None => return ask(ConfirmReason::UnknownNetwork),
        }
    }
    LocationState::Resolved { location_id: location_id.clone(), how_obtained }
}

/// Subnets phones use for their hotspots: iPhone (172.20.10.0/28), Android (192.168.43.0/24), Windows mobile
/// hotspot (192.168.137.0/24).
pub fn looks_like_phone_hotspot(addr: std::net::Ipv4Addr) -> bool {
    let [a, b, c, d] = addr.octets();
    (a, b, c) == (172, 20, 10) && d < 16 || (a, b, c) == (192, 168, 43) || (a, b, c) == (192, 168, 137)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Confidence;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    fn resolution(location: Option<&str>, how: Option<HowObtained>) -> Resolution {
        Resolution {
            location_id: location.map(Into::into),
            evidence: vec![],
            confidence: if location.is_some() { Confidence::High } else { Confidence::Low },
            how_obtained: how,
            conflict: false,
        }
    }

    fn inputs<'a>(resolution: &'a Resolution, personal: Option<&'a PersonalRecord>) -> ConfirmInputs<'a> {
        ConfirmInputs {
            has_network: true,
            has_fingerprint: true,
            resolution,
            personal,
            it_map_changed: false,
            user_moved: false,
            looks_like_hotspot: false,
            now: NOW,
            policy: ConfirmPolicy::default(),
        }
    }

    fn record(days_ago: i64, moving: bool) -> PersonalRecord {
        PersonalRecord {
            location_id: "home".into(),
            confirmed_at: NOW - Duration::days(days_ago),
            moving_with_user: moving,
        }
    }

    #[test]
    fn an_unknown_network_asks() {
        let r = resolution(None, None);
        assert_eq!(
            decide(&inputs(&r, None)),
            LocationState::ConfirmRequired { reason: ConfirmReason::UnknownNetwork, ask_if_moving: false }
        );
    }

    #[test]
    fn a_network_without_strong_identifiers_is_unidentifiable() {
        let r = resolution(None, None);
        let mut i = inputs(&r, None);
        i.has_fingerprint = false;
        assert!(matches!(decide(&i), LocationState::ConfirmRequired { reason: ConfirmReason::Unidentifiable, .. }));
    }

    #[test]
    fn a_recently_confirmed_personal_network_resolves() {
        let r = resolution(Some("home"), Some(HowObtained::UserConfirmed));
        let p = record(3, false);
        assert_eq!(
            decide(&inputs(&r, Some(&p))),
            LocationState::Resolved { location_id: "home".into(), how_obtained: HowObtained::UserConfirmed }
        );
    }

    #[test]
    fn a_personal_network_older_than_the_policy_asks_again() {
        let r = resolution(Some("home"), Some(HowObtained::UserEntered));
        let p = record(91, false);
        assert!(matches!(
            decide(&inputs(&r, Some(&p))),
            LocationState::ConfirmRequired { reason: ConfirmReason::Stale, .. }
        ));
        let p = record(89, false);
        assert!(matches!(decide(&inputs(&r, Some(&p))), LocationState::Resolved { .. }));
    }

    #[test]
    fn a_wiremap_location_resolves_without_asking() {
        let r = resolution(Some("hq-3"), Some(HowObtained::Wiremap));
        assert!(matches!(decide(&inputs(&r, None)), LocationState::Resolved { .. }));
    }

    #[test]
    fn an_it_map_change_touching_a_confirmed_network_asks() {
        let r = resolution(Some("hq-3"), Some(HowObtained::Wiremap));
        let p = record(1, false);
        let mut i = inputs(&r, Some(&p));
        i.it_map_changed = true;
        assert!(matches!(decide(&i), LocationState::ConfirmRequired { reason: ConfirmReason::ItMapChanged, .. }));
    }

    #[test]
    fn conflicts_and_the_user_saying_elsewhere_ask() {
        let mut r = resolution(Some("hq-3"), Some(HowObtained::Wiremap));
        r.conflict = true;
        assert!(matches!(
            decide(&inputs(&r, None)),
            LocationState::ConfirmRequired { reason: ConfirmReason::ConflictingSignals, .. }
        ));
        let r = resolution(Some("hq-3"), Some(HowObtained::Wiremap));
        let mut i = inputs(&r, None);
        i.user_moved = true;
        assert!(matches!(decide(&i), LocationState::ConfirmRequired { reason: ConfirmReason::UserMoved, .. }));
    }

    #[test]
    fn a_network_moving_with_the_user_always_asks() {
        let r = resolution(Some("home"), Some(HowObtained::UserConfirmed));
        let p = record(0, true);
        assert!(matches!(
            decide(&inputs(&r, Some(&p))),
            LocationState::ConfirmRequired { reason: ConfirmReason::MovingNetwork, .. }
        ));
    }

    #[test]
    fn no_network_is_its_own_state() {
        let r = resolution(None, None);
        let mut i = inputs(&r, None);
        i.has_network = false;
        assert_eq!(decide(&i), LocationState::NoNetwork);
    }

    #[test]
    fn hotspot_subnets_prompt_the_moving_question() {
        assert!(looks_like_phone_hotspot("172.20.10.3".parse().expect("ip")));
        assert!(!looks_like_phone_hotspot("172.20.10.17".parse().expect("ip")));
        assert!(looks_like_phone_hotspot("192.168.43.20".parse().expect("ip")));
        assert!(!looks_like_phone_hotspot("192.168.1.20".parse().expect("ip")));
        let r = resolution(None, None);
        let mut i = inputs(&r, None);
        i.looks_like_hotspot = true;
        assert_eq!(
            decide(&i),
            LocationState::ConfirmRequired { reason: ConfirmReason::UnknownNetwork, ask_if_moving: true }
        );
    }
}
