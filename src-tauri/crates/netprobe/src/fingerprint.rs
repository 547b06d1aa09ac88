//! Network fingerprints. `fingerprint_id` is a keyed hash (HMAC-SHA256 with a per-install secret) of the
//! strong identifiers of the physical network, so personal records can remember "this network" without
//! storing raw MACs or BSSIDs, and the id is useless to anyone without this install's key.
//! `MaterialKey` is what must change for `NetworkChanged` to fire (not signal strength, not IPv6 privacy
//! address rotation). Pure; no I/O.

use crate::snapshot::{NetworkSnapshot, VpnMode};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The identifiers the fingerprint id is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrongIdentifiers {
    /// Physical gateway MAC (the router), when known.
    pub gateway_mac: Option<String>,
    /// IPv4 network of the physical interface, e.g. `192.168.1.0/24`.
    pub subnet: Option<String>,
    /// BSSID, used only when no gateway MAC is known (roaming between access points of one network keeps the
    /// gateway MAC; the BSSID still reaches the matcher through the snapshot).
    pub bssid: Option<String>,
}

impl StrongIdentifiers {
    /// Extracts them from a snapshot's underlay and Wi-Fi.
    pub fn of(snapshot: &NetworkSnapshot) -> Self {
        let underlay = snapshot.underlay.as_ref();
        let gateway_mac = underlay.and_then(|u| u.gateway.mac.clone());
        let subnet = underlay.and_then(|u| u.addrs.iter().find_map(|a| ipv4_network(a)));
        let bssid = if gateway_mac.is_none() { snapshot.wifi.bssid.clone() } else { None };
        Self { gateway_mac, subnet, bssid }
    }

    /// True when nothing strong is known: such a network gets no fingerprint and is always asked about.
    pub fn is_empty(&self) -> bool {
        self.gateway_mac.is_none() && self.bssid.is_none()
    }
}

/// HMAC-SHA256 of the strong identifiers under `key`, as 32 hex characters; `None` when there are none.
pub fn fingerprint_id(key: &[u8], ids: &StrongIdentifiers) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).ok()?;
    for (name, value) in [("gateway_mac", &ids.gateway_mac), ("subnet", &ids.subnet), ("bssid", &ids.bssid)] {
        let value = value.as_deref().unwrap_or("");
        mac.update(format!("{name}={}:{value};", value.len()).as_bytes());
    }
    let digest = mac.finalize().into_bytes();
    Some(hex::encode(&digest[..16]))
}

/// The parts of a snapshot whose change is a material network change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialKey {
    has_network: bool,
    underlay_gateway: Option<(String, Option<String>)>,
    default_gateway: Option<(String, Option<String>)>,
    ipv4_networks: Vec<String>,
    ssid: Option<String>,
    bssid: Option<String>,
    vpn: (bool, Option<String>, VpnMode),
}

impl MaterialKey {
    /// The material parts of `snapshot`.
    pub fn of(snapshot: &NetworkSnapshot) -> Self {
        let mut ipv4_networks: Vec<String> = snapshot
            .interfaces
            .iter()
            .filter(|i| i.kind.is_physical_candidate() && i.is_up)
            .flat_map(|i| i.addrs.iter().filter_map(|a| ipv4_network(a).map(|n| format!("{}:{n}", i.name))))
            .collect();
        ipv4_networks.sort();
        Self {
            has_network: snapshot.has_network(),
            underlay_gateway: snapshot.underlay.as_ref().map(|u| (u.gateway.ip.clone(), u.gateway.mac.clone())),
            default_gateway: snapshot.default_gateway.as_ref().map(|g| (g.ip.clone(), g.mac.clone())),
            ipv4_networks,
            ssid: snapshot.wifi.ssid.clone(),
            bssid: snapshot.wifi.bssid.clone(),
            vpn: (snapshot.vpn.active, snapshot.vpn.interface.clone(), snapshot.vpn.mode),
        }
    }
}

/// `192.168.1.20/24` → `192.168.1.0/24`; `None` for IPv6 or malformed input.
pub fn ipv4_network(cidr: &str) -> Option<String> {
    let (addr, prefix) = cidr.split_once('/')?;
    let addr: std::net::Ipv4Addr = addr.parse().ok()?;
    let prefix: u32 = prefix.parse().ok().filter(|p| *p <= 32)?;
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    Some(format!("{}/{prefix}", std::net::Ipv4Addr::from(u32::from(addr) & mask)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{DefaultGateway, InterfaceKind, Underlay};

    fn with_underlay(mac: Option<&str>, addr: &str) -> NetworkSnapshot {
        NetworkSnapshot {
            underlay: Some(Underlay {
                interface: "eth0".into(),
                kind: InterfaceKind::Wired,
                gateway: DefaultGateway {
                    ip: "192.168.1.1".into(),
                    mac: mac.map(Into::into),
                    interface: "eth0".into(),
                },
                addrs: vec![addr.into()],
            }),
            ..NetworkSnapshot::default()
        }
    }

    #[test]
    fn the_id_is_stable_for_the_same_network_and_key() {
        let a = StrongIdentifiers::of(&with_underlay(Some("aa:bb:cc:00:00:01"), "192.168.1.20/24"));
        let b = StrongIdentifiers::of(&with_underlay(Some("aa:bb:cc:00:00:01"), "192.168.1.77/24"));
        assert_eq!(fingerprint_id(b"k", &a), fingerprint_id(b"k", &b), "a new DHCP lease is the same network");
    }

    #[test]
    fn the_id_differs_by_router_and_by_key_and_never_contains_the_mac() {
        let a = StrongIdentifiers::of(&with_underlay(Some("aa:bb:cc:00:00:01"), "192.168.1.20/24"));
        let b = StrongIdentifiers::of(&with_underlay(Some("aa:bb:cc:00:00:02"), "192.168.1.20/24"));
        let id = fingerprint_id(b"k", &a).expect("id");
        assert_ne!(Some(id.clone()), fingerprint_id(b"k", &b));
        assert_ne!(Some(id.clone()), fingerprint_id(b"other install", &a));
        assert!(!id.contains("aabbcc") && id.len() == 32, "{id}");
    }

    #[test]
    fn no_strong_identifier_means_no_fingerprint() {
        assert_eq!(fingerprint_id(b"k", &StrongIdentifiers::of(&with_underlay(None, "192.168.1.20/24"))), None);
    }

    #[test]
    fn signal_strength_is_not_a_material_change_but_a_new_bssid_is() {
        let mut a = with_underlay(Some("aa:bb:cc:00:00:01"), "192.168.1.20/24");
        a.wifi.bssid = Some("11:22:33:44:55:66".into());
        let mut b = a.clone();
        b.wifi.signal_dbm = Some(-70);
        assert_eq!(MaterialKey::of(&a), MaterialKey::of(&b));
        b.wifi.bssid = Some("11:22:33:44:55:67".into());
        assert_ne!(MaterialKey::of(&a), MaterialKey::of(&b));
    }

    #[test]
    fn ipv4_networks_are_masked() {
        assert_eq!(ipv4_network("10.200.7.2/24").as_deref(), Some("10.200.7.0/24"));
        assert_eq!(ipv4_network("172.20.10.5/28").as_deref(), Some("172.20.10.0/28"));
        assert_eq!(ipv4_network("fe80::1/64"), None);
    }
}
