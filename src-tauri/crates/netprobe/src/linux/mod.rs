//! The Linux collector: interfaces from netdev refined by sysfs, routes and neighbours from procfs, a probe for
//! a gateway missing from the neighbour cache, Wi-Fi from NetworkManager or nl80211 (`iw`), DNS search domains
//! from resolv.conf, and netlink change notifications.

pub(crate) mod notify;
pub mod proc_net;
pub mod resolv;
pub mod sysfs;
pub mod wifi;

use crate::interfaces::read_interfaces;
use crate::probe::nudge_gateway;
use crate::routes::{Neighbour, RoutingAnalysis, analyse};
use crate::snapshot::{InterfaceKind, NetworkSnapshot};
use crate::{NetprobeError, SnapshotSource};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Takes snapshots of a Linux machine (of the network namespace the process runs in).
#[derive(Debug, Clone)]
pub struct LinuxSource {
    /// How long to wait for a probed gateway's MAC to appear (default 500 ms).
    pub probe_timeout: Duration,
    sysfs_root: PathBuf,
    proc_net: PathBuf,
    resolv_conf: PathBuf,
}

impl Default for LinuxSource {
    fn default() -> Self {
        Self {
            probe_timeout: Duration::from_millis(500),
            sysfs_root: PathBuf::from("/sys/class/net"),
            proc_net: PathBuf::from("/proc/net"),
            resolv_conf: PathBuf::from("/etc/resolv.conf"),
        }
    }
}

impl LinuxSource {
    fn read_proc(&self, name: &str) -> String {
        std::fs::read_to_string(self.proc_net.join(name)).unwrap_or_default()
    }

    fn neighbours(&self) -> Vec<Neighbour> {
        proc_net::parse_arp(&self.read_proc("arp"))
    }

    /// IPv4 gateways (in use and underlay) whose MAC the cache does not have.
    fn unresolved(analysis: &RoutingAnalysis) -> Vec<String> {
        let mut missing: Vec<String> =
            [analysis.default_gateway.as_ref(), analysis.underlay.as_ref().map(|u| &u.gateway)]
                .into_iter()
                .flatten()
                .filter(|g| g.mac.is_none() && g.ip.parse::<std::net::Ipv4Addr>().is_ok())
                .map(|g| g.ip.clone())
                .collect();
        missing.dedup();
        missing
    }
}

impl SnapshotSource for LinuxSource {
    fn snapshot(&self) -> Result<NetworkSnapshot, NetprobeError> {
        let mut interfaces = read_interfaces();
        for iface in &mut interfaces {
            if let Some(facts) = sysfs::read_facts(&self.sysfs_root, &iface.name) {
                iface.kind = sysfs::classify(facts);
            }
        }
        let mut routes = proc_net::parse_ipv4_routes(&self.read_proc("route"));
        routes.extend(proc_net::parse_ipv6_routes(&self.read_proc("ipv6_route")));

        let mut analysis = analyse(&interfaces, &routes, &self.neighbours());
        let missing = Self::unresolved(&analysis);
        if !missing.is_empty() {
            missing.iter().for_each(|ip| nudge_gateway(ip));
            let deadline = Instant::now() + self.probe_timeout;
            loop {
                std::thread::sleep(Duration::from_millis(10));
                analysis = analyse(&interfaces, &routes, &self.neighbours());
                if Self::unresolved(&analysis).is_empty() || Instant::now() >= deadline {
                    break;
                }
            }
        }

        let wireless: Vec<String> =
            interfaces.iter().filter(|i| i.kind == InterfaceKind::Wifi).map(|i| i.name.clone()).collect();
        let preferred =
            analysis.underlay.as_ref().filter(|u| u.kind == InterfaceKind::Wifi).map(|u| u.interface.as_str());
        let wifi = wifi::read(&wireless, preferred);
        let dns_search = resolv::parse_search_domains(&std::fs::read_to_string(&self.resolv_conf).unwrap_or_default());
        Ok(NetworkSnapshot::assemble(interfaces, analysis, wifi, dns_search))
    }
}
