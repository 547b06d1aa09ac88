//! macOS change notifications: a `PF_ROUTE` routing socket (route(4)) read on a thread, whose address, interface and
//! route messages (filtered by `route_msg`) nudge the watcher, plus SCDynamicStore keys for Wi-Fi association and
//! the primary service (`dynamic_store`), which the routing socket does not see. The socket is required; the
//! dynamic-store watch is best effort. Resume from sleep needs nothing here: the monotonic clock stops while macOS
//! sleeps, so the watcher's wall-clock check sees it. No `unsafe` here: socket2 wraps the socket calls.
//! Compile-checked on Linux CI; not yet verified on hardware.

use super::dynamic_store;
use super::route_msg;
use crate::notify::Nudge;
use socket2::{Domain, Socket, Type};
use std::io::{ErrorKind, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

// The routing-message layout `route_msg` assumes, checked against the SDK's definitions as libc carries them.
const _: () = {
    assert!(route_msg::RTM_VERSION as libc::c_int == libc::RTM_VERSION);
    assert!(route_msg::RTM_ADD as libc::c_int == libc::RTM_ADD);
    assert!(route_msg::RTM_DELETE as libc::c_int == libc::RTM_DELETE);
    assert!(route_msg::RTM_CHANGE as libc::c_int == libc::RTM_CHANGE);
    assert!(route_msg::RTM_MISS as libc::c_int == libc::RTM_MISS);
    assert!(route_msg::RTM_RESOLVE as libc::c_int == libc::RTM_RESOLVE);
    assert!(route_msg::RTM_NEWADDR as libc::c_int == libc::RTM_NEWADDR);
    assert!(route_msg::RTM_DELADDR as libc::c_int == libc::RTM_DELADDR);
    assert!(route_msg::RTM_IFINFO as libc::c_int == libc::RTM_IFINFO);
    assert!(route_msg::RTF_WASCLONED as libc::c_int == libc::RTF_WASCLONED);
    assert!(route_msg::RTF_LLINFO as libc::c_int == libc::RTF_LLINFO);
    assert!(std::mem::offset_of!(libc::rt_msghdr, rtm_msglen) == 0);
    assert!(std::mem::offset_of!(libc::rt_msghdr, rtm_version) == 2);
    assert!(std::mem::offset_of!(libc::rt_msghdr, rtm_type) == 3);
    assert!(std::mem::offset_of!(libc::rt_msghdr, rtm_flags) == route_msg::RTM_FLAGS_OFFSET);
    assert!(std::mem::offset_of!(libc::if_msghdr, ifm_type) == 3);
    assert!(std::mem::offset_of!(libc::ifa_msghdr, ifam_type) == 3);
};

/// How long one blocking read waits before the reader checks whether it should stop.
const READ_TIMEOUT: Duration = Duration::from_secs(1);

/// The routing-socket reader and the dynamic-store watch; dropping this stops both (within a second).
#[derive(Debug)]
pub(crate) struct Subscription {
    stop: Arc<AtomicBool>,
    _wifi: Option<dynamic_store::Watch>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Opens the routing socket (all address families) and starts its reader, then the dynamic-store watch.
pub(crate) fn subscribe(nudges: &Sender<Nudge>) -> std::io::Result<Subscription> {
    let socket = Socket::new(Domain::from(libc::PF_ROUTE), Type::RAW, None)?;
    socket.set_read_timeout(Some(READ_TIMEOUT))?;
    let stop = Arc::new(AtomicBool::new(false));
    let (sender, stopped) = (nudges.clone(), Arc::clone(&stop));
    std::thread::Builder::new()
        .name("locus-route-socket".into())
        .spawn(move || read_messages(&socket, &sender, &stopped))?;
    let wifi = match dynamic_store::watch(nudges) {
        Ok(watch) => Some(watch),
        Err(err) => {
            tracing::info!(%err, "no SCDynamicStore notifications; Wi-Fi roaming is seen by the periodic re-read");
            None
        }
    };
    Ok(Subscription { stop, _wifi: wifi })
}

/// Reads routing messages until told to stop or the watcher is gone; one nudge per read that holds a change.
fn read_messages(socket: &Socket, nudges: &Sender<Nudge>, stop: &AtomicBool) {
    // Routing messages are a few hundred bytes; one read returns one message.
    let mut buf = vec![0u8; 8192];
    while !stop.load(Ordering::SeqCst) {
        let mut reader = socket;
        let changed = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(len) => route_msg::any_change(&buf[..len]),
            Err(err) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted) => {
                continue;
            }
            // The socket's buffer overflowed and messages were lost: one of them may have mattered.
            Err(err) if err.raw_os_error() == Some(libc::ENOBUFS) => true,
            Err(err) => {
                tracing::warn!(%err, "routing socket read failed; change notifications stop, polling continues");
                break;
            }
        };
        if changed && nudges.send(Nudge::Changed).is_err() {
            break;
        }
    }
}
