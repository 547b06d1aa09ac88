//! Calls in the running service: placing them for the window, following each one to its end (events for the
//! UI), hanging up (transfers are in `transfers`), and the 933 readback test — dialed through exactly the
//! emergency path, its received audio recorded to a WAV, and the user's "did it match?" answer written to the
//! audit log (S5) and posted to IT's webhooks when the policy names any.

use super::{CallSound, DialOptions, LocusService};
use crate::CoreError;
use crate::calls::{CallKind, CallState, CallView, NumberCheck, ReadbackExpectation, TestAnswer, TestCallView};
use crate::e911_book::E911Book;
use crate::events::{CallTransfer, Event, TestCallResult};
use locus_emergency::{ConveyedBy, DialClassification};
use locus_location::NewAuditEntry;
use locus_sip::{Call, CallControl, CallEvent};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use time::OffsetDateTime;

/// The number a readback test dials when the account names no carrier test number.
pub const DEFAULT_TEST_NUMBER: &str = "933";

/// Every call the service is following, oldest first.
#[derive(Debug, Default)]
pub(crate) struct CallBoard {
    calls: Mutex<Vec<BoardEntry>>,
}

#[derive(Debug)]
struct BoardEntry {
    view: CallView,
    control: CallControl,
    test: Option<TestRecord>,
    /// Where a transfer under way sends the call, as the user typed it.
    transfer_target: Option<String>,
}

/// A readback test: what it should say, where its audio goes, and whether the call is over.
#[derive(Debug, Clone)]
struct TestRecord {
    expected: ReadbackExpectation,
    recording_path: PathBuf,
    recorded: bool,
}

