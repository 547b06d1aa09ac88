//! Reading macOS routing-socket messages (route(4)) just far enough to decide whether one may change the network
//! snapshot. Every message starts with the same header (`u16` length, `u8` version, `u8` type, native byte
//! order); route messages (`struct rt_msghdr`) carry their `rtm_flags` at byte 8. Pure, so it is unit-tested on
//! every OS; the constants are checked against `libc`'s at compile time on macOS (`notify.rs`).
//!
//! What counts: address added or removed, interface flags or link state changed, and routes added, removed or
//! changed — except routes the kernel cloned for a single remote destination, which macOS creates for every new
//! peer and which would otherwise keep the debouncer from ever settling. Cloned neighbour (ARP/NDP) entries do
//! count: the gateway's MAC arrives that way, like netlink's neighbour group on Linux.

/// `RTM_VERSION` in <net/route.h>: the message format this reader understands.
pub(crate) const RTM_VERSION: u8 = 5;
/// A route was added.
pub(crate) const RTM_ADD: u8 = 0x1;
/// A route was deleted.
pub(crate) const RTM_DELETE: u8 = 0x2;
/// A route's gateway or metrics changed.
pub(crate) const RTM_CHANGE: u8 = 0x3;
/// A lookup that found no route (ignored).
pub(crate) const RTM_MISS: u8 = 0x7;
/// A cloned route was made for a lookup (ignored).
pub(crate) const RTM_RESOLVE: u8 = 0xb;
/// An address was added to an interface.
pub(crate) const RTM_NEWADDR: u8 = 0xc;
/// An address was removed from an interface.
pub(crate) const RTM_DELADDR: u8 = 0xd;
/// An interface's flags or link state changed.
pub(crate) const RTM_IFINFO: u8 = 0xe;

/// The route was cloned from another (a per-destination or neighbour entry).
pub(crate) const RTF_WASCLONED: u32 = 0x20000;
/// The route holds link-layer information (an ARP or NDP neighbour entry).
pub(crate) const RTF_LLINFO: u32 = 0x400;

/// Byte offset of `rtm_flags` in `struct rt_msghdr`.
pub(crate) const RTM_FLAGS_OFFSET: usize = 8;

/// The header fields of one routing message that the decision needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    /// `rtm_version`.
    pub(crate) version: u8,
    /// `rtm_type` (`RTM_*`).
    pub(crate) kind: u8,
    /// `rtm_flags` of a route message, when the message is long enough to hold them.
    pub(crate) route_flags: Option<u32>,
}

/// The headers of the messages in `buf`, in order. A read normally returns one message; several are split by their
/// length field. Stops at a length too short to be a message; a message cut off at the end is still reported.
pub(crate) fn headers(buf: &[u8]) -> Vec<Header> {
    let mut found = Vec::new();
    let mut offset = 0;
    while let Some(head) = buf.get(offset..offset + 4) {
        let length = usize::from(u16::from_ne_bytes([head[0], head[1]]));
        if length < 4 {
            break;
        }
        let message = &buf[offset..buf.len().min(offset + length)];
        let route_flags =
            message.get(RTM_FLAGS_OFFSET..RTM_FLAGS_OFFSET + 4).map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
        found.push(Header { version: head[2], kind: head[3], route_flags });
        offset += length;
    }
    found
}

/// True when the message may change the snapshot. A message of another format version counts (better one
/// needless re-read than a missed change).
pub(crate) fn is_change(header: &Header) -> bool {
    if header.version != RTM_VERSION {
        return true;
    }
    match header.kind {
        RTM_NEWADDR | RTM_DELADDR | RTM_IFINFO => true,
        RTM_ADD | RTM_DELETE | RTM_CHANGE => {
            header.route_flags.is_none_or(|flags| flags & RTF_WASCLONED == 0 || flags & RTF_LLINFO != 0)
        }
        _ => false,
    }
}

