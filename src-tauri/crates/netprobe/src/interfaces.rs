//! Interfaces from the `netdev` crate (all OSs): names, MACs, addresses with prefixes, up/down, and a first
//! guess at the kind from the OS type and well-known names. Per-OS modules refine the kind.

use crate::snapshot::{InterfaceInfo, InterfaceKind};
use netdev::Interface;
use netdev::prelude::InterfaceType;

/// Every interface, sorted by name.
pub(crate) fn read_interfaces() -> Vec<InterfaceInfo> {
    let mut interfaces: Vec<InterfaceInfo> = netdev::get_interfaces().iter().map(describe).collect();
    interfaces.sort_by(|a, b| a.name.cmp(&b.name));
    interfaces
}

fn describe(iface: &Interface) -> InterfaceInfo {
    let mut addrs: Vec<String> = iface.ipv4.iter().map(|n| n.to_string()).collect();
    addrs.extend(iface.ipv6.iter().map(|n| n.to_string()));
    InterfaceInfo {
        name: iface.name.clone(),
        kind: kind_of(iface),
        mac: iface.mac_addr.and_then(|m| format_mac(&m.octets())),
        addrs,
        is_up: iface.is_up(),
    }
}

fn kind_of(iface: &Interface) -> InterfaceKind {
    if iface.is_loopback() || iface.if_type == InterfaceType::Loopback {
        return InterfaceKind::Loopback;
    }
    if iface.if_type == InterfaceType::Wireless80211 {
        return InterfaceKind::Wifi;
    }
    if iface.is_tun() || iface.if_type == InterfaceType::Ppp || is_tunnel_name(&iface.name) {
        return InterfaceKind::Tunnel;
    }
    match iface.if_type {
        InterfaceType::Ethernet | InterfaceType::GigabitEthernet | InterfaceType::FastEthernetT => InterfaceKind::Wired,
        _ => InterfaceKind::Other,
    }
}

/// Names VPN software gives its interfaces on Linux, macOS and BSDs.
pub(crate) fn is_tunnel_name(name: &str) -> bool {
    ["tun", "tap", "wg", "ppp", "utun", "ipsec", "gpd", "cscotun", "nordlynx", "tailscale"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Lower-case colon form, or `None` for the all-zero address that means "unknown".
pub(crate) fn format_mac(octets: &[u8; 6]) -> Option<String> {
    if octets.iter().all(|b| *b == 0) {
        return None;
    }
    Some(octets.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_mac_means_unknown() {
        assert_eq!(format_mac(&[0; 6]), None);
    }

    #[test]
    fn mac_is_lower_case_with_colons() {
        assert_eq!(format_mac(&[0x02, 0x00, 0x5e, 0xAA, 0xbb, 0x0c]).as_deref(), Some("02:00:5e:aa:bb:0c"));
    }

    #[test]
    fn tunnel_names_are_recognised() {
        assert!(is_tunnel_name("wg0"));
        assert!(is_tunnel_name("utun3"));
        assert!(!is_tunnel_name("eth0"));
    }

    #[test]
    fn this_machine_has_a_loopback_interface() {
        assert!(read_interfaces().iter().any(|i| i.kind == InterfaceKind::Loopback));
    }
}
