//! Watching the network: OS notifications (netlink on Linux) are debounced, the network is re-read, and the
//! callback runs only when the snapshot changed materially (`MaterialKey`) — or after the machine resumed
//! from sleep, when everything must be re-checked. A slow periodic re-read is the safety net for platforms or
//! moments without notifications.

use crate::debounce::Debouncer;
use crate::fingerprint::MaterialKey;
use crate::{NetworkSnapshot, SnapshotSource};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

/// Why the callback runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeReason {
    /// The network changed materially.
    Changed,
    /// The machine resumed from sleep (wall clock jumped ahead of the monotonic clock).
    Resumed,
}

/// Watcher settings.
#[derive(Debug, Clone, Copy)]
pub struct WatchSettings {
    /// Quiet time after the last notification before re-reading (default 300 ms).
    pub debounce: Duration,
    /// Re-read at least this often even without notifications.
    pub poll_every: Duration,
}

impl Default for WatchSettings {
    fn default() -> Self {
        Self { debounce: Duration::from_millis(300), poll_every: Duration::from_secs(10) }
    }
}

/// Stops the watcher thread when dropped.
#[derive(Debug)]
pub struct WatchHandle {
    stop: Arc<AtomicBool>,
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Starts watching. `baseline` is the snapshot the caller already holds; `on_change` gets every material
/// change. Returns once the OS notifications are subscribed, so no change after this call is missed.
pub fn watch(
    source: Arc<dyn SnapshotSource>,
    settings: WatchSettings,
    baseline: &NetworkSnapshot,
    mut on_change: impl FnMut(NetworkSnapshot, ChangeReason) + Send + 'static,
) -> std::io::Result<WatchHandle> {
    let (nudge_tx, nudges) = mpsc::channel::<()>();
    #[cfg(target_os = "linux")]
    crate::linux::notify::spawn(nudge_tx.clone())?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    let mut last = MaterialKey::of(baseline);
    std::thread::Builder::new().name("locus-netwatch".into()).spawn(move || {
        let _keep_sender = nudge_tx;
        let mut debouncer = Debouncer::new(settings.debounce);
        let mut next_poll = Instant::now() + settings.poll_every;
        let mut clocks = (Instant::now(), SystemTime::now());
        while !stopped.load(Ordering::SeqCst) {
            let now = Instant::now();
            let wake = debouncer.due_at().unwrap_or(next_poll).min(next_poll).min(now + Duration::from_secs(1));
            match nudges.recv_timeout(wake.saturating_duration_since(now)) {
                Ok(()) => debouncer.notify(Instant::now()),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            let now = Instant::now();
            let resumed = resumed_from_sleep(clocks, (now, SystemTime::now()));
            clocks = (now, SystemTime::now());
            let polled = now >= next_poll;
            if !(debouncer.take_due(now) || polled || resumed) {
                continue;
            }
            next_poll = now + settings.poll_every;
            let snapshot = match source.snapshot() {
                Ok(snapshot) => snapshot,
                Err(err) => {
                    tracing::warn!(%err, "network re-read failed");
                    continue;
                }
            };
            let key = MaterialKey::of(&snapshot);
            if resumed {
                last = key;
                on_change(snapshot, ChangeReason::Resumed);
            } else if key != last {
                last = key;
                on_change(snapshot, ChangeReason::Changed);
            }
        }
    })?;
    Ok(WatchHandle { stop })
}

/// True when the wall clock advanced more than 5 s beyond the monotonic clock between two readings: the
/// monotonic clock stops during suspend, the wall clock does not.
pub fn resumed_from_sleep(before: (Instant, SystemTime), after: (Instant, SystemTime)) -> bool {
    let monotonic = after.0.saturating_duration_since(before.0);
    let wall = after.1.duration_since(before.1).unwrap_or_default();
    wall > monotonic + Duration::from_secs(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wall_clock_jump_beyond_the_monotonic_clock_is_a_resume() {
        let (i, s) = (Instant::now(), SystemTime::now());
        assert!(resumed_from_sleep((i, s), (i + Duration::from_secs(1), s + Duration::from_secs(3600))));
        assert!(!resumed_from_sleep((i, s), (i + Duration::from_secs(1), s + Duration::from_secs(1))));
    }
}
