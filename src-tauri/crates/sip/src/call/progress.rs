//! The background half of a call: follows the dialog, fails the INVITE over to the next transport when it goes
//! unheard, starts media on answer, holds, resumes and transfers on request (`midcall`), hangs up when asked, and
//! reports it all as `CallEvent`s.

use super::failover::{Failover, went_unheard};
use super::invite::{Attempt, Invite};
use super::midcall::{CallCommand, MidCall};
use super::{CallEnd, CallEvent};
use crate::Transport;
use crate::media::{CallAudio, MediaReport, MediaSocket, RunningMedia, sdp};
use crate::stack::{DialogState, Endpoint, TerminatedReason};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Everything a call's background task owns.
pub(super) struct CallProgress {
    pub(super) endpoint: Endpoint,
    pub(super) invite: Invite,
    pub(super) attempt: Attempt,
    pub(super) failover: Failover,
    /// Whether a refused location may still be retried without it (once).
    pub(super) retry_without_location: bool,
    pub(super) media: Option<MediaSocket>,
    /// Hold, resume, transfer and DTMF by INFO, once answered.
    pub(super) mid: MidCall,
    /// The call's audio, until the answer starts it.
    pub(super) audio: Option<CallAudio>,
    /// The call's mute switch, shared with its `CallControl`.
    pub(super) muted: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub(super) events: mpsc::UnboundedSender<CallEvent>,
    pub(super) commands: mpsc::UnboundedReceiver<CallCommand>,
    /// DTMF digits asked for by `CallControl::send_dtmf`.
    pub(super) keypad: mpsc::UnboundedReceiver<char>,
}

impl CallProgress {
    pub(super) async fn run(mut self, hang_up: CancellationToken) {
        let mut running: Option<RunningMedia> = None;
        let mut hung_up_locally = false;
        let mut outcome_done = false;
        // Anything at all back from the far end (100, 1xx, a final answer): the INVITE stays on its transport.
        let mut heard_back = false;
        let end = loop {
            let failover_at = if heard_back || hung_up_locally || outcome_done {
                None
            } else {
                self.failover.deadline(self.attempt.sent_at)
            };
            tokio::select! {
                _ = hang_up.cancelled(), if !hung_up_locally => {
                    hung_up_locally = true;
                    if !heard_back && !outcome_done {
                        // Nothing came back, so there is nothing to CANCEL yet: drop the INVITE. The stack ends
                        // the dialog now, stops retransmitting, and CANCELs or BYEs should a late answer come.
                        self.attempt.outcome.abort();
                        outcome_done = true;
                    } else {
                        let dialog = self.attempt.dialog.clone();
                        tokio::spawn(async move {
                            if let Err(err) = dialog.hangup().await {
                                tracing::debug!(%err, "hang-up request failed");
                            }
                        });
                    }
                }
                _ = sleep_until(failover_at), if failover_at.is_some() => {
                    if let Err(why) = self.fail_over("no response").await {
                        break CallEnd::Failed(why);
                    }
                }
                result = &mut self.attempt.outcome, if !outcome_done => {
                    outcome_done = true;
                    if !heard_back && !hung_up_locally && self.failover.has_next() && went_unheard(&result) {
                        let why = match &result {
                            Ok(Err(err)) => err.to_string(),
                            _ => "no response".to_owned(),
                        };
                        match self.fail_over(&why).await {
                            Ok(()) => outcome_done = false,
                            Err(why) => break CallEnd::Failed(why),
                        }
                        continue;
                    }
                    if let Some(end) = final_failure(result, hung_up_locally) {
                        match self.unless_retried_without_location(end, running.is_some(), hung_up_locally) {
                            Some(end) => break end,
                            None => outcome_done = false,
                        }
                    }
                }
                Some(command) = self.commands.recv() => {
                    if hung_up_locally {
                        command.refuse(crate::SipError::CallOver);
                    } else {
                        self.mid.command(command, &self.attempt.dialog, running.as_ref());
                    }
                }
                Some(digit) = self.keypad.recv() => self.mid.digit(digit, &self.attempt.dialog, running.as_ref()),
                progress = self.mid.next(), if self.mid.is_busy() => {
                    self.mid.settle(progress, &self.attempt.dialog, running.as_ref());
                }
                state = self.attempt.states.recv() => {
                    let Some(state) = state else { break CallEnd::Failed("the SIP dialog went away".into()) };
                    match state {
                        DialogState::Trying(_) => heard_back = true,
                        // A 1xx to a re-INVITE is reported here too; only the first INVITE's mean ringing.
                        DialogState::Early(..) if running.is_none() => {
                            heard_back = true;
                            self.send(CallEvent::Ringing);
                        }
                        DialogState::Confirmed(_, response) if running.is_none() => {
                            heard_back = true;
                            match self.start_media(&response.body, &hang_up) {
                                Ok(media) => running = Some(media),
                                Err(why) => {
                                    let dialog = self.attempt.dialog.clone();
                                    tokio::spawn(async move { dialog.hangup().await });
                                    break CallEnd::Failed(why);
                                }
                            }
                            if hung_up_locally {
                                let dialog = self.attempt.dialog.clone();
                                tokio::spawn(async move { dialog.hangup().await });
                            }
                        }
                        DialogState::Notify(_, request, handle) => self.mid.notified(&request, handle),
                        DialogState::Confirmed(..) => self.mid.request_answered(&self.attempt.dialog, running.as_ref()),
                        DialogState::Terminated(_, reason) => {
                            let end = ended(reason, hung_up_locally);
                            match self.unless_retried_without_location(end, running.is_some(), hung_up_locally) {
                                Some(end) => break self.mid.end(end),
                                None => outcome_done = false,
                            }
                        }
                        _ => {}
                    }
                }
            }
        };
        // From here on `send_dtmf` answers `CallOver`.
        self.keypad.close();
        let media = match running {
            Some(media) => media.finish().await,
            None => MediaReport::default(),
        };
        tracing::info!(end = end.code(), sent = media.packets_sent, received = media.received.packets, "call ended");
        self.send(CallEvent::Ended { end, media });
        // Give a final BYE or CANCEL a moment to be answered before the endpoint closes.
        tokio::time::sleep(Duration::from_millis(200)).await;
        drop(self.endpoint);
    }

