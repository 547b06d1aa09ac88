//! `TauriHost`: the desktop implementation of `locus_core::Host`. Events go to the web UI on one channel;
//! readiness changes also update the tray; the Kari's Law notification after a 911 call is a desktop
//! notification. An incoming call shows and focuses the window, asks for the user's attention and shows a
//! ringing notification with Answer and Decline (critically, for a possible 911 callback).

use locus_core::Host;
use locus_core::calls::CallView;
use locus_core::events::{EVENT_CHANNEL, Event};
use tauri::{AppHandle, Emitter, Manager, UserAttentionType};

/// Forwards core events to the web UI and the tray.
#[derive(Debug)]
pub(crate) struct TauriHost {
    app: AppHandle,
    notices: std::sync::Arc<crate::call_notice::CallNotices>,
}

impl TauriHost {
    pub(crate) fn new(app: AppHandle) -> Self {
        Self { app, notices: Default::default() }
    }
}

impl Host for TauriHost {
    fn emit(&self, event: &Event) {
        match event {
            Event::ReadinessChanged(readiness) => crate::tray::show_readiness(&self.app, readiness),
            Event::LocationConfirmRequired(_) => crate::notify::ask_to_confirm_location(&self.app),
            Event::CallEstablished(call) | Event::CallEnded(call) => self.notices.call_changed(call),
            _ => {}
        }
        if let Err(err) = self.app.emit(EVENT_CHANNEL, event) {
            tracing::warn!(%err, "could not forward an event to the UI");
        }
    }

    fn show_emergency_notification(&self, title: &str, body: &str) -> Result<(), String> {
        crate::notify::show_emergency_call(&self.app, title, body)
    }

    fn ring_for_incoming_call(&self, call: &CallView, loud: bool) {
        crate::show_main_window(&self.app);
        self.notices.show(&self.app, call, loud);
        let attention = if loud { UserAttentionType::Critical } else { UserAttentionType::Informational };
        if let Some(window) = self.app.get_webview_window(crate::MAIN_WINDOW)
            && let Err(err) = window.request_user_attention(Some(attention))
        {
            tracing::warn!(%err, "could not ask for attention for an incoming call");
        }
    }
}
