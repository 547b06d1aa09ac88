//! Netlink change notifications: a socket subscribed to link, address, route and neighbour changes (IPv4 and
//! IPv6). Every message becomes one nudge on a channel; the watcher debounces and decides what is material.

use crate::notify::Nudge;
use std::sync::mpsc::Sender;

const RTMGRP_LINK: u32 = 0x1;
const RTMGRP_NEIGH: u32 = 0x4;
const RTMGRP_IPV4_IFADDR: u32 = 0x10;
const RTMGRP_IPV4_ROUTE: u32 = 0x40;
const RTMGRP_IPV6_IFADDR: u32 = 0x100;
const RTMGRP_IPV6_ROUTE: u32 = 0x400;

/// The netlink reader thread needs nothing to stop it: it ends at the first message after the watcher is gone.
#[derive(Debug)]
pub(crate) struct Subscription;

/// Starts a thread that sends a nudge for every netlink route-family message, until the receiver is dropped.
pub(crate) fn subscribe(nudges: &Sender<Nudge>) -> std::io::Result<Subscription> {
    use netlink_sys::{Socket, SocketAddr, protocols::NETLINK_ROUTE};
    let groups =
        RTMGRP_LINK | RTMGRP_NEIGH | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE;
    let mut socket = Socket::new(NETLINK_ROUTE)?;
    socket.bind(&SocketAddr::new(0, groups))?;
    let nudges = nudges.clone();
    std::thread::Builder::new().name("locus-netlink".into()).spawn(move || {
        let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
        loop {
            buf.clear();
            match socket.recv(&mut buf, 0) {
                Ok(_) => {
                    if nudges.send(Nudge::Changed).is_err() {
                        break;
                    }
                }
                Err(err) => {
                    tracing::warn!(%err, "netlink receive failed; change notifications stop, polling continues");
                    break;
                }
            }
        }
    })?;
    Ok(Subscription)
}
