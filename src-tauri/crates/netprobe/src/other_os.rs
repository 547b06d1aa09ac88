//! The collector for macOS and Windows until their native readers land: interfaces and the default gateway
//! (IP and MAC) from netdev, which uses the routing socket on macOS and IP Helper on Windows. Wi-Fi is reported
//! `unsupported` here; CoreWLAN and the WLAN API readers are tracked in the fingerprint issue.

use crate::interfaces::{format_mac, read_interfaces};
use crate::routes::{Neighbour, analyse};
use crate::snapshot::{DefaultRoute, NetworkSnapshot, RouteCoverage, WifiInfo};
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
        Ok(NetworkSnapshot {
            interfaces,
            default_routes: analysis.default_routes,
            default_gateway: analysis.default_gateway,
            underlay: analysis.underlay,
            vpn: analysis.vpn,
            wifi: WifiInfo::default(),
            dns_search: Vec::new(),
            fingerprint_id: None,
        })
    }
}
