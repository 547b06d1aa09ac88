//! Interface kinds from `/sys/class/net/<name>`: Wi-Fi (`wireless`/`phy80211`), tunnels (`tun_flags`, ARP
//! hardware types for none/ppp/GRE/IPIP/SIT), and software-only links (no `device` behind an Ethernet type).

use crate::snapshot::InterfaceKind;
use std::path::Path;

/// What sysfs says about one interface.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SysfsFacts {
    /// ARP hardware type (`type` file).
    pub arp_type: Option<u32>,
    /// Has `wireless` or `phy80211`.
    pub wireless: bool,
    /// Has `tun_flags` (tun/tap).
    pub tun: bool,
    /// Has a `device` link (real hardware behind it).
    pub has_device: bool,
}

/// Reads the facts for `name` under `root` (normally `/sys/class/net`).
pub fn read_facts(root: &Path, name: &str) -> Option<SysfsFacts> {
    let dir = root.join(name);
    if !dir.exists() {
        return None;
    }
    Some(SysfsFacts {
        arp_type: std::fs::read_to_string(dir.join("type")).ok().and_then(|t| t.trim().parse().ok()),
        wireless: dir.join("wireless").exists() || dir.join("phy80211").exists(),
        tun: dir.join("tun_flags").exists(),
        has_device: dir.join("device").exists(),
    })
}

/// The kind these facts imply.
pub fn classify(facts: SysfsFacts) -> InterfaceKind {
    const ETHER: u32 = 1;
    const PPP: u32 = 512;
    const TUNNEL: u32 = 768;
    const TUNNEL6: u32 = 769;
    const SIT: u32 = 776;
    const IPGRE: u32 = 778;
    const LOOPBACK: u32 = 772;
    const NONE: u32 = 65534;
    if facts.wireless {
        return InterfaceKind::Wifi;
    }
    if facts.tun {
        return InterfaceKind::Tunnel;
    }
    match facts.arp_type {
        Some(LOOPBACK) => InterfaceKind::Loopback,
        Some(PPP | TUNNEL | TUNNEL6 | SIT | IPGRE | NONE) => InterfaceKind::Tunnel,
        Some(ETHER) if facts.has_device => InterfaceKind::Wired,
        Some(ETHER) => InterfaceKind::Virtual,
        _ => InterfaceKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_sysfs_facts() {
        let ether = SysfsFacts { arp_type: Some(1), has_device: true, ..Default::default() };
        assert_eq!(classify(ether), InterfaceKind::Wired);
        assert_eq!(classify(SysfsFacts { has_device: false, ..ether }), InterfaceKind::Virtual);
        assert_eq!(classify(SysfsFacts { wireless: true, ..ether }), InterfaceKind::Wifi);
        assert_eq!(classify(SysfsFacts { arp_type: Some(65534), ..Default::default() }), InterfaceKind::Tunnel);
        assert_eq!(classify(SysfsFacts { tun: true, ..ether }), InterfaceKind::Tunnel);
        assert_eq!(classify(SysfsFacts { arp_type: Some(512), ..Default::default() }), InterfaceKind::Tunnel);
        assert_eq!(classify(SysfsFacts { arp_type: Some(772), ..Default::default() }), InterfaceKind::Loopback);
    }

    #[test]
    fn facts_are_read_from_a_sysfs_like_tree() {
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(root.path().join("wlan0/wireless")).expect("mkdir");
        std::fs::write(root.path().join("wlan0/type"), "1\n").expect("write");
        let facts = read_facts(root.path(), "wlan0").expect("facts");
        assert_eq!(classify(facts), InterfaceKind::Wifi);
        assert_eq!(read_facts(root.path(), "nope"), None);
    }
}
