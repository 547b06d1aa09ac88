//! The link between the watcher and the per-OS change notifiers: what a notifier sends (`Nudge`) and, per OS,
//! `subscribe`, which starts delivering nudges and returns a `Subscription` that stops them when dropped. Netlink
//! on Linux, the routing socket and SCDynamicStore on macOS, IP Helper, WLAN and power notifications on Windows;
//! every notifier has the same signature, so the watcher is the same on every OS (it holds the subscription for
//! as long as it runs).

/// What an OS notifier tells the watcher. Nudges carry no detail: the watcher re-reads the whole network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nudge {
    /// Something about interfaces, addresses, routes, neighbours or Wi-Fi may have changed.
    Changed,
    /// The OS said the machine resumed from sleep (only Windows sends it: elsewhere the watcher's clock check sees
    /// resume).
    #[cfg_attr(not(any(windows, test)), allow(dead_code, reason = "only the Windows notifier sends it"))]
    Resumed,
}

#[cfg(target_os = "linux")]
pub(crate) use crate::linux::notify::subscribe;
#[cfg(target_os = "macos")]
pub(crate) use crate::macos::notify::subscribe;
#[cfg(windows)]
pub(crate) use crate::windows::notify::subscribe;

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
pub(crate) use no_notifications::subscribe;

/// Other OSes: no notifications; the watcher's periodic re-read is all there is.
#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
mod no_notifications {
    use super::Nudge;
    use std::sync::mpsc::Sender;

    /// Nothing to keep alive.
    #[derive(Debug)]
    pub(crate) struct Subscription;

    /// Subscribes to nothing.
    pub(crate) fn subscribe(_nudges: &Sender<Nudge>) -> std::io::Result<Subscription> {
        Ok(Subscription)
    }
}
