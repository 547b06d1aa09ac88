//! Watching the network: OS change notifications (netlink on Linux, the routing socket and SCDynamicStore on
//! macOS, IP Helper and WLAN notifications on Windows; see `crate::notify`) are debounced, the network is re-read,
//! and the callback runs only when the snapshot changed materially (`MaterialKey`) — or after the machine resumed
//! from sleep, when everything must be re-checked. Resume is seen as a wall-clock jump beyond the monotonic clock
//! (Linux, macOS: their monotonic clocks stop in sleep) or as the OS's resume notification (Windows, where
//! `Instant` keeps counting through sleep). A slow periodic re-read is the safety net for moments without
//! notifications.

use crate::debounce::Debouncer;
use crate::fingerprint::MaterialKey;
use crate::notify::Nudge;
use crate::{NetworkSnapshot, SnapshotSource};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

/// The default `WatchSettings::poll_every`: 10 s on Linux (as before), 60 s on macOS and Windows, where the
/// re-read is only the safety net behind the OS notifications.
#[cfg(not(any(target_os = "macos", windows)))]
pub const DEFAULT_POLL_EVERY: Duration = Duration::from_secs(10);
/// The default `WatchSettings::poll_every`: 10 s on Linux (as before), 60 s on macOS and Windows, where the
/// re-read is only the safety net behind the OS notifications.
#[cfg(any(target_os = "macos", windows))]
pub const DEFAULT_POLL_EVERY: Duration = Duration::from_secs(60);

/// Why the callback runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeReason {
    /// The network changed materially.
    Changed,
    /// The machine resumed from sleep (the wall clock jumped ahead of the monotonic clock, or the OS said so).
    Resumed,
}

/// Watcher settings.
#[derive(Debug, Clone, Copy)]
pub struct WatchSettings {
    /// Quiet time after the last notification before re-reading (default 300 ms).
    pub debounce: Duration,
    /// Re-read at least this often even without notifications (default `DEFAULT_POLL_EVERY`).
    pub poll_every: Duration,
}

impl Default for WatchSettings {
    fn default() -> Self {
        Self { debounce: Duration::from_millis(300), poll_every: DEFAULT_POLL_EVERY }
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
    let (nudge_tx, nudges) = mpsc::channel::<Nudge>();
    let subscription = crate::notify::subscribe(&nudge_tx)?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    let last = MaterialKey::of(baseline);
    std::thread::Builder::new().name("locus-netwatch".into()).spawn(move || {
        let _keep_sender = nudge_tx;
        // Unsubscribes from the OS when the watcher ends.
        let _subscription = subscription;
        run(&*source, settings, last, &nudges, &stopped, &mut on_change);
    })?;
    Ok(WatchHandle { stop })
}

/// The watcher loop: collects nudges, debounces, re-reads, reports. Runs until `stop` or until every sender is
/// gone.
fn run(
    source: &dyn SnapshotSource,
    settings: WatchSettings,
    mut last: MaterialKey,
    nudges: &Receiver<Nudge>,
    stop: &AtomicBool,
    on_change: &mut impl FnMut(NetworkSnapshot, ChangeReason),
) {
    let mut debouncer = Debouncer::new(settings.debounce);
    let mut next_poll = Instant::now() + settings.poll_every;
    let mut clocks = (Instant::now(), SystemTime::now());
    // The OS reported a resume; the re-read after the debounce reports it.
    let mut resume_reported = false;
    while !stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        let wake = debouncer.due_at().unwrap_or(next_poll).min(next_poll).min(now + Duration::from_secs(1));
        match nudges.recv_timeout(wake.saturating_duration_since(now)) {
            Ok(Nudge::Changed) => debouncer.notify(Instant::now()),
            Ok(Nudge::Resumed) => {
                resume_reported = true;
                debouncer.notify(Instant::now());
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        let now = Instant::now();
        let clock_jumped = resumed_from_sleep(clocks, (now, SystemTime::now()));
        clocks = (now, SystemTime::now());
        let polled = now >= next_poll;
        let settled = debouncer.take_due(now);
        let resumed = clock_jumped || (settled && resume_reported);
        if resumed {
            resume_reported = false;
        }
        if !(settled || polled || resumed) {
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

    /// A source whose snapshot the test sets.
    struct Fixed(std::sync::Mutex<NetworkSnapshot>);

    impl SnapshotSource for Fixed {
        fn snapshot(&self) -> Result<NetworkSnapshot, crate::NetprobeError> {
            Ok(self.0.lock().expect("lock").clone())
        }
    }

    fn on_ssid(ssid: &str) -> NetworkSnapshot {
        let mut snapshot = NetworkSnapshot::default();
        snapshot.wifi.ssid = Some(ssid.to_owned());
        snapshot
    }

    /// Runs the loop on a thread with nudges from the test; reports go to the returned receiver.
    struct Harness {
        source: Arc<Fixed>,
        nudges: mpsc::Sender<Nudge>,
        reports: Receiver<(NetworkSnapshot, ChangeReason)>,
        stop: Arc<AtomicBool>,
    }

    impl Harness {
        fn start() -> Self {
            let source = Arc::new(Fixed(std::sync::Mutex::new(on_ssid("home"))));
            let (nudges, receiver) = mpsc::channel();
            let (report, reports) = mpsc::channel();
            let stop = Arc::new(AtomicBool::new(false));
            let settings = WatchSettings { debounce: Duration::from_millis(50), poll_every: Duration::from_secs(3600) };
            let (looped, stopped) = (Arc::clone(&source), Arc::clone(&stop));
            let last = MaterialKey::of(&on_ssid("home"));
            std::thread::spawn(move || {
                run(&*looped, settings, last, &receiver, &stopped, &mut |snapshot, reason| {
                    let _ = report.send((snapshot, reason));
                });
            });
            Self { source, nudges, reports, stop }
        }
    }

    impl Drop for Harness {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::SeqCst);
        }
    }

    #[test]
    fn a_nudge_without_a_material_change_reports_nothing() {
        let harness = Harness::start();
        harness.nudges.send(Nudge::Changed).expect("send");
        assert!(harness.reports.recv_timeout(Duration::from_millis(400)).is_err());
    }

    #[test]
    fn a_burst_of_nudges_after_a_change_reports_it_once() {
        let harness = Harness::start();
        *harness.source.0.lock().expect("lock") = on_ssid("office");
        for _ in 0..5 {
            harness.nudges.send(Nudge::Changed).expect("send");
        }
        let (snapshot, reason) = harness.reports.recv_timeout(Duration::from_secs(2)).expect("report");
        assert_eq!((snapshot.wifi.ssid.as_deref(), reason), (Some("office"), ChangeReason::Changed));
        assert!(harness.reports.recv_timeout(Duration::from_millis(300)).is_err(), "reported once");
    }

    #[test]
    fn a_resume_reported_by_the_os_is_reported_even_without_a_change() {
        let harness = Harness::start();
        harness.nudges.send(Nudge::Resumed).expect("send");
        harness.nudges.send(Nudge::Resumed).expect("send");
        let (_, reason) = harness.reports.recv_timeout(Duration::from_secs(2)).expect("report");
        assert_eq!(reason, ChangeReason::Resumed);
        assert!(harness.reports.recv_timeout(Duration::from_millis(300)).is_err(), "two notices, one resume");
    }
}
