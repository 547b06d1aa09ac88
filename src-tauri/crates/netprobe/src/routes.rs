//! Pure route and VPN analysis: given the interfaces, the default routes and the neighbour cache, decide
//! which gateway is in use, which physical network lies beneath any tunnel, and whether a VPN is full or split.
//! No I/O; the collectors feed it.

use crate::snapshot::{
    DefaultGateway, DefaultRoute, InterfaceInfo, InterfaceKind, RouteCoverage, Underlay, VpnMode, VpnState,
};

/// One neighbour-cache entry (IP → MAC on an interface).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    /// Neighbour IP.
    pub ip: String,
    /// Its MAC, lower-case colon form.
    pub mac: String,
    /// Interface it was seen on.
    pub interface: String,
}

/// The routing picture derived from routes and interfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingAnalysis {
    /// Default routes, the one in use first.
    pub default_routes: Vec<DefaultRoute>,
    /// The gateway of the route in use.
    pub default_gateway: Option<DefaultGateway>,
    /// The physical network beneath.
    pub underlay: Option<Underlay>,
    /// VPN state.
    pub vpn: VpnState,
}

/// Orders routes the way the kernel chooses: the half-default pair beats any `/0` (longer prefix), then the
/// lowest metric wins.
pub fn rank_routes(routes: &mut [DefaultRoute]) {
    routes.sort_by_key(|r| (r.coverage != RouteCoverage::SplitHalves, r.metric));
}

/// Decides gateway in use, underlay and VPN state.
pub fn analyse(interfaces: &[InterfaceInfo], routes: &[DefaultRoute], neighbours: &[Neighbour]) -> RoutingAnalysis {
    let mut ranked = routes.to_vec();
    rank_routes(&mut ranked);
    let kind_of = |name: &str| interfaces.iter().find(|i| i.name == name).map(|i| i.kind);
    let mac_of = |ip: &str, interface: &str| {
        neighbours.iter().find(|n| n.ip == ip && n.interface == interface).map(|n| n.mac.clone())
    };
    let gateway_for = |route: &DefaultRoute| {
        route.gateway.as_ref().map(|ip| DefaultGateway {
            ip: ip.clone(),
            mac: mac_of(ip, &route.interface),
            interface: route.interface.clone(),
        })
    };

    let in_use = ranked.first();
    let default_gateway = in_use.and_then(gateway_for);

    let underlay = ranked
        .iter()
        .filter(|r| r.coverage == RouteCoverage::Default)
        .filter(|r| kind_of(&r.interface).is_some_and(InterfaceKind::is_physical_candidate))
        .find_map(|route| {
            let gateway = gateway_for(route)?;
            let iface = interfaces.iter().find(|i| i.name == route.interface)?;
            Some(Underlay { interface: iface.name.clone(), kind: iface.kind, gateway, addrs: iface.addrs.clone() })
        });

    let tunnel = interfaces
        .iter()
        .find(|i| i.kind == InterfaceKind::Tunnel && i.is_up && i.addrs.iter().any(|a| !is_link_local(a)));
    let vpn = match tunnel {
        None => VpnState::default(),
        Some(tunnel) => {
            let carried_by_tunnel = in_use.is_some_and(|r| kind_of(&r.interface) == Some(InterfaceKind::Tunnel));
            VpnState {
                active: true,
                interface: Some(
                    in_use
                        .filter(|_| carried_by_tunnel)
                        .map(|r| r.interface.clone())
                        .unwrap_or_else(|| tunnel.name.clone()),
                ),
                mode: if carried_by_tunnel { VpnMode::Full } else { VpnMode::Split },
            }
        }
    };
    RoutingAnalysis { default_routes: ranked, default_gateway, underlay, vpn }
}

