//! Waking a gateway that is missing from the neighbour cache: one UDP datagram to its discard port makes the
//! OS resolve its MAC (ARP/NDP), which needs no privileges. Right after a network change the cache is often
//! empty; the collector probes, then re-reads the cache for up to the probe timeout.

use std::net::{IpAddr, SocketAddr, UdpSocket};

/// Sends one empty datagram to `gateway` port 9 (discard). Errors are ignored: the point is the ARP request.
pub(crate) fn nudge_gateway(gateway: &str) {
    let Ok(ip) = gateway.parse::<IpAddr>() else { return };
    let bind: SocketAddr =
        if ip.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { (std::net::Ipv6Addr::UNSPECIFIED, 0).into() };
    if let Ok(socket) = UdpSocket::bind(bind) {
        let _ = socket.send_to(&[], SocketAddr::new(ip, 9));
    }
}
