//! The plain-data picture of the network: interfaces, their addresses and the default gateway.
//! No I/O here; collectors fill these types in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the machine's network looked like at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NetworkSnapshot {
    /// Every interface the OS reports, loopback included, sorted by name.
    pub interfaces: Vec<InterfaceInfo>,
    /// The gateway of the default route, if there is one. `None` means "no network".
    pub default_gateway: Option<DefaultGateway>,
}

impl NetworkSnapshot {
    /// A snapshot with no default route: the laptop is not on any network that could carry a call.
    pub fn has_network(&self) -> bool {
        self.default_gateway.is_some()
    }
}

/// One network interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InterfaceInfo {
    /// OS name, e.g. `wlp2s0`, `en0`, `Ethernet 2`.
    pub name: String,
    /// What kind of link this is, as far as the OS tells.
    pub kind: InterfaceKind,
    /// Hardware address in lower-case colon form, if the interface has one.
    pub mac: Option<String>,
    /// Addresses with prefix length in CIDR form, e.g. `192.168.1.20/24`, `fe80::1/64`.
    pub addrs: Vec<String>,
    /// Whether the interface is administratively up.
    pub is_up: bool,
}

/// The broad kind of an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InterfaceKind {
    /// Wired Ethernet (or something that looks like it, such as a veth pair).
    Wired,
    /// 802.11 Wi-Fi.
    Wifi,
    /// A tunnel: tun/tap, WireGuard, ppp, utun, VPN adapters.
    Tunnel,
    /// The loopback interface.
    Loopback,
    /// Anything else.
    Other,
}

/// The next hop of the default route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DefaultGateway {
    /// Gateway IP address.
    pub ip: String,
    /// Gateway MAC from the neighbour cache, lower-case colon form; `None` when the cache has no entry.
    pub mac: Option<String>,
    /// Name of the interface that carries the default route.
    pub interface: String,
}
