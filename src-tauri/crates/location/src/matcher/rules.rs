//! Network rules: an identifier the network can show (BSSID, BSSID wildcard, switch chassis and port, gateway
//! MAC, subnet, SSID on a subnet, or a personal network fingerprint) mapped to a location, with where the rule
//! came from. Subnet and SSID rules are weak: every home is 192.168.1.0/24 and SSIDs repeat, so they only count
//! behind a trusted public IP (invariant S2).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a rule matches on, strongest first (the matcher's precedence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// One access point: `a4:c3:f0:11:22:33`.
    Bssid,
    /// Access points sharing a prefix: `a4:c3:f0:11:22:3*` (multi-band and mesh radios).
    BssidPrefix,
    /// A wired switch port: `chassis-id|port-id` (LLDP).
    SwitchPort,
    /// A wired switch: `chassis-id`.
    Switch,
    /// The router's MAC, optionally with its subnet: `02:00:5e:aa:bb:cc` or `02:00:5e:aa:bb:cc|10.1.2.0/24`.
    GatewayMac,
    /// A personal network remembered by its keyed fingerprint id (no raw identifiers stored).
    Fingerprint,
    /// An IPv4 subnet: `10.1.2.0/24`. Needs a trusted public IP.
    Subnet,
    /// An SSID on a subnet: `Corp WiFi|10.1.2.0/24`. Needs a trusted public IP.
    Ssid,
}

impl RuleKind {
    /// True for kinds that only count when the public IP is trusted (S2).
    pub fn needs_trust_gate(self) -> bool {
        matches!(self, RuleKind::Subnet | RuleKind::Ssid)
    }

    /// True for identifiers strong enough to locate on their own; a disagreement between two of these is a
    /// conflict that must be confirmed by the user.
    pub fn is_strong(self) -> bool {
        !self.needs_trust_gate()
    }
}

/// Where a rule came from. IT map rules outrank personal ones for the same identifier, unless the user confirmed
/// the network after IT last changed it (`matcher::Precedence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleSource {
    /// Pushed by IT in a signed map.
    ItMap,
    /// Remembered from the user's own confirmation.
    Personal,
}

/// How the location behind a rule was obtained; it decides routing and is recorded with every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HowObtained {
    /// From IT's wiremap.
    Wiremap,
    /// The user picked an existing location (suggested or recent) for this network.
    UserConfirmed,
    /// The user typed a new address for this network.
    UserEntered,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NetworkRule {
    /// What it matches on.
    pub kind: RuleKind,
    /// The identifier in the kind's format.
    pub value: String,
    /// The location it points at.
    pub location_id: String,
    /// Who made it.
    pub source: RuleSource,
    /// How its location was obtained.
    pub how_obtained: HowObtained,
}

impl NetworkRule {
    /// A rule from IT's map: `kind` `value` points at `location_id`, a wiremap location.
    pub fn from_it_map(kind: RuleKind, value: impl Into<String>, location_id: impl Into<String>) -> Self {
        Self {
            kind,
            value: value.into(),
            location_id: location_id.into(),
            source: RuleSource::ItMap,
            how_obtained: HowObtained::Wiremap,
        }
    }
}

impl RuleKind {
    /// The stored name (`bssid`, `bssid_prefix`, …), as serde writes it.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Bssid => "bssid",
            RuleKind::BssidPrefix => "bssid_prefix",
            RuleKind::SwitchPort => "switch_port",
            RuleKind::Switch => "switch",
            RuleKind::GatewayMac => "gateway_mac",
            RuleKind::Fingerprint => "fingerprint",
            RuleKind::Subnet => "subnet",
            RuleKind::Ssid => "ssid",
        }
    }

    /// The kind with this stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "bssid" => RuleKind::Bssid,
            "bssid_prefix" => RuleKind::BssidPrefix,
            "switch_port" => RuleKind::SwitchPort,
            "switch" => RuleKind::Switch,
            "gateway_mac" => RuleKind::GatewayMac,
            "fingerprint" => RuleKind::Fingerprint,
            "subnet" => RuleKind::Subnet,
            "ssid" => RuleKind::Ssid,
            _ => return None,
        })
    }
}

impl RuleSource {
    /// The stored name (`it_map`, `personal`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "it_map" => Some(RuleSource::ItMap),
            "personal" => Some(RuleSource::Personal),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_match_the_serde_names() {
        for kind in [
            RuleKind::Bssid,
            RuleKind::BssidPrefix,
            RuleKind::SwitchPort,
            RuleKind::Switch,
            RuleKind::GatewayMac,
            RuleKind::Fingerprint,
            RuleKind::Subnet,
            RuleKind::Ssid,
        ] {
            let name = serde_json::to_value(kind).expect("serde");
            assert_eq!(name.as_str(), Some(kind.name()));
            assert_eq!(RuleKind::from_name(kind.name()), Some(kind));
        }
        for source in [RuleSource::ItMap, RuleSource::Personal] {
            let name = serde_json::to_value(source).expect("serde");
            assert_eq!(RuleSource::from_name(name.as_str().expect("str")), Some(source));
        }
    }
}