impl CallBoard {
    fn with_calls<T>(&self, change: impl FnOnce(&mut Vec<BoardEntry>) -> T) -> T {
        change(&mut self.calls.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn views(&self) -> Vec<CallView> {
        self.with_calls(|calls| calls.iter().map(|entry| entry.view.clone()).collect())
    }

    /// Puts a call that did not start with `follow` (an answered incoming call) on the board.
    pub(crate) fn add(&self, view: CallView, control: CallControl) {
        self.with_calls(|calls| calls.push(BoardEntry { view, control, test: None, transfer_target: None }));
    }

    /// The call's view and control, if it is on the board.
    pub(crate) fn find(&self, call_id: &str) -> Option<(CallView, CallControl)> {
        self.with_calls(|calls| {
            let entry = calls.iter().find(|entry| entry.view.call_id == call_id)?;
            Some((entry.view.clone(), entry.control.clone()))
        })
    }

    /// Notes (or, with `None`, forgets) where a transfer of the call is going, for its events.
    pub(crate) fn set_transfer_target(&self, call_id: &str, target: Option<String>) {
        self.with_calls(|calls| {
            if let Some(entry) = calls.iter_mut().find(|entry| entry.view.call_id == call_id) {
                entry.transfer_target = target;
            }
        });
    }

    /// Where a transfer of the call is going, as the user typed it; `fallback` (the address asked for) if unknown.
    fn transfer_target(&self, call_id: &str, fallback: &str) -> String {
        self.with_calls(|calls| {
            calls.iter().find(|entry| entry.view.call_id == call_id).and_then(|entry| entry.transfer_target.clone())
        })
        .unwrap_or_else(|| fallback.to_owned())
    }

    /// Takes the call off the board.
    fn remove(&self, call_id: &str) {
        self.with_calls(|calls| calls.retain(|entry| entry.view.call_id != call_id));
    }

    /// Applies `change` to the call's view and returns the new view.
    pub(crate) fn update(&self, call_id: &str, change: impl FnOnce(&mut CallView)) -> Option<CallView> {
        self.with_calls(|calls| {
            let entry = calls.iter_mut().find(|entry| entry.view.call_id == call_id)?;
            change(&mut entry.view);
            Some(entry.view.clone())
        })
    }
}

fn kind_of(classification: &DialClassification) -> CallKind {
    match classification {
        DialClassification::Emergency { .. } => CallKind::Emergency,
        DialClassification::EmergencyTest { .. } => CallKind::EmergencyTest,
        DialClassification::Normal { .. } => CallKind::Normal,
    }
}

impl LocusService {
    /// What `text` would dial, by the dial plan in force (outside-line prefixes, carrier test numbers).
    pub fn check_number(&self, text: &str) -> NumberCheck {
        let classification = self.classify(text);
        NumberCheck { kind: kind_of(&classification), target: classification.target().to_owned() }
    }

    /// Dials `number` for the window: like [`LocusService::dial`], then follows the call, emitting
    /// `CallRinging`, `CallEstablished` and `CallEnded` with the call's whole view.
    pub async fn place_call(self: &Arc<Self>, number: &str) -> Result<CallView, CoreError> {
        let devices = DialOptions { sound: CallSound::Devices { record: false }, ..DialOptions::default() };
        let placed = self.dial(number, devices).await?;
        let emergency = placed.emergency.is_some();
        let view = self.follow(placed.call, &placed.classification, placed.emergency, None);
        if emergency {
            self.make_way_for_emergency(&view.call_id);
        }
        Ok(view)
    }

    /// Puts the call `call_id` on hold (a re-INVITE offering `sendonly`); `CallHeld` follows once the far end
    /// accepts.
    pub async fn hold_call(&self, call_id: &str) -> Result<(), CoreError> {
        let control = self.call_control(call_id)?;
        control.hold().await.map_err(|err| CoreError::Refused(format!("the call could not be put on hold: {err}")))
    }

    /// Takes the call `call_id` off hold; `CallResumed` follows once the far end accepts.
    pub async fn resume_call(&self, call_id: &str) -> Result<(), CoreError> {
        let control = self.call_control(call_id)?;
        control.resume().await.map_err(|err| CoreError::Refused(format!("the call could not be resumed: {err}")))
    }

    /// Mutes (`muted`) or unmutes our audio on the call `call_id`; returns the call as it now is.
    pub fn mute_call(&self, call_id: &str, muted: bool) -> Result<CallView, CoreError> {
        self.call_control(call_id)?.set_muted(muted);
        self.calls
            .update(call_id, |view| view.muted = muted)
            .ok_or_else(|| CoreError::NoSuchCall(format!("there is no call \"{call_id}\"")))
    }

    /// Sends `digits` as DTMF on the call `call_id` (RFC 4733 events, or SIP INFO when the far end takes no
    /// events): for IVRs and conference PINs. Characters off the keypad are refused and nothing is sent.
    pub fn send_dtmf(&self, call_id: &str, digits: &str) -> Result<(), CoreError> {
        self.call_control(call_id)?.send_dtmf(digits).map_err(|err| match err {
            locus_sip::SipError::NotKeypadDigits(_) => CoreError::Refused(err.to_string()),
            other => CoreError::Sip(other),
        })
    }

    fn call_control(&self, call_id: &str) -> Result<CallControl, CoreError> {
        self.calls
            .find(call_id)
            .map(|(_, control)| control)
            .ok_or_else(|| CoreError::NoSuchCall(format!("there is no call \"{call_id}\"")))
    }

    /// An emergency call (or the readback test) just went out, and it alone has the microphone: every other call
    /// is muted at once, whatever happens next; answered ones also go on hold (a line that refuses the hold stays
    /// muted) and ones still ringing out are cancelled. A 911 call in progress is never touched. All of it after
    /// the INVITE, the re-INVITEs on tasks of their own, so nothing here can delay it (S1).
    fn make_way_for_emergency(&self, emergency_call_id: &str) {
        let others: Vec<(String, CallState, CallControl)> = self.calls.with_calls(|calls| {
            calls
                .iter()
                .filter(|entry| entry.view.call_id != emergency_call_id && entry.view.kind != CallKind::Emergency)
                .map(|entry| (entry.view.call_id.clone(), entry.view.state, entry.control.clone()))
                .collect()
        });
        for (call_id, state, control) in others {
            control.set_muted(true);
            self.calls.update(&call_id, |view| view.muted = true);
            match state {
                CallState::Calling | CallState::Ringing => {
                    tracing::info!(%call_id, "not answered yet: cancelled for the emergency call");
                    control.hang_up();
                }
                CallState::Established => {
                    tokio::spawn(async move {
                        match control.hold().await {
                            Ok(()) => tracing::info!(%call_id, "held for the emergency call"),
                            Err(err) => {
                                tracing::warn!(%call_id, %err, "could not hold a call for the emergency call; it stays muted")
                            }
                        }
                    });
                }
                CallState::OnHold | CallState::Ended => {}
            }
        }
    }

    /// The 911 call in progress, if there is one.
    fn emergency_in_progress(&self) -> Option<String> {
        self.calls.with_calls(|calls| {
            calls
                .iter()
                .find(|entry| entry.view.kind == CallKind::Emergency && entry.view.state != CallState::Ended)
                .map(|entry| entry.view.call_id.clone())
        })
    }

    /// Hangs up the call `call_id` (CANCEL before an answer, BYE after).
    pub fn hang_up(&self, call_id: &str) -> Result<(), CoreError> {
        let handle = self.calls.with_calls(|calls| {
            calls.iter().find(|entry| entry.view.call_id == call_id).map(|entry| entry.control.clone())
        });
        match handle {
            Some(handle) => {
                handle.hang_up();
                Ok(())
            }
            None => Err(CoreError::NoSuchCall(format!("there is no call \"{call_id}\""))),
        }
    }

    /// Every call in progress (incoming calls still ringing first), and a readback test waiting for its answer.
    pub fn calls(&self) -> Vec<CallView> {
        let mut views = self.ringing_calls();
        views.extend(self.calls.views());
        views
    }

    /// Starts the 933 readback test: dials the emergency account's test number (its carrier's, or 933) through
    /// exactly the emergency path, and records what comes back. Returns what the readback should say.
    pub async fn start_test_call(self: &Arc<Self>) -> Result<TestCallView, CoreError> {
        if self.emergency_in_progress().is_some() {
            return Err(CoreError::Refused("a 911 call is in progress: test emergency calling after it ends".into()));
        }
        let plan = self.emergency_plan().ok_or_else(|| {
            CoreError::NoAccount("no SIP account is set up, so there is nothing to test (add one first)".into())
        })?;
        let number = E911Book::load(&self.paths)?
            .accounts
            .get(&plan.account_id)
            .and_then(|settings| settings.test_number.clone())
            .unwrap_or_else(|| DEFAULT_TEST_NUMBER.to_owned());
        // The person hears the readback, and it is recorded for the test's audit entry.
        let devices = DialOptions { sound: CallSound::Devices { record: true }, ..DialOptions::default() };
        let placed = self.dial(&number, devices).await?;
        if !matches!(placed.classification, DialClassification::EmergencyTest { .. }) {
            placed.call.hang_up();
            return Err(CoreError::Refused(format!("\"{number}\" is not recognised as an emergency test number")));
        }
        let expected = ReadbackExpectation {
            dialed: placed.classification.target().to_owned(),
            callback_spoken: spoken_number(&plan.caller_id),
            callback_number: plan.caller_id.clone(),
            address: plan.location_sent.clone(),
            address_source: plan.location_sent_by.map(|by| match by {
                ConveyedBy::ByValue => "the location sent in the call".to_owned(),
                ConveyedBy::CarrierRecord => "the carrier's record for the callback number".to_owned(),
            }),
        };
        let stamp = OffsetDateTime::now_utc().unix_timestamp();
        let recording_path = self.paths.data_dir.join("recordings").join(format!("readback-test-{stamp}.wav"));
        let record = TestRecord { expected: expected.clone(), recording_path: recording_path.clone(), recorded: false };
        let call = self.follow(placed.call, &placed.classification, placed.emergency, Some(record));
        self.make_way_for_emergency(&call.call_id);
        Ok(TestCallView { call, expected, recording_path: recording_path.display().to_string() })
    }

    /// Records the user's answer to "Did the readback match?" for the test call `call_id` (hanging it up first
    /// if it is still going): audit entry with the outcome, the recording, the DID and the location, then the
    /// `TestCallResult` event.
    pub async fn answer_test_call(
        &self,
        call_id: &str,
        answer: TestAnswer,
        now: OffsetDateTime,
    ) -> Result<TestCallResult, CoreError> {
        let (test, hang_up) = self
            .calls
            .with_calls(|calls| {
                let entry = calls.iter().find(|entry| entry.view.call_id == call_id)?;
                Some((entry.test.clone()?, entry.control.clone()))
            })
            .ok_or_else(|| CoreError::NoSuchCall(format!("there is no readback test call \"{call_id}\"")))?;
        hang_up.hang_up();
        let result = TestCallResult {
            call_id: call_id.to_owned(),
            outcome: answer.outcome().to_owned(),
            recording_path: test.recorded.then(|| test.recording_path.display().to_string()),
            callback_did: test.expected.callback_number.clone(),
            location_text: test.expected.address.clone(),
        };
        let payload = serde_json::json!({
                "call_id": call_id,
                "dialed": test.expected.dialed,
                "outcome": result.outcome,
                "recording_path": result.recording_path,
                "callback_did": result.callback_did,
                "location": result.location_text,
                "location_source": test.expected.address_source,
        });
        let entry =
            NewAuditEntry { kind: "emergency.test_result".into(), actor: "user".into(), payload: payload.clone() };
        self.audit.append(entry, now).await?;
        // IT hears of it too, when the policy names webhooks (after the audit entry: S5).
        if !self.policy.policy.notifications.webhooks.is_empty() {
            let mut report = payload;
            report["event"] = "emergency.test_result".into();
            report["at"] = now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default().into();
            drop(self.post_test_result_to_it(report));
        }
        self.calls.remove(call_id);
        self.remember_test(&test.expected, now).await;
        self.host.emit(&Event::TestCallResult(result.clone()));
        Ok(result)
    }

    /// Puts `call` on the board and follows it to its end on a task of its own.
    fn follow(
        self: &Arc<Self>,
        call: Call,
        classification: &DialClassification,
        emergency: Option<crate::events::EmergencyCallRef>,
        test: Option<TestRecord>,
    ) -> CallView {
        let kind = kind_of(classification);
        let view = CallView {
            call_id: call.call_id.clone(),
            remote: classification.target().to_owned(),
            remote_name: None,
            kind,
            state: CallState::Calling,
            muted: false,
            emergency,
            end_reason: None,
            possible_emergency_callback: false,
        };
        let recording = test.as_ref().map(|t| t.recording_path.clone());
        self.note_call_started(&view.call_id, OffsetDateTime::now_utc());
        self.calls.with_calls(|calls| {
            calls.push(BoardEntry { view: view.clone(), control: call.control(), test, transfer_target: None });
        });
        tokio::spawn(Arc::clone(self).follow_events(call, view.call_id.clone(), recording));
        view
    }

    /// Follows `call` to its end, keeping its view on the board current and telling the window (`CallRinging`,
    /// `CallEstablished`, `CallHeld`, `CallResumed`, the transfer's `CallTransferring`, `CallTransferred` or
    /// `CallTransferFailed`, and `CallEnded`); a readback test's received audio goes to `recording`. Placed and
    /// answered calls alike.
    pub(crate) async fn follow_events(self: Arc<Self>, mut call: Call, call_id: String, recording: Option<PathBuf>) {
        let service = self;
        while let Some(event) = call.next_event().await {
            match event {
                CallEvent::Ringing => {
                    if let Some(view) = service.calls.update(&call_id, |v| v.state = CallState::Ringing) {
                        service.publish_call(Event::CallRinging(view));
                    }
                }
                CallEvent::Established { .. } => {
                    if let Some(view) = service.calls.update(&call_id, |v| v.state = CallState::Established) {
                        service.publish_call(Event::CallEstablished(view));
                    }
                }
                CallEvent::Held => {
                    if let Some(view) = service.calls.update(&call_id, |v| v.state = CallState::OnHold) {
                        service.publish_call(Event::CallHeld(view));
                    }
                }
                CallEvent::Resumed => {
                    if let Some(view) = service.calls.update(&call_id, |v| v.state = CallState::Established) {
                        service.publish_call(Event::CallResumed(view));
                    }
                }
                CallEvent::Transferring { target } => {
                    let target = service.calls.transfer_target(&call_id, &target);
                    let transfer = CallTransfer { call_id: call_id.clone(), target, reason: None };
                    service.publish_call(Event::CallTransferring(transfer));
                }
                CallEvent::Transferred => {
                    let target = service.calls.transfer_target(&call_id, "");
                    let transfer = CallTransfer { call_id: call_id.clone(), target, reason: None };
                    service.publish_call(Event::CallTransferred(transfer));
                }
                CallEvent::TransferFailed { reason } => {
                    let target = service.calls.transfer_target(&call_id, "");
                    service.calls.set_transfer_target(&call_id, None);
                    let transfer = CallTransfer { call_id: call_id.clone(), target, reason: Some(reason) };
                    service.publish_call(Event::CallTransferFailed(transfer));
                }
                CallEvent::TransportChanged { transport, call_id: new_call_id, .. } => {
                    tracing::warn!(%call_id, %new_call_id, ?transport, "no answer on the first transport; INVITE sent again");
                }
                CallEvent::LocationRefused { status, call_id: new_call_id } => {
                    // The call's audit entry says which location was sent; this one says it was refused and the
                    // call went on without it, located by the callback number's record.
                    let entry = NewAuditEntry {
                        kind: "emergency.location_refused".into(),
                        actor: "system".into(),
                        payload: serde_json::json!({ "call_id": call_id, "status": status, "retry_call_id": new_call_id }),
                    };
                    if let Err(err) = service.audit.append(entry, OffsetDateTime::now_utc()).await {
                        tracing::error!(%err, "the refused location could not be written to the audit log");
                    }
                }
                CallEvent::Ended { end, media } => {
                    if let Some(path) = &recording {
                        let recorded = save_recording(path.clone(), media.received.samples).await;
                        service.calls.with_calls(|calls| {
                            if let Some(test) = calls
                                .iter_mut()
                                .find(|entry| entry.view.call_id == call_id)
                                .and_then(|entry| entry.test.as_mut())
                            {
                                test.recorded = recorded;
                            }
                        });
                    }
                    let view = service.calls.update(&call_id, |v| {
                        v.state = CallState::Ended;
                        v.end_reason = Some(end.code().to_owned());
                    });
                    // The PSAP calls back after a call drops or ends: its window runs from the end of the 911
                    // call, not from its INVITE (a long call would otherwise use the window up).
                    if view.as_ref().is_some_and(|v| v.kind == CallKind::Emergency) {
                        service.remember_emergency_call(OffsetDateTime::now_utc());
                    }
                    // A test stays on the board until the user answers; other calls leave it.
                    if recording.is_none() {
                        service.calls.remove(&call_id);
                    }
                    if let Some(view) = view {
                        service.publish_call(Event::CallEnded(view));
                    }
                    break;
                }
            }
        }
    }
}

/// Writes the received audio; false (and a log line) when it could not be written.
async fn save_recording(path: PathBuf, samples: Vec<i16>) -> bool {
    let written = tokio::task::spawn_blocking(move || {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
        }
        locus_sip::media::write_wav(&path, &samples)
    })
    .await;
    match written {
        Ok(Ok(())) => true,
        Ok(Err(err)) => {
            tracing::error!(%err, "the readback test recording could not be written");
            false
        }
        Err(err) => {
            tracing::error!(%err, "the recording task failed");
            false
        }
    }
}

/// `6145550100` → `614-555-0100`, the way a readback service says it; anything else as it is.
fn spoken_number(digits: &str) -> String {
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
    } else {
        digits.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::spoken_number;

    #[test]
    fn ten_digits_are_grouped_like_a_readback_and_anything_else_is_left_alone() {
        assert_eq!(spoken_number("6145550100"), "614-555-0100");
        assert_eq!(spoken_number("alice"), "alice");
        assert_eq!(spoken_number("16145550100"), "16145550100");
    }
}