    /// Gives up the unheard INVITE quietly (nothing was received, so there is nothing to CANCEL; the stack still
    /// CANCELs a late 1xx and BYEs a late 2xx) and sends the same INVITE over the next transport.
    async fn fail_over(&mut self, why: &str) -> Result<(), String> {
        let Some(transport) = self.failover.next_transport() else {
            return Err(format!("the INVITE went unheard on every transport ({why})"));
        };
        self.attempt.outcome.abort();
        let from = self.attempt.transport;
        if from == Transport::Tls && transport != Transport::Tls {
            self.leave_srtp();
        }
        let next_hop = self.invite.next_hop(transport).await.map_err(|e| e.to_string())?;
        self.attempt = self.invite.send(&self.endpoint, transport, next_hop).map_err(|e| e.to_string())?;
        tracing::warn!(?from, to = ?transport, %why, call_id = %self.attempt.call_id, "INVITE sent again over the next transport");
        self.send(CallEvent::TransportChanged {
            transport,
            call_id: self.attempt.call_id.clone(),
            sent_at: self.attempt.sent_at,
        });
        Ok(())
    }

    /// `end`, unless it refuses the INVITE's location (415, 424) and this call may go on without it: then the
    /// INVITE goes out again at once over the same transport and next hop with the bare SDP (once), and `None`.
    fn unless_retried_without_location(
        &mut self,
        end: CallEnd,
        answered: bool,
        hung_up_locally: bool,
    ) -> Option<CallEnd> {
        let CallEnd::Rejected { status: status @ (415 | 424), .. } = end else { return Some(end) };
        if !self.retry_without_location || !self.invite.is_wrapped() || answered || hung_up_locally {
            return Some(end);
        }
        self.retry_without_location = false;
        self.attempt.outcome.abort();
        let offer = self.mid.first_offer();
        self.invite.drop_location(offer);
        let (transport, next_hop) = (self.attempt.transport, self.attempt.next_hop);
        match self.invite.send(&self.endpoint, transport, next_hop) {
            Ok(attempt) => self.attempt = attempt,
            Err(err) => return Some(CallEnd::Failed(err.to_string())),
        }
        tracing::warn!(status, call_id = %self.attempt.call_id, "the location was refused; INVITE sent again without it");
        self.send(CallEvent::LocationRefused { status, call_id: self.attempt.call_id.clone() });
        None
    }

