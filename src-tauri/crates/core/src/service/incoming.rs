//! Calls to us in the running service. Each account's registration hands over the calls that reach it; each is
//! decided by the user's settings and the PSAP callback window (`incoming_calls`): refused as busy, forwarded,
//! or rung — `CallIncoming` for the window, the host asked to ring (loudly for a possible 911 callback, which is
//! also audited as `emergency.callback_received`) — until the user answers or declines it (`answer_call`,
//! `decline_call`) or the caller gives up (`CallEnded`). Answered, it joins the call board like any other call.

use super::{CallSound, LocusService};
use crate::calls::{CallKind, CallState, CallView};
use crate::events::Event;
use crate::incoming_calls::{BUSY_HERE, DECLINE, IncomingDecision, decide_incoming, forward_uri};
use crate::{Config, CoreError};
use locus_location::NewAuditEntry;
use locus_sip::{Account, IncomingCall};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

/// The user's answer to a ringing call.
enum Choice {
    /// Answer; the view of the answered call (or why it could not be) goes back on the sender.
    Answer(oneshot::Sender<Result<CallView, CoreError>>),
    /// Decline (603).
    Decline,
}

/// A call ringing here, waiting for the user.
struct Ringing {
    view: CallView,
    choose: oneshot::Sender<Choice>,
}

/// The incoming calls still ringing.
#[derive(Default)]
pub(crate) struct RingingCalls {
    calls: Mutex<Vec<Ringing>>,
}

impl std::fmt::Debug for RingingCalls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RingingCalls").finish_non_exhaustive()
    }
}

