//! Hold and resume (RFC 3264 §8.4, RFC 6337 §5.3): a re-INVITE inside the call's dialog with a new offer of the
//! same SDP session, its `o=` version one higher each time, `a=sendonly` to hold and `a=sendrecv` to resume. Our
//! audio stops as soon as the hold offer is sent (the other side stops hearing us at once) and starts again when
//! the resume is accepted; a refused hold sends audio again, a refused resume leaves the call held. The outcome
//! is the result of `hold()` / `resume()`; only success adds an event (`Held`, `Resumed`).

use super::CallEvent;
use crate::SipError;
use crate::media::RunningMedia;
use crate::media::sdp::{Direction, Origin, OurMedia};
use crate::stack::Header;
use rsipstack::dialog::invite_dialog::InviteDialog;
use tokio::sync::oneshot;

/// A request from a `CallControl` to the call's background task.
#[derive(Debug)]
pub(crate) struct HoldCommand {
    /// `true` to hold, `false` to resume.
    pub(crate) hold: bool,
    /// Where the outcome goes.
    pub(crate) reply: oneshot::Sender<Result<(), SipError>>,
}

/// A re-INVITE under way.
struct Pending {
    hold: bool,
    reply: oneshot::Sender<Result<(), SipError>>,
    task: tokio::task::JoinHandle<Result<(), SipError>>,
}

/// The call's hold state: the SDP session its offers belong to, whether it is held, the re-INVITE under way.
pub(super) struct HoldState {
    ours: OurMedia,
    origin: Origin,
    held: bool,
    pending: Option<Pending>,
}

impl HoldState {
    /// For a call whose first offer or answer described `ours` with session `session`.
    pub(super) fn new(ours: OurMedia, session: u64) -> Self {
        Self { ours, origin: Origin::first(session), held: false, pending: None }
    }

    /// Makes the call plain RTP before anything was answered, and returns the first offer again without keys.
    pub(super) fn drop_srtp(&mut self) -> String {
        self.ours.crypto.clear();
        self.ours.offer(self.origin, Direction::SendRecv)
    }

    /// The first offer again, as it stands (before any answer).
    pub(super) fn first_offer(&self) -> String {
        self.ours.offer(self.origin, Direction::SendRecv)
    }

    /// Whether the other side accepted our last hold (and no resume since).
    pub(super) fn is_held(&self) -> bool {
        self.held
    }

    /// Whether a re-INVITE is waiting for its answer.
    pub(super) fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Starts the re-INVITE `command` asks for, or answers it at once: not answered yet, already in that state,
    /// or another re-INVITE still under way.
    pub(super) fn start(&mut self, command: HoldCommand, dialog: &InviteDialog, media: Option<&RunningMedia>) {
        let Some(media) = media else {
            let _ = command.reply.send(Err(SipError::NotAnswered));
            return;
        };
        if self.pending.is_some() {
            let _ = command.reply.send(Err(SipError::ReinviteInProgress));
            return;
        }
        if command.hold == self.held {
            let _ = command.reply.send(Ok(()));
            return;
        }
        self.origin = self.origin.next();
        let direction = if command.hold { Direction::SendOnly } else { Direction::SendRecv };
        let offer = self.ours.offer(self.origin, direction);
        if command.hold {
            media.set_held(true);
        }
        tracing::info!(hold = command.hold, version = self.origin.version, "re-INVITE sent");
        let task = tokio::spawn(reinvite(dialog.clone(), offer));
        self.pending = Some(Pending { hold: command.hold, reply: command.reply, task });
    }

    /// Waits for the re-INVITE under way to be answered; never returns when there is none.
    pub(super) async fn answered(&mut self) -> Result<(), SipError> {
        match self.pending.as_mut() {
            Some(pending) => (&mut pending.task)
                .await
                .unwrap_or_else(|e| Err(SipError::Transport(format!("the re-INVITE task stopped: {e}")))),
            None => std::future::pending().await,
        }
    }

    /// Applies the answer from [`HoldState::answered`]: audio on or off, the caller told; the event to report.
    pub(super) fn settle(&mut self, outcome: Result<(), SipError>, media: Option<&RunningMedia>) -> Option<CallEvent> {
        let pending = self.pending.take()?;
        let event = match &outcome {
            Ok(()) => {
                self.held = pending.hold;
                if let Some(media) = media {
                    media.set_held(pending.hold);
                }
                Some(if pending.hold { CallEvent::Held } else { CallEvent::Resumed })
            }
            Err(err) => {
                tracing::warn!(hold = pending.hold, %err, "the other side did not take the re-INVITE");
                if let Some(media) = media {
                    media.set_held(self.held);
                }
                None
            }
        };
        let _ = pending.reply.send(outcome);
        event
    }
}

/// Sends one re-INVITE with `offer` and waits for its final answer.
async fn reinvite(dialog: InviteDialog, offer: String) -> Result<(), SipError> {
    let headers = vec![Header::ContentType("application/sdp".into())];
    match dialog.reinvite(Some(headers), Some(offer.into_bytes())).await {
        Ok(Some(response)) if (200..300).contains(&response.status_code.code()) => {
            let answered = Direction::of(&String::from_utf8_lossy(&response.body));
            tracing::info!(?answered, "re-INVITE accepted");
            Ok(())
        }
        Ok(Some(response)) => Err(SipError::ReinviteRefused {
            status: response.status_code.code(),
            reason: response.status_code.to_string(),
        }),
        Ok(None) => Err(SipError::NotAnswered),
        Err(err) => Err(SipError::Transport(format!("the re-INVITE failed: {err}"))),
    }
}
