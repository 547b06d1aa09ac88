//! The `Host` seam: what the application service needs from whoever runs it (the desktop shell, `locusctl`,
//! tests). The service calls it; it never calls back into the service.

use crate::calls::CallView;
use crate::events::Event;
use std::sync::Mutex;

/// Something that can show events to a person.
pub trait Host: Send + Sync {
    /// Deliver one event to the UI (or log, or a test's record).
    fn emit(&self, event: &Event);

    /// Shows the Kari's Law desktop notification after a 911 call: `title` and `body` say who called, the
    /// callback number and the location sent. `Err` says why it could not be shown; the notifier retries it. May
    /// block briefly (a D-Bus call): the service calls it on the blocking pool, after the INVITE has left.
    fn show_emergency_notification(&self, title: &str, body: &str) -> Result<(), String> {
        let _ = (title, body);
        Err("no desktop on this host".into())
    }

    /// An incoming call is ringing: get the person's attention (show the window, ring). `loud` for a possible
    /// 911 callback, which must not be missed. The `CallIncoming` event has already been emitted.
    fn ring_for_incoming_call(&self, call: &CallView, loud: bool) {
        let _ = (call, loud);
    }
}

/// A host with no UI: keeps events in memory (for `locusctl` and tests) and logs them.
#[derive(Debug, Default)]
pub struct HeadlessHost {
    events: Mutex<Vec<Event>>,
    emergency_notifications: Mutex<Vec<(String, String)>>,
    rings: Mutex<Vec<(String, bool)>>,
}

impl HeadlessHost {
    /// Every event emitted so far.
    pub fn events(&self) -> Vec<Event> {
        self.events.lock().map(|e| e.clone()).unwrap_or_default()
    }

    /// Every emergency desktop notification asked for so far, as (title, body).
    pub fn emergency_notifications(&self) -> Vec<(String, String)> {
        self.emergency_notifications.lock().map(|n| n.clone()).unwrap_or_default()
    }

    /// Every incoming call it was asked to ring for, as (call id, loud).
    pub fn rings(&self) -> Vec<(String, bool)> {
        self.rings.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Host for HeadlessHost {
    fn emit(&self, event: &Event) {
        tracing::debug!(?event, "event");
        if let Ok(mut events) = self.events.lock() {
            events.push(event.clone());
        }
    }

    /// Without a screen the log and the record are the display: it counts as shown.
    fn show_emergency_notification(&self, title: &str, body: &str) -> Result<(), String> {
        tracing::warn!(title, body, "emergency notification");
        self.emergency_notifications
            .lock()
            .map(|mut shown| shown.push((title.to_owned(), body.to_owned())))
            .map_err(|_| "the notification record is poisoned".to_owned())
    }

    fn ring_for_incoming_call(&self, call: &CallView, loud: bool) {
        tracing::info!(call_id = %call.call_id, loud, "ringing");
        if let Ok(mut rings) = self.rings.lock() {
            rings.push((call.call_id.clone(), loud));
        }
    }
}