impl RingingCalls {
    fn with_calls<T>(&self, change: impl FnOnce(&mut Vec<Ringing>) -> T) -> T {
        change(&mut self.calls.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Takes the call off the list, with the way to tell it the user's choice.
    fn take(&self, call_id: &str) -> Option<Ringing> {
        self.with_calls(|calls| {
            let index = calls.iter().position(|ringing| ringing.view.call_id == call_id)?;
            Some(calls.remove(index))
        })
    }
}

impl LocusService {
    /// Incoming calls still ringing.
    pub(crate) fn ringing_calls(&self) -> Vec<CallView> {
        self.ringing.with_calls(|calls| calls.iter().map(|ringing| ringing.view.clone()).collect())
    }

    /// Answers the ringing call `call_id`; returns the answered call (`CallEstablished` follows).
    pub async fn answer_call(&self, call_id: &str) -> Result<CallView, CoreError> {
        let ringing = self.ringing.take(call_id).ok_or_else(|| no_ringing_call(call_id))?;
        let (reply, answered) = oneshot::channel();
        ringing.choose.send(Choice::Answer(reply)).map_err(|_| no_ringing_call(call_id))?;
        answered.await.map_err(|_| no_ringing_call(call_id))?
    }

    /// Declines the ringing call `call_id` (603 Decline); `CallEnded` follows.
    pub fn decline_call(&self, call_id: &str) -> Result<(), CoreError> {
        let ringing = self.ringing.take(call_id).ok_or_else(|| no_ringing_call(call_id))?;
        ringing.choose.send(Choice::Decline).map_err(|_| no_ringing_call(call_id))
    }

    /// Takes the calls reaching `account`'s registration, until the registration stops.
    pub(crate) fn take_incoming_calls(
        self: &Arc<Self>,
        account: Account,
        mut calls: mpsc::UnboundedReceiver<IncomingCall>,
    ) {
        // Weak: the registration (which the service owns) keeps this task going, not the other way round.
        let service = Arc::downgrade(self);
        tokio::spawn(async move {
            while let Some(call) = calls.recv().await {
                let Some(service) = Weak::upgrade(&service) else { break };
                service.on_incoming_call(&account, call, OffsetDateTime::now_utc()).await;
            }
        });
    }

    async fn on_incoming_call(self: &Arc<Self>, account: &Account, call: IncomingCall, now: OffsetDateTime) {
        // Read now, so a change to config.json applies to the next call without a restart.
        let settings = match Config::load(&self.paths) {
            Ok(load) => load.config.calls,
            Err(_) => self.config.config.calls.clone(),
        };
        let window = self.policy.policy.emergency.callback_window();
        let last_emergency_call = self.last_emergency_call();
        let decision = decide_incoming(&settings, last_emergency_call, window, now);
        tracing::info!(call_id = %call.call_id, caller = %call.caller.user, ?decision, "incoming call");
        match decision {
            IncomingDecision::Busy => call.reject(BUSY_HERE),
            IncomingDecision::Forward(target) => {
                if let Err(err) = call.redirect(&forward_uri(&target, &account.domain)) {
                    tracing::warn!(%err, "an incoming call could not be forwarded");
                }
            }
            IncomingDecision::Ring { possible_emergency_callback } => {
                if possible_emergency_callback {
                    let payload = serde_json::json!({
                        "call_id": call.call_id,
                        "account": account.id,
                        "caller": call.caller.user,
                        "caller_name": call.caller.display_name,
                        "asserted_identity": call.caller.asserted_identity,
                        "last_emergency_call": last_emergency_call
                            .and_then(|at| at.format(&time::format_description::well_known::Rfc3339).ok()),
                        "callback_window_minutes": window.minutes,
                        "overrode_do_not_disturb": settings.do_not_disturb,
                        "overrode_forwarding": settings.forward_to.is_some(),
                    });
                    let entry =
                        NewAuditEntry { kind: "emergency.callback_received".into(), actor: "system".into(), payload };
                    if let Err(err) = self.audit.append(entry, now).await {
                        tracing::error!(%err, "the possible 911 callback could not be written to the audit log");
                    }
                }
                self.ring(call, possible_emergency_callback);
            }
        }
    }

    /// Rings `call` and waits, on a task of its own, for the user or the caller.
    fn ring(self: &Arc<Self>, mut call: IncomingCall, possible_emergency_callback: bool) {
        let view = CallView {
            call_id: call.call_id.clone(),
            remote: call.caller.asserted_identity.clone().unwrap_or_else(|| call.caller.user.clone()),
            remote_name: call.caller.display_name.clone(),
            kind: CallKind::Incoming,
            state: CallState::Ringing,
            muted: false,
            emergency: None,
            end_reason: None,
            possible_emergency_callback,
        };
        let (choose, choice) = oneshot::channel();
        self.ringing.with_calls(|calls| calls.push(Ringing { view: view.clone(), choose }));
        self.publish_call(Event::CallIncoming(view.clone()));
        self.host.ring_for_incoming_call(&view, possible_emergency_callback);
        let service = Arc::clone(self);
        tokio::spawn(async move {
            let choice = tokio::select! {
                end = call.caller_gone() => Err(end),
                choice = choice => Ok(choice),
            };
            match choice {
                Err(end) => {
                    service.ringing.take(&view.call_id);
                    service.emit_ended(view, end.code());
                }
                Ok(Ok(Choice::Answer(reply))) => match call
                    .accept_with_audio(service.call_audio(CallSound::Devices { record: false }, Vec::new()))
                    .await
                {
                    Ok(answered) => {
                        service.calls.add(view.clone(), answered.control());
                        let _ = reply.send(Ok(view.clone()));
                        Arc::clone(&service).follow_events(answered, view.call_id.clone(), None).await;
                    }
                    Err(err) => {
                        let _ = reply.send(Err(err.into()));
                        service.emit_ended(view, "failed");
                    }
                },
                Ok(Ok(Choice::Decline) | Err(_)) => {
                    call.reject(DECLINE);
                    service.emit_ended(view, "declined");
                }
            }
        });
    }

    fn emit_ended(&self, mut view: CallView, reason: &str) {
        view.state = CallState::Ended;
        view.end_reason = Some(reason.to_owned());
        self.publish_call(Event::CallEnded(view));
    }
}

fn no_ringing_call(call_id: &str) -> CoreError {
    CoreError::NoSuchCall(format!("there is no incoming call \"{call_id}\" ringing"))
}
