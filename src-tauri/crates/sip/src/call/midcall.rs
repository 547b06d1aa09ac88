//! What an answered call does inside its dialog, whichever side placed it: hold and resume (`hold`), blind
//! transfer (`transfer`: held first, hung up once the target answered, taken off hold again when it failed),
//! DTMF by SIP INFO when the far end takes no telephone events (`dtmf_info`), and the NOTIFYs a transfer
//! brings. The calls we place (`progress`) and the ones we answer (`incoming`) each run one, fed by the same
//! `CallControl` commands.

use super::dtmf_info::DtmfInfo;
use super::hold::{HoldCommand, HoldState};
use super::transfer::{Referrer, Step, Transfer, TransferCommand, Verdict};
use super::{CallEnd, CallEvent};
use crate::SipError;
use crate::media::RunningMedia;
use crate::media::sdp::OurMedia;
use crate::stack::InviteDialog;
use rsipstack::dialog::dialog::TransactionHandle;
use rsipstack::sip::Request;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

/// A request from a `CallControl` to the call's background task.
#[derive(Debug)]
pub(crate) enum CallCommand {
    /// Hold or resume.
    Hold(HoldCommand),
    /// Blind transfer.
    Transfer(TransferCommand),
}

impl CallCommand {
    /// Answers the command with `err` without carrying it out.
    pub(crate) fn refuse(self, err: SipError) {
        let _ = match self {
            CallCommand::Hold(command) => command.reply.send(Err(err)),
            CallCommand::Transfer(command) => command.reply.send(Err(err)),
        };
    }
}

/// What finished in the background (see [`MidCall::next`]).
#[derive(Debug)]
pub(crate) enum Progress {
    /// A hold or resume re-INVITE was answered.
    Reinvite(Result<(), SipError>),
    /// A transfer moved on.
    Transfer(Step),
}

/// The in-dialog side of one answered (or answering) call.
pub(crate) struct MidCall {
    hold: HoldState,
    transfer: Transfer,
    info: DtmfInfo,
    events: mpsc::UnboundedSender<CallEvent>,
    hang_up: CancellationToken,
    transferred: bool,
    /// What the transfer's last NOTIFY decided, carried out once our answer to it is out, so the other side hears
    /// the 200 before our BYE or resume.
    decided: Option<Verdict>,
    /// NOTIFYs whose answer is not known to be out yet.
    unanswered_notifies: usize,
}

impl MidCall {
    /// For a call whose SDP session (`session`, describing `ours`) we offered or answered first, reporting to
    /// `events` and hung up through `hang_up` once transferred.
    pub(crate) fn new(
        ours: OurMedia,
        session: u64,
        referrer: Referrer,
        events: mpsc::UnboundedSender<CallEvent>,
        hang_up: CancellationToken,
    ) -> Self {
        Self {
            hold: HoldState::new(ours, session),
            transfer: Transfer::new(referrer),
            info: DtmfInfo::default(),
            events,
            hang_up,
            transferred: false,
            decided: None,
            unanswered_notifies: 0,
        }
    }

    /// Before the answer: makes the call plain RTP (later hold and resume offers included) and returns the first
    /// offer without SRTP keys.
    pub(crate) fn drop_srtp(&mut self) -> String {
        self.hold.drop_srtp()
    }

    /// Before the answer: the first offer again, as it stands.
    pub(crate) fn first_offer(&self) -> String {
        self.hold.first_offer()
    }

    /// Carries out `command` on `dialog`; `media` is `None` before the answer (the command is then refused).
    pub(crate) fn command(&mut self, command: CallCommand, dialog: &InviteDialog, media: Option<&RunningMedia>) {
        match command {
            CallCommand::Hold(command) => self.hold.start(command, dialog, media),
            CallCommand::Transfer(command) => self.start_transfer(command, dialog, media),
        }
    }

    /// Sends `digit`: an RFC 4733 event when the far end takes them, SIP INFO otherwise; dropped before the
    /// answer.
    pub(crate) fn digit(&mut self, digit: char, dialog: &InviteDialog, media: Option<&RunningMedia>) {
        match media {
            Some(media) if media.send_digit(digit) => {}
            Some(_) => self.info.send(dialog, digit),
            None => tracing::debug!(%digit, "DTMF before the answer dropped"),
        }
    }

