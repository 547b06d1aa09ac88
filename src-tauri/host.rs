//! `TauriHost`: the desktop implementation of `locus_core::Host`. Events go to the web UI on one channel;
//! readiness changes also update the tray; the Kari's Law notification after a 911 call is a desktop
//! notification.

use locus_core::Host;
use locus_core::events::{EVENT_CHANNEL, Event};
use tauri::{AppHandle, Emitter};

/// Forwards core events to the web UI and the tray.
#[derive(Debug)]
pub(crate) struct TauriHost {
    app: AppHandle,
}

impl TauriHost {
    pub(crate) fn new(app: AppHandle) -> Self {
        Self { app }
    }
}

impl Host for TauriHost {
    fn emit(&self, event: &Event) {
        match event {
            Event::ReadinessChanged(readiness) => crate::tray::show_readiness(&self.app, readiness),
            Event::LocationConfirmRequired(_) => crate::notify::ask_to_confirm_location(&self.app),
            _ => {}
        }
        if let Err(err) = self.app.emit(EVENT_CHANNEL, event) {
            tracing::warn!(%err, "could not forward an event to the UI");
        }
    }

    fn show_emergency_notification(&self, title: &str, body: &str) -> Result<(), String> {
        crate::notify::show_emergency_call(&self.app, title, body)
    }
}
