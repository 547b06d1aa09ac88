//! The `Host` seam: what the application service needs from whoever runs it (the desktop shell, `locusctl`,
//! tests). The service calls it; it never calls back into the service.

use crate::events::Event;
use std::sync::Mutex;

/// Something that can show events to a person.
pub trait Host: Send + Sync {
    /// Deliver one event to the UI (or log, or a test's record).
    fn emit(&self, event: &Event);
}

/// A host with no UI: keeps events in memory (for `locusctl` and tests) and logs them.
#[derive(Debug, Default)]
pub struct HeadlessHost {
    events: Mutex<Vec<Event>>,
}

impl HeadlessHost {
    /// Every event emitted so far.
    pub fn events(&self) -> Vec<Event> {
        self.events.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

impl Host for HeadlessHost {
    fn emit(&self, event: &Event) {
        tracing::debug!(?event, "event");
        if let Ok(mut events) = self.events.lock() {
            events.push(event.clone());
        }
    }
}