    /// Whether a re-INVITE or a transfer is waiting on the other side.
    pub(crate) fn is_busy(&self) -> bool {
        self.hold.is_pending() || self.transfer.is_pending()
    }

    /// Waits for the re-INVITE or transfer under way to move on; never returns while nothing is.
    pub(crate) async fn next(&mut self) -> Progress {
        tokio::select! {
            outcome = self.hold.answered(), if self.hold.is_pending() => Progress::Reinvite(outcome),
            step = self.transfer.next(), if self.transfer.is_pending() => Progress::Transfer(step),
            else => std::future::pending().await,
        }
    }

    /// Applies what [`MidCall::next`] returned.
    pub(crate) fn settle(&mut self, progress: Progress, dialog: &InviteDialog, media: Option<&RunningMedia>) {
        match progress {
            Progress::Reinvite(outcome) => {
                if let Some(event) = self.hold.settle(outcome, media) {
                    self.report(event);
                }
            }
            Progress::Transfer(step) => {
                if let Some(verdict) = self.transfer.advance(step, dialog) {
                    self.conclude(verdict, dialog, media);
                }
            }
        }
    }

    /// A NOTIFY the other side sent inside the dialog (a transfer's progress): answered at once; what it decides
    /// is carried out by [`MidCall::request_answered`] once that answer is out.
    pub(crate) fn notified(&mut self, request: &Request, handle: TransactionHandle) {
        let (status, verdict) = self.transfer.notified(request);
        self.unanswered_notifies += 1;
        tokio::spawn(async move {
            if let Err(err) = handle.reply(status).await {
                tracing::debug!(%err, "could not answer a NOTIFY");
            }
        });
        if verdict.is_some() {
            self.decided = verdict;
        }
    }

    /// The dialog is confirmed again after we answered a request the other side sent. Once every NOTIFY has its
    /// answer out, carries out what the transfer's deciding NOTIFY decided (hang up, or take the call off hold).
    /// The stack reports these confirmations in no fixed order against the next NOTIFY, hence the count.
    pub(crate) fn request_answered(&mut self, dialog: &InviteDialog, media: Option<&RunningMedia>) {
        self.unanswered_notifies = self.unanswered_notifies.saturating_sub(1);
        if self.unanswered_notifies == 0
            && let Some(verdict) = self.decided.take()
        {
            self.conclude(verdict, dialog, media);
        }
    }

    /// How the call ended, as the user sees it: our hang-up after a transfer went through is the transfer.
    pub(crate) fn end(&self, end: CallEnd) -> CallEnd {
        if self.transferred && end == CallEnd::HungUp { CallEnd::Transferred } else { end }
    }

    fn start_transfer(&mut self, command: TransferCommand, dialog: &InviteDialog, media: Option<&RunningMedia>) {
        let refused = match media {
            None => Some(SipError::NotAnswered),
            Some(_) if self.transferred => Some(SipError::CallOver),
            Some(_) if self.transfer.is_pending() => Some(SipError::TransferInProgress),
            Some(_) => None,
        };
        if let Some(err) = refused {
            let _ = command.reply.send(Err(err));
            return;
        }
        let refer_to = self.transfer.refer_to(&command.target);
        self.report(CallEvent::Transferring { target: refer_to.clone() });
        // RFC 5589 §6.1: the call is held while the other side calls the target. A call already held stays so.
        let hold = (!self.hold.is_held()).then(|| {
            let (reply, held) = oneshot::channel();
            self.hold.start(HoldCommand { hold: true, reply }, dialog, media);
            held
        });
        self.transfer.begin(refer_to, command.reply, hold, dialog);
    }

    fn conclude(&mut self, verdict: Verdict, dialog: &InviteDialog, media: Option<&RunningMedia>) {
        match verdict {
            Verdict::Transferred => {
                self.transferred = true;
                self.report(CallEvent::Transferred);
                self.hang_up.cancel();
            }
            Verdict::Failed { reason, resume } => {
                self.report(CallEvent::TransferFailed { reason });
                if resume {
                    // The outcome shows as `Resumed` (or the call staying held when the resume is refused).
                    let (reply, _) = oneshot::channel();
                    self.hold.start(HoldCommand { hold: false, reply }, dialog, media);
                }
            }
        }
    }

    fn report(&self, event: CallEvent) {
        // Nobody listening (the caller dropped the call) is fine.
        let _ = self.events.send(event);
    }
}