fn is_link_local(cidr: &str) -> bool {
    cidr.starts_with("fe80:") || cidr.starts_with("169.254.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(name: &str, kind: InterfaceKind, addrs: &[&str]) -> InterfaceInfo {
        InterfaceInfo {
            name: name.into(),
            kind,
            mac: None,
            addrs: addrs.iter().map(|a| a.to_string()).collect(),
            is_up: true,
        }
    }

    fn route(interface: &str, gateway: Option<&str>, metric: u32, coverage: RouteCoverage) -> DefaultRoute {
        DefaultRoute { interface: interface.into(), gateway: gateway.map(Into::into), metric, coverage }
    }

    fn neighbour(ip: &str, mac: &str, interface: &str) -> Neighbour {
        Neighbour { ip: ip.into(), mac: mac.into(), interface: interface.into() }
    }

    #[test]
    fn plain_network_has_the_same_gateway_and_underlay_and_no_vpn() {
        let ifaces = [iface("eth0", InterfaceKind::Wired, &["192.168.1.20/24"])];
        let routes = [route("eth0", Some("192.168.1.1"), 100, RouteCoverage::Default)];
        let result = analyse(&ifaces, &routes, &[neighbour("192.168.1.1", "aa:bb:cc:dd:ee:ff", "eth0")]);
        let gateway = result.default_gateway.expect("gateway");
        assert_eq!(gateway.mac.as_deref(), Some("aa:bb:cc:dd:ee:ff"));
        assert_eq!(result.underlay.expect("underlay").gateway, gateway);
        assert_eq!(result.vpn, VpnState::default());
    }

    #[test]
    fn a_tunnel_holding_the_default_route_is_a_full_vpn_and_the_underlay_stays_physical() {
        let ifaces = [
            iface("wlan0", InterfaceKind::Wifi, &["10.0.0.5/24"]),
            iface("tun0", InterfaceKind::Tunnel, &["10.8.0.2/24"]),
        ];
        let routes = [
            route("wlan0", Some("10.0.0.1"), 600, RouteCoverage::Default),
            route("tun0", None, 50, RouteCoverage::Default),
        ];
        let result = analyse(&ifaces, &routes, &[neighbour("10.0.0.1", "02:00:00:00:00:01", "wlan0")]);
        assert_eq!(result.vpn.mode, VpnMode::Full);
        assert_eq!(result.vpn.interface.as_deref(), Some("tun0"));
        assert_eq!(result.default_gateway, None, "a point-to-point tunnel has no next hop");
        let underlay = result.underlay.expect("underlay");
        assert_eq!(underlay.interface, "wlan0");
        assert_eq!(underlay.gateway.mac.as_deref(), Some("02:00:00:00:00:01"));
    }

    #[test]
    fn half_default_routes_beat_a_lower_metric_default() {
        let ifaces = [
            iface("eth0", InterfaceKind::Wired, &["192.168.1.20/24"]),
            iface("tun0", InterfaceKind::Tunnel, &["10.8.0.2/24"]),
        ];
        let routes = [
            route("eth0", Some("192.168.1.1"), 0, RouteCoverage::Default),
            route("tun0", Some("10.8.0.1"), 1000, RouteCoverage::SplitHalves),
        ];
        let result = analyse(&ifaces, &routes, &[]);
        assert_eq!(result.vpn.mode, VpnMode::Full);
        assert_eq!(result.default_gateway.expect("gateway").ip, "10.8.0.1");
        assert_eq!(result.underlay.expect("underlay").interface, "eth0");
    }

    #[test]
    fn a_tunnel_without_the_default_route_is_a_split_vpn() {
        let ifaces = [
            iface("eth0", InterfaceKind::Wired, &["192.168.1.20/24"]),
            iface("wg0", InterfaceKind::Tunnel, &["10.9.0.2/32"]),
        ];
        let routes = [route("eth0", Some("192.168.1.1"), 100, RouteCoverage::Default)];
        let result = analyse(&ifaces, &routes, &[]);
        assert_eq!(result.vpn, VpnState { active: true, interface: Some("wg0".into()), mode: VpnMode::Split });
    }

    #[test]
    fn no_default_route_means_no_network() {
        let ifaces = [iface("eth0", InterfaceKind::Wired, &["192.168.1.20/24"])];
        let result = analyse(&ifaces, &[], &[]);
        assert_eq!(result.default_gateway, None);
        assert_eq!(result.underlay, None);
    }

    #[test]
    fn a_tunnel_with_only_link_local_addresses_is_not_an_active_vpn() {
        let ifaces = [
            iface("eth0", InterfaceKind::Wired, &["192.168.1.20/24"]),
            iface("tun0", InterfaceKind::Tunnel, &["fe80::1/64"]),
        ];
        let routes = [route("eth0", Some("192.168.1.1"), 100, RouteCoverage::Default)];
        assert!(!analyse(&ifaces, &routes, &[]).vpn.active);
    }
}