/// True when any message in `buf` may change the snapshot.
pub(crate) fn any_change(buf: &[u8]) -> bool {
    headers(buf).iter().any(is_change)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RTF_UP: u32 = 0x1;
    const RTF_GATEWAY: u32 = 0x2;
    const RTF_HOST: u32 = 0x4;
    const RTF_STATIC: u32 = 0x800;
    const RTF_IFSCOPE: u32 = 0x100_0000;
    /// `sizeof(struct rt_msghdr)` on macOS; the sockaddrs that follow it do not matter here.
    const RT_MSGHDR_LEN: usize = 92;

    /// A route message as the kernel writes it: header, `rtm_index`, padding, then `rtm_flags` at byte 8.
    fn route_message(kind: u8, flags: u32) -> Vec<u8> {
        let mut message = vec![0u8; RT_MSGHDR_LEN];
        message[0..2].copy_from_slice(&(RT_MSGHDR_LEN as u16).to_ne_bytes());
        message[2] = RTM_VERSION;
        message[3] = kind;
        message[4..6].copy_from_slice(&4u16.to_ne_bytes());
        message[RTM_FLAGS_OFFSET..RTM_FLAGS_OFFSET + 4].copy_from_slice(&flags.to_ne_bytes());
        message
    }

    /// An address or interface message (`ifa_msghdr`/`if_msghdr`), whose byte 8 holds interface flags instead.
    fn interface_message(kind: u8) -> Vec<u8> {
        let mut message = vec![0u8; 20];
        message[0..2].copy_from_slice(&20u16.to_ne_bytes());
        message[2] = RTM_VERSION;
        message[3] = kind;
        message[8..12].copy_from_slice(&0x8863u32.to_ne_bytes());
        message
    }

    #[test]
    fn address_and_interface_messages_count() {
        for kind in [RTM_NEWADDR, RTM_DELADDR, RTM_IFINFO] {
            assert!(any_change(&interface_message(kind)), "type {kind:#x}");
        }
    }

    #[test]
    fn a_new_or_removed_default_route_counts() {
        let default = RTF_UP | RTF_GATEWAY | RTF_STATIC;
        assert!(any_change(&route_message(RTM_ADD, default)));
        assert!(any_change(&route_message(RTM_DELETE, default | RTF_IFSCOPE)));
        assert!(any_change(&route_message(RTM_CHANGE, default)));
    }

    #[test]
    fn per_destination_clones_do_not_count() {
        let clone = RTF_UP | RTF_GATEWAY | RTF_HOST | RTF_WASCLONED;
        assert!(!any_change(&route_message(RTM_ADD, clone)));
        assert!(!any_change(&route_message(RTM_DELETE, clone)));
    }

    #[test]
    fn neighbour_entries_count_because_the_gateway_mac_arrives_that_way() {
        let arp_entry = RTF_UP | RTF_HOST | RTF_LLINFO | RTF_WASCLONED;
        assert!(any_change(&route_message(RTM_ADD, arp_entry)));
        assert!(any_change(&route_message(RTM_DELETE, arp_entry)));
    }

    #[test]
    fn lookups_and_misses_do_not_count() {
        for kind in
            [RTM_MISS, RTM_RESOLVE, 0x4 /* RTM_GET */, 0x6 /* RTM_REDIRECT */, 0xf /* RTM_NEWMADDR */]
        {
            assert!(!any_change(&route_message(kind, RTF_UP)), "type {kind:#x}");
        }
    }

    #[test]
    fn another_format_version_counts_to_be_safe() {
        let mut message = route_message(RTM_MISS, RTF_UP);
        message[2] = RTM_VERSION + 1;
        assert!(any_change(&message));
    }

    #[test]
    fn several_messages_in_one_read_are_split_by_length() {
        let mut buf = route_message(RTM_ADD, RTF_UP | RTF_GATEWAY | RTF_HOST | RTF_WASCLONED);
        buf.extend(interface_message(RTM_NEWADDR));
        let found = headers(&buf);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].kind, found[1].kind), (RTM_ADD, RTM_NEWADDR));
        assert!(!is_change(&found[0]));
        assert!(any_change(&buf));
    }

    #[test]
    fn a_route_message_cut_before_its_flags_counts() {
        let message = route_message(RTM_ADD, RTF_UP | RTF_GATEWAY | RTF_HOST | RTF_WASCLONED);
        let found = headers(&message[..10]);
        assert_eq!(found, vec![Header { version: RTM_VERSION, kind: RTM_ADD, route_flags: None }]);
        assert!(is_change(&found[0]));
    }

    #[test]
    fn empty_and_malformed_buffers_hold_no_messages() {
        assert!(headers(&[]).is_empty());
        assert!(headers(&[5, 0]).is_empty());
        assert!(headers(&[0, 0, RTM_VERSION, RTM_ADD, 9, 9, 9, 9]).is_empty(), "a zero length ends the walk");
    }
}
