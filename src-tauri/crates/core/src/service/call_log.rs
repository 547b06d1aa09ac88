//! The call history as the running service keeps it: every call event the window hears also passes through
//! here, so each call's start and answer times are noted and, once it ends, one row goes to the SQLite history
//! (on a task of its own, so a locked database never holds up a call, S1) and `CallHistoryChanged` follows.

use super::LocusService;
use crate::CoreError;
use crate::calls::{CallKind, CallView};
use crate::events::Event;
use locus_location::{CallDirection, CallRecord, FinishedCall};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use time::OffsetDateTime;

/// Calls seen start but not yet ended: when each started and when it was answered.
#[derive(Debug, Default)]
pub(crate) struct OpenCalls {
    calls: Mutex<HashMap<String, CallTimes>>,
}

#[derive(Debug, Clone, Copy)]
struct CallTimes {
    started: OffsetDateTime,
    answered: Option<OffsetDateTime>,
}

impl OpenCalls {
    fn with_calls<T>(&self, change: impl FnOnce(&mut HashMap<String, CallTimes>) -> T) -> T {
        change(&mut self.calls.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The history row for `view`, which has just ended.
fn finished_call(view: &CallView, times: Option<CallTimes>, ended: OffsetDateTime) -> FinishedCall {
    let direction = if view.kind == CallKind::Incoming { CallDirection::Incoming } else { CallDirection::Outgoing };
    let kind = match view.kind {
        CallKind::Normal => "normal",
        CallKind::Emergency => "emergency",
        CallKind::EmergencyTest => "emergency_test",
        CallKind::Incoming => "incoming",
    };
    FinishedCall {
        call_id: view.call_id.clone(),
        direction,
        kind: kind.to_owned(),
        remote: view.remote.clone(),
        remote_name: view.remote_name.clone(),
        started_at: times.map_or(ended, |t| t.started),
        answered_at: times.and_then(|t| t.answered),
        ended_at: ended,
        end_reason: view.end_reason.clone().unwrap_or_else(|| "ended".to_owned()),
        callback_did: view.emergency.as_ref().map(|e| e.callback_did.clone()),
        location_sent: view.emergency.as_ref().and_then(|e| e.location_text.clone()),
        possible_emergency_callback: view.possible_emergency_callback,
    }
}

impl LocusService {
    /// Notes that the call `call_id` started (was dialed, or began ringing here) at `at`.
    pub(crate) fn note_call_started(&self, call_id: &str, at: OffsetDateTime) {
        self.open_calls.with_calls(|calls| {
            calls.entry(call_id.to_owned()).or_insert(CallTimes { started: at, answered: None });
        });
    }

    /// Tells the window about a call (`event` is one of the `Call…` events) after noting it for the history:
    /// an answer time on `CallEstablished`, the history row on `CallEnded`.
    pub(crate) fn publish_call(&self, event: Event) {
        let now = OffsetDateTime::now_utc();
        match &event {
            Event::CallIncoming(view) => self.note_call_started(&view.call_id, now),
            Event::CallEstablished(view) => self.open_calls.with_calls(|calls| {
                if let Some(times) = calls.get_mut(&view.call_id) {
                    times.answered.get_or_insert(now);
                }
            }),
            Event::CallEnded(view) => {
                let times = self.open_calls.with_calls(|calls| calls.remove(&view.call_id));
                self.write_history(finished_call(view, times, now));
            }
            _ => {}
        }
        self.host.emit(&event);
    }

    /// Writes `call` on a task of its own, then emits `CallHistoryChanged` with the row as stored.
    fn write_history(&self, call: FinishedCall) {
        let history = self.history.clone();
        let host = std::sync::Arc::clone(&self.host);
        tokio::spawn(async move {
            match history.record(&call).await {
                Ok(stored) => host.emit(&Event::CallHistoryChanged(stored)),
                Err(err) => {
                    tracing::error!(call_id = %call.call_id, %err, "the call could not be written to the history")
                }
            }
        });
    }

    /// The newest `limit` calls, newest first.
    pub async fn call_history(&self, limit: u32) -> Result<Vec<CallRecord>, CoreError> {
        Ok(self.history.recent(limit).await?)
    }

    /// The numbers most recently dialed, each once, newest first (the dialer's list and redial).
    pub async fn recent_numbers(&self, limit: u32) -> Result<Vec<String>, CoreError> {
        Ok(self.history.recent_numbers(limit).await?)
    }

    /// Dials the number most recently dialed again, through the dial plan in force (so a 911 in the history
    /// is an emergency call again).
    pub async fn redial(self: &std::sync::Arc<Self>) -> Result<CallView, CoreError> {
        let last = self.recent_numbers(1).await?.into_iter().next();
        let number = last
            .ok_or_else(|| CoreError::Refused("nothing has been dialed yet, so there is nothing to redial".into()))?;
        self.place_call(&number).await
    }

    /// Forgets the call history (the audit log keeps its own record of emergency calls).
    pub async fn clear_call_history(&self) -> Result<u64, CoreError> {
        Ok(self.history.clear().await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::CallState;
    use crate::events::EmergencyCallRef;
    use time::macros::datetime;

    fn view(kind: CallKind) -> CallView {
        CallView {
            call_id: "c1".into(),
            remote: "911".into(),
            remote_name: None,
            kind,
            state: CallState::Ended,
            muted: false,
            emergency: None,
            end_reason: Some("remote_hung_up".into()),
            possible_emergency_callback: false,
        }
    }

    #[test]
    fn an_emergency_call_keeps_its_callback_number_and_location_in_the_history() {
        let mut emergency = view(CallKind::Emergency);
        emergency.emergency = Some(EmergencyCallRef {
            call_id: "c1".into(),
            callback_did: "6145550123".into(),
            location_text: Some("100 Main St".into()),
        });
        let started = datetime!(2026-11-24 10:00:00 UTC);
        let times = CallTimes { started, answered: Some(started + time::Duration::seconds(2)) };
        let row = finished_call(&emergency, Some(times), started + time::Duration::seconds(40));
        assert_eq!(row.direction, CallDirection::Outgoing);
        assert_eq!(row.kind, "emergency");
        assert_eq!(row.callback_did.as_deref(), Some("6145550123"));
        assert_eq!(row.location_sent.as_deref(), Some("100 Main St"));
        assert_eq!(row.answered_at, Some(started + time::Duration::seconds(2)));
        assert_eq!(row.end_reason, "remote_hung_up");
    }

    #[test]
    fn an_incoming_call_never_seen_start_is_dated_at_its_end_and_unanswered() {
        let ended = datetime!(2026-11-24 10:00:00 UTC);
        let row = finished_call(&view(CallKind::Incoming), None, ended);
        assert_eq!(row.direction, CallDirection::Incoming);
        assert_eq!(row.kind, "incoming");
        assert_eq!(row.started_at, ended);
        assert_eq!(row.answered_at, None);
    }
}
