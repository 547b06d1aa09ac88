//! Turning a network snapshot into a location: builds the matcher's `Observation` from the snapshot, runs the
//! matcher and the confirmation machine, and packages the answer as a `LocateReport` for the UI, `locusctl`
//! and the audit log. Pure apart from the inputs it is given.

use locus_location::civic::CivicAddress;
use locus_location::confirmation::{
    ConfirmInputs, ConfirmPolicy, LocationState, PersonalRecord, decide, looks_like_phone_hotspot,
};
use locus_location::matcher::{
    Cidr, Confidence, Evidence, HowObtained, Observation, Precedence, Resolution, RuleIndex, resolve_with,
};
use locus_location::{Location, PlaceChoice};
use locus_netprobe::NetworkSnapshot;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

/// Where the laptop is, how sure Locus is, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocateReport {
    /// `resolved`, `confirm_required` (with `reason` and `ask_if_moving`) or `no_network`.
    #[serde(flatten)]
    pub state: LocationState,
    /// The location in force (resolved), or the one the matcher suggests (confirm required).
    pub location: Option<Location>,
    /// Every rule that matched and what was done with it.
    pub evidence: Vec<Evidence>,
    /// How sure the matcher is.
    pub confidence: Confidence,
    /// How the location was obtained.
    pub how_obtained: Option<HowObtained>,
    /// The network's keyed fingerprint id.
    pub fingerprint_id: Option<String>,
    /// Places to offer when asking: recent personal places, then IT sites.
    pub suggestions: Vec<Location>,
}

impl LocateReport {
    /// True when E911 may be armed with this location.
    pub fn is_resolved(&self) -> bool {
        matches!(self.state, LocationState::Resolved { .. })
    }
}

/// The answer the user gives to a confirmation request (IPC and `locusctl confirm`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConfirmRequest {
    /// An existing place or a new address.
    pub choice: PlaceChoice,
    /// This network moves with the user (hotspot, travel router): ask every time.
    #[serde(default)]
    pub moving_with_user: bool,
}

/// A personal location edit (IPC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocationEdit {
    /// Which location.
    pub location_id: String,
    /// New label.
    pub label: String,
    /// New address.
    pub address: CivicAddress,
}

/// What the matcher sees of a snapshot: the physical underlay's identifiers, never the tunnel's, and no public IP
/// while a VPN is up.
pub fn observation_from(snapshot: &NetworkSnapshot) -> Observation {
    let underlay = snapshot.underlay.as_ref();
    Observation {
        bssid: snapshot.wifi.bssid.clone(),
        ssid: snapshot.wifi.ssid.clone(),
        switch: None,
        gateway_mac: underlay.and_then(|u| u.gateway.mac.clone()),
        fingerprint_id: snapshot.fingerprint_id.clone(),
        ipv4_addrs: underlay
            .map(|u| u.addrs.iter().filter_map(|a| a.split('/').next()?.parse().ok()).collect())
            .unwrap_or_default(),
        // With a tunnel up, the public IP may be the tunnel's exit (the company's, often trusted) rather than this
        // network's: it never opens a trust gate then (E911-REFERENCE: "never trust-gate on a tunnel").
        public_ip: (!snapshot.vpn.active).then(|| snapshot.public_ip.as_deref()?.parse().ok()).flatten(),
    }
}

/// Everything the confirmation machine needs besides the snapshot and the resolution.
#[derive(Debug)]
pub struct LocateContext<'a> {
    /// The user's record for this network.
    pub personal: Option<&'a PersonalRecord>,
    /// The user said "I'm somewhere else" on this network.
    pub user_moved: bool,
    /// IT changed a location touching this network after the user last confirmed it.
    pub it_map_changed: bool,
    /// Policy.
    pub policy: ConfirmPolicy,
    /// Now.
    pub now: OffsetDateTime,
}

/// Runs the matcher; `precedence` decides between an IT rule and the user's answer for the same identifier.
pub fn match_network(
    snapshot: &NetworkSnapshot,
    index: &RuleIndex,
    trusted: &[Cidr],
    precedence: Precedence,
) -> Resolution {
    resolve_with(index, &observation_from(snapshot), trusted, precedence)
}

/// Runs the confirmation machine on a resolution.
pub fn decide_state(snapshot: &NetworkSnapshot, resolution: &Resolution, context: &LocateContext<'_>) -> LocationState {
    let observation = observation_from(snapshot);
    decide(&ConfirmInputs {
        has_network: snapshot.has_network(),
        has_fingerprint: snapshot.fingerprint_id.is_some(),
        resolution,
        personal: context.personal,
        it_map_changed: context.it_map_changed,
        user_moved: context.user_moved,
        looks_like_hotspot: observation.ipv4_addrs.iter().any(|a| looks_like_phone_hotspot(*a)),
        now: context.now,
        policy: context.policy,
    })
}
