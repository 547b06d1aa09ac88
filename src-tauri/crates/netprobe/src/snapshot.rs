//! The plain-data picture of the network at one moment: interfaces, default routes, the gateway in use, the
//! physical underlay beneath any VPN, Wi-Fi, DNS search domains. No I/O here; collectors fill these types in.

use crate::signal::SignalState;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the machine's network looked like at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NetworkSnapshot {
    /// Every interface the OS reports, loopback included, sorted by name.
    pub interfaces: Vec<InterfaceInfo>,
    /// Every IPv4/IPv6 default route, best (lowest metric) first.
    pub default_routes: Vec<DefaultRoute>,
    /// The gateway of the default route in use. `None` means "no network". Behind a full-tunnel VPN this is
    /// the tunnel's next hop (or `None` for a point-to-point tunnel); `underlay` has the physical one.
    pub default_gateway: Option<DefaultGateway>,
    /// The physical network the laptop is on, beneath any VPN: what locates it.
    pub underlay: Option<Underlay>,
    /// VPN state.
    pub vpn: VpnState,
    /// Wi-Fi association of the underlay (or of the first Wi-Fi interface).
    pub wifi: WifiInfo,
    /// DNS search domains, e.g. `corp.example.com`.
    pub dns_search: Vec<String>,
    /// Public egress IP from the configured STUN server (off by default); only used to trust-gate subnet rules.
    pub public_ip: Option<String>,
    /// Keyed hash of the strong identifiers (see `fingerprint`); filled in by the caller that holds the key.
    pub fingerprint_id: Option<String>,
}

impl NetworkSnapshot {
    /// Assembles a snapshot from what a collector read. The public IP and fingerprint id are filled in later by
    /// the caller that has the STUN setting and the install key.
    pub fn assemble(
        interfaces: Vec<InterfaceInfo>,
        routing: crate::routes::RoutingAnalysis,
        wifi: WifiInfo,
        dns_search: Vec<String>,
    ) -> Self {
        Self {
            interfaces,
            default_routes: routing.default_routes,
            default_gateway: routing.default_gateway,
            underlay: routing.underlay,
            vpn: routing.vpn,
            wifi,
            dns_search,
            public_ip: None,
            fingerprint_id: None,
        }
    }

    /// False when there is no default route: the laptop is not on any network that could carry a call.
    pub fn has_network(&self) -> bool {
        self.default_gateway.is_some() || self.underlay.is_some() || !self.default_routes.is_empty()
    }
}

/// One network interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InterfaceInfo {
    /// OS name, e.g. `wlp2s0`, `en0`, `Ethernet 2`.
    pub name: String,
    /// What kind of link this is.
    pub kind: InterfaceKind,
    /// Hardware address in lower-case colon form, if the interface has one.
    pub mac: Option<String>,
    /// Addresses with prefix length in CIDR form, e.g. `192.168.1.20/24`, `fe80::1/64`.
    pub addrs: Vec<String>,
    /// Whether the interface is administratively up.
    pub is_up: bool,
}

/// The broad kind of an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InterfaceKind {
    /// Wired Ethernet with a physical device behind it.
    Wired,
    /// 802.11 Wi-Fi.
    Wifi,
    /// A tunnel: tun/tap, WireGuard, ppp, utun, IPsec, VPN adapters.
    Tunnel,
    /// Software-only links: bridges, veth pairs, container and VM networks.
    Virtual,
    /// The loopback interface.
    Loopback,
    /// Anything else.
    Other,
}

impl InterfaceKind {
    /// Physical links locate the laptop; tunnels and loopback never do.
    pub fn is_physical_candidate(self) -> bool {
        matches!(self, InterfaceKind::Wired | InterfaceKind::Wifi | InterfaceKind::Virtual | InterfaceKind::Other)
    }
}

/// One default route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DefaultRoute {
    /// Interface the route leaves by.
    pub interface: String,
    /// Next hop, if the route has one (point-to-point tunnels have none).
    pub gateway: Option<String>,
    /// Route metric; lower wins.
    pub metric: u32,
    /// How the route covers the internet: a true default (`0.0.0.0/0`, `::/0`) or the VPN trick of two
    /// half-default routes (`0.0.0.0/1` + `128.0.0.0/1`) that win by being more specific.
    pub coverage: RouteCoverage,
}

/// How a default route covers the address space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RouteCoverage {
    /// `0.0.0.0/0` or `::/0`.
    Default,
    /// `0.0.0.0/1` + `128.0.0.0/1` (or the IPv6 equivalent): overrides the default without replacing it.
    SplitHalves,
}

/// The next hop of a default route, with its MAC when the neighbour cache has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DefaultGateway {
    /// Gateway IP address.
    pub ip: String,
    /// Gateway MAC, lower-case colon form; `None` when not resolved (even after probing).
    pub mac: Option<String>,
    /// Name of the interface that carries the route.
    pub interface: String,
}

/// The physical network beneath any VPN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Underlay {
    /// The physical interface.
    pub interface: String,
    /// Its kind (wired or Wi-Fi, usually).
    pub kind: InterfaceKind,
    /// The physical gateway.
    pub gateway: DefaultGateway,
    /// The interface's own addresses (CIDR), which give the subnet.
    pub addrs: Vec<String>,
}

/// Whether a VPN is up and what it carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VpnState {
    /// A tunnel interface is up and has addresses.
    pub active: bool,
    /// The tunnel interface, if any.
    pub interface: Option<String>,
    /// Whether the tunnel carries all traffic or only some.
    pub mode: VpnMode,
}

/// What a VPN carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VpnMode {
    /// No tunnel.
    #[default]
    None,
    /// The tunnel holds the default route: all traffic goes through it.
    Full,
    /// The tunnel carries some networks only; the default route stays physical.
    Split,
}

/// The Wi-Fi association, with where it came from and whether the OS let us read it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WifiInfo {
    /// Whether the OS gave us the Wi-Fi details (`denied` needs the user's permission; `unsupported` means no
    /// reader works here, e.g. no Wi-Fi hardware or no NetworkManager and no `iw`).
    pub permission: SignalState,
    /// Wi-Fi interface.
    pub interface: Option<String>,
    /// Network name.
    pub ssid: Option<String>,
    /// Access point MAC (BSSID), lower-case colon form.
    pub bssid: Option<String>,
    /// Signal strength in dBm, when the OS gives it.
    pub signal_dbm: Option<i32>,
    /// Signal quality in percent, when the OS gives that instead (NetworkManager).
    pub signal_percent: Option<u8>,
    /// Channel frequency in MHz.
    pub frequency_mhz: Option<u32>,
    /// Which reader produced this: `networkmanager`, `nl80211`, `corewlan`, `wlanapi`.
    pub source: Option<String>,
}
