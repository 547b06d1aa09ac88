//! The incoming-call notification: who is calling, with Answer and Decline (the window is up too), the
//! freedesktop `phone-incoming-call` sound, and — for a possible 911 callback — critical urgency and words
//! saying it may be the dispatcher. When the call stops ringing it goes away, or becomes "Missed call" if the
//! caller gave up. Linux is verified here (dunst); macOS and Windows show it through notify-rust's native
//! backends, which this machine cannot run.

use locus_core::LocusService;
use locus_core::calls::{CallState, CallView};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tauri::{AppHandle, Manager};

/// The freedesktop sound-naming-spec sound for a ringing phone.
const RING_SOUND: &str = "phone-incoming-call";

/// The incoming-call notifications on screen, by call id.
#[derive(Debug, Default)]
pub(crate) struct CallNotices {
    shown: Mutex<HashMap<String, u32>>,
}

impl CallNotices {
    fn with_shown<T>(&self, change: impl FnOnce(&mut HashMap<String, u32>) -> T) -> T {
        change(&mut self.shown.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Shows the notification for `call`, ringing now; `loud` for a possible 911 callback.
    pub(crate) fn show(self: &Arc<Self>, app: &AppHandle, call: &CallView, loud: bool) {
        let (summary, body) = ringing_words(call, loud);
        let notices = Arc::clone(self);
        let app = app.clone();
        let call_id = call.call_id.clone();
        let spawned = std::thread::Builder::new().name("locus-ring-notice".into()).spawn(move || {
            let mut notice = notify_rust::Notification::new();
            notice
                .appname("Locus")
                .summary(summary)
                .body(&body)
                .action("default", "Show Locus")
                .action("answer", "Answer")
                .action("decline", "Decline")
                .sound_name(RING_SOUND)
                .urgency(if loud { notify_rust::Urgency::Critical } else { notify_rust::Urgency::Normal })
                .timeout(notify_rust::Timeout::Never);
            match notice.show() {
                #[cfg(all(unix, not(target_os = "macos")))]
                Ok(handle) => {
                    notices.with_shown(|shown| shown.insert(call_id.clone(), handle.id()));
                    handle.wait_for_action(|action| act(&app, &call_id, action));
                }
                #[cfg(not(all(unix, not(target_os = "macos"))))]
                Ok(_) => drop((notices, app, call_id)),
                Err(err) => tracing::warn!(%err, "could not show the incoming-call notification"),
            }
        });
        if let Err(err) = spawned {
            tracing::warn!(%err, "could not start the incoming-call notification thread");
        }
    }

    /// `call` changed: once it is answered or over, its notification goes, or says "Missed call" when the
    /// caller gave up before anyone answered.
    pub(crate) fn call_changed(&self, call: &CallView) {
        if !matches!(call.state, CallState::Established | CallState::Ended) {
            return;
        }
        let Some(id) = self.with_shown(|shown| shown.remove(&call.call_id)) else { return };
        let missed = call.state == CallState::Ended && call.end_reason.as_deref() != Some("declined");
        let caller = caller_words(call);
        let replaced = std::thread::Builder::new().name("locus-ring-notice-end".into()).spawn(move || {
            let mut notice = notify_rust::Notification::new();
            notice.appname("Locus").id(id);
            if missed {
                notice.summary("Missed call").body(&format!("{caller} called.")).urgency(notify_rust::Urgency::Normal);
                if let Err(err) = notice.show() {
                    tracing::warn!(%err, "could not turn the notification into a missed call");
                }
            } else {
                // Replaced in place with the same words, then closed: notify-rust closes by handle only.
                notice.summary("Call answered");
                match notice.show() {
                    #[cfg(all(unix, not(target_os = "macos")))]
                    Ok(handle) => handle.close(),
                    #[cfg(not(all(unix, not(target_os = "macos"))))]
                    Ok(_) => {}
                    Err(err) => tracing::warn!(%err, "could not close the incoming-call notification"),
                }
            }
        });
        if let Err(err) = replaced {
            tracing::warn!(%err, "could not start the notification thread");
        }
    }
}

/// What the user chose on the notification.
#[cfg(all(unix, not(target_os = "macos")))]
fn act(app: &AppHandle, call_id: &str, action: &str) {
    let Some(service) = app.try_state::<Arc<LocusService>>().map(|s| Arc::clone(&s)) else { return };
    match action {
        "answer" => {
            crate::show_main_window(app);
            let call_id = call_id.to_owned();
            tauri::async_runtime::spawn(async move {
                if let Err(err) = service.answer_call(&call_id).await {
                    tracing::warn!(%call_id, %err, "the call could not be answered from the notification");
                }
            });
        }
        "decline" => {
            if let Err(err) = service.decline_call(call_id) {
                tracing::warn!(%call_id, %err, "the call could not be declined from the notification");
            }
        }
        "__closed" => {}
        _ => crate::show_main_window(app),
    }
}

/// `Bob Caller (+13125550199)`, or the number alone.
fn caller_words(call: &CallView) -> String {
    match call.remote_name.as_deref().map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => format!("{name} ({})", call.remote),
        None => call.remote.clone(),
    }
}

/// The notification's title and text for a ringing call.
fn ringing_words(call: &CallView, loud: bool) -> (&'static str, String) {
    let caller = caller_words(call);
    if loud {
        (
            "Possible 911 callback",
            format!("{caller} is calling. This may be the 911 dispatcher calling back: answer it."),
        )
    } else {
        ("Incoming call", format!("{caller} is calling."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use locus_core::calls::CallKind;

    fn ringing(name: Option<&str>) -> CallView {
        CallView {
            call_id: "c".into(),
            remote: "+13125550199".into(),
            remote_name: name.map(str::to_owned),
            kind: CallKind::Incoming,
            state: CallState::Ringing,
            muted: false,
            emergency: None,
            end_reason: None,
            possible_emergency_callback: false,
        }
    }

    #[test]
    fn the_caller_is_named_with_the_number_and_a_callback_says_what_it_may_be() {
        assert_eq!(ringing_words(&ringing(Some("Bob Caller")), false).1, "Bob Caller (+13125550199) is calling.");
        assert_eq!(ringing_words(&ringing(Some("  ")), false).1, "+13125550199 is calling.");
        let (title, body) = ringing_words(&ringing(None), true);
        assert_eq!(title, "Possible 911 callback");
        assert!(body.contains("911 dispatcher"), "{body}");
    }
}
