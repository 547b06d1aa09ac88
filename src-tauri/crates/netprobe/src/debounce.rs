//! A debouncer for OS network notifications: a burst of route, address and neighbour messages becomes one
//! re-read of the network once things have been quiet for the debounce interval. Pure; time is passed in.

use std::time::{Duration, Instant};

/// Collapses bursts of notifications.
#[derive(Debug, Clone)]
pub struct Debouncer {
    quiet: Duration,
    due_at: Option<Instant>,
}

impl Debouncer {
    /// A debouncer that waits for `quiet` without notifications before firing.
    pub fn new(quiet: Duration) -> Self {
        Self { quiet, due_at: None }
    }

    /// Records a notification received at `now`.
    pub fn notify(&mut self, now: Instant) {
        self.due_at = Some(now + self.quiet);
    }

    /// When the pending re-read is due, if one is pending.
    pub fn due_at(&self) -> Option<Instant> {
        self.due_at
    }

    /// True (once) when a pending re-read is due at `now`.
    pub fn take_due(&mut self, now: Instant) -> bool {
        match self.due_at {
            Some(due) if now >= due => {
                self.due_at = None;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_fires_once_after_the_quiet_period() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(Duration::from_millis(300));
        d.notify(t0);
        d.notify(t0 + Duration::from_millis(100));
        d.notify(t0 + Duration::from_millis(200));
        assert!(!d.take_due(t0 + Duration::from_millis(450)), "still inside the quiet period of the last one");
        assert!(d.take_due(t0 + Duration::from_millis(500)));
        assert!(!d.take_due(t0 + Duration::from_millis(900)), "fires only once");
    }

    #[test]
    fn nothing_is_due_without_a_notification() {
        let mut d = Debouncer::new(Duration::from_millis(300));
        assert_eq!(d.due_at(), None);
        assert!(!d.take_due(Instant::now() + Duration::from_secs(10)));
    }
}
