//! The collector for macOS and Windows (and any other non-Linux OS): interfaces and the default gateway (IP and
//! MAC) from netdev, which uses the routing socket on macOS and IP Helper on Windows; Wi-Fi from CoreWLAN on macOS
//! (`crate::macos`) and the WLAN API on Windows (`crate::windows`), `unsupported` elsewhere. The Wi-Fi readers are
//! compile-checked on Linux CI and their mappings unit-tested there; not yet verified on hardware.

use crate::interfaces::{format_mac, read_interfaces};
use crate::routes::{Neighbour, analyse};
use crate::snapshot::{DefaultRoute, InterfaceKind, NetworkSnapshot, RouteCoverage, WifiInfo};
use crate::{NetprobeError, SnapshotSource};

/// Takes snapshots through netdev only.
#[derive(Debug, Default, Clone, Copy)]
pub struct NetdevSource;

impl SnapshotSource for NetdevSource {
    fn snapshot(&self) -> Result<NetworkSnapshot, NetprobeError> {
        let interfaces = read_interfaces();
        let mut routes = Vec::new();
        let mut neighbours = Vec::new();
        if let Ok(iface) = netdev::get_default_interface()
            && let Some(gateway) = iface.gateway.as_ref()
        {
            let ip =
                gateway.ipv4.first().map(ToString::to_string).or_else(|| gateway.ipv6.first().map(ToString::to_string));
            if let Some(mac) = format_mac(&gateway.mac_addr.octets())
                && let Some(ip) = ip.clone()
            {
                neighbours.push(Neighbour { ip, mac, interface: iface.name.clone() });
            }
            routes.push(DefaultRoute {
                interface: iface.name.clone(),
                gateway: ip,
                metric: 0,
                coverage: RouteCoverage::Default,
            });
        }
        let analysis = analyse(&interfaces, &routes, &neighbours);
        let preferred =
            analysis.underlay.as_ref().filter(|u| u.kind == InterfaceKind::Wifi).map(|u| u.interface.as_str());
        let wifi = read_wifi(preferred);
        Ok(NetworkSnapshot::assemble(interfaces, analysis, wifi, Vec::new()))
    }
}

/// Wi-Fi of `preferred` (the underlay, when it is Wi-Fi) or of the OS's default Wi-Fi interface.
#[cfg(target_os = "macos")]
fn read_wifi(preferred: Option<&str>) -> WifiInfo {
    crate::macos::read_wifi(preferred)
}

/// Wi-Fi of `preferred` (the underlay, when it is Wi-Fi) or of the first connected wireless interface.
#[cfg(windows)]
fn read_wifi(preferred: Option<&str>) -> WifiInfo {
    crate::windows::read_wifi(preferred)
}

/// No Wi-Fi reader for this OS.
#[cfg(not(any(target_os = "macos", windows)))]
fn read_wifi(_preferred: Option<&str>) -> WifiInfo {
    WifiInfo::default()
}