    /// SDES keys are only secret inside encrypted signalling (RFC 4568 §8.3): an INVITE that leaves TLS offers
    /// plain RTP, which is also what a carrier's UDP or TCP entry point expects. For an emergency call, reaching
    /// the PSAP matters more than encrypting the audio.
    fn leave_srtp(&mut self) {
        if let Some(media) = self.media.as_mut() {
            media.drop_srtp();
        }
        let offer = self.mid.drop_srtp();
        self.invite.set_offer(offer);
        tracing::warn!("the INVITE leaves TLS: it now offers plain RTP, without SRTP keys");
    }

    fn start_media(&mut self, answer: &[u8], hang_up: &CancellationToken) -> Result<RunningMedia, String> {
        let answer = sdp::parse_answer(&String::from_utf8_lossy(answer))?;
        let socket = self.media.take().ok_or("media was already started")?;
        self.send(CallEvent::Established { remote: answer.remote, codec: answer.codec });
        let audio = self.audio.take().unwrap_or_default();
        socket.start(answer, audio, self.muted.clone(), hang_up.child_token())
    }

    fn send(&self, event: CallEvent) {
        // Nobody listening (the caller dropped the call) is fine.
        let _ = self.events.send(event);
    }
}

/// Sleeps until `deadline`; forever when there is none.
async fn sleep_until(deadline: Option<std::time::Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline.into()).await,
        None => std::future::pending().await,
    }
}

/// The INVITE transaction's result, when it means the call is over before an answer.
fn final_failure(
    result: Result<rsipstack::dialog::invitation::InviteAsyncResult, tokio::task::JoinError>,
    hung_up_locally: bool,
) -> Option<CallEnd> {
    match result {
        Err(err) => Some(CallEnd::Failed(format!("the INVITE task stopped: {err}"))),
        Ok(Err(err)) => {
            let text = err.to_string();
            Some(if text.to_ascii_lowercase().contains("timeout") { CallEnd::NoAnswer } else { CallEnd::Failed(text) })
        }
        Ok(Ok((_, Some(response)))) if response.status_code.code() >= 300 => {
            Some(refusal(response.status_code.code(), response.status_code.to_string(), hung_up_locally))
        }
        Ok(Ok(_)) => None,
    }
}

/// A final refusal as the user sees it; 487 after our own CANCEL is simply "cancelled".
fn refusal(status: u16, reason: String, hung_up_locally: bool) -> CallEnd {
    match status {
        487 if hung_up_locally => CallEnd::Cancelled,
        486 | 600 => CallEnd::Busy,
        603 => CallEnd::Declined,
        408 | 480 => CallEnd::NoAnswer,
        _ => CallEnd::Rejected { status, reason },
    }
}

fn ended(reason: TerminatedReason, hung_up_locally: bool) -> CallEnd {
    match reason {
        TerminatedReason::UacBye => CallEnd::HungUp,
        TerminatedReason::UacCancel => CallEnd::Cancelled,
        TerminatedReason::UasBye => CallEnd::RemoteHungUp,
        TerminatedReason::UasBusy | TerminatedReason::UacBusy => CallEnd::Busy,
        TerminatedReason::UasDecline => CallEnd::Declined,
        TerminatedReason::Timeout => CallEnd::NoAnswer,
        TerminatedReason::ProxyAuthRequired => {
            CallEnd::Rejected { status: 407, reason: "the proxy refused our credentials".into() }
        }
        TerminatedReason::ProxyError(status)
        | TerminatedReason::UasOther(status)
        | TerminatedReason::UacOther(status) => refusal(status.code(), status.to_string(), hung_up_locally),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_map_to_what_the_user_is_told() {
        assert_eq!(refusal(486, "Busy Here".into(), false), CallEnd::Busy);
        assert_eq!(refusal(603, "Decline".into(), false), CallEnd::Declined);
        assert_eq!(refusal(404, "Not Found".into(), false).code(), "rejected");
        assert_eq!(refusal(487, "Request Terminated".into(), true), CallEnd::Cancelled);
        assert_eq!(refusal(487, "Request Terminated".into(), false).code(), "rejected");
    }
}
