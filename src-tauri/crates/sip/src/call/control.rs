//! The handle that controls a call from elsewhere than the task reading its events — hang up, hold, resume,
//! mute, DTMF, transfer — for placed and answered calls alike. Requests go to the call's background task as
//! `CallCommand`s; mute is a shared switch the media reads.

use super::hold::HoldCommand;
use super::midcall::CallCommand;
use super::transfer::TransferCommand;
use crate::SipError;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

/// Controls a call from elsewhere than the task reading its events: hang up, hold, resume, mute, DTMF, transfer.
/// Placed and answered calls alike.
#[derive(Debug, Clone)]
pub struct CallControl {
    hang_up: CancellationToken,
    commands: mpsc::UnboundedSender<CallCommand>,
    muted: Arc<AtomicBool>,
    keypad: mpsc::UnboundedSender<char>,
}

/// The former name of [`CallControl`], which started out able only to hang up.
pub type HangUpHandle = CallControl;

impl CallControl {
    /// A control that hangs up through `hang_up`, sends requests to `commands` and DTMF to `keypad`, and mutes
    /// through `muted`.
    pub(crate) fn new(
        hang_up: CancellationToken,
        commands: mpsc::UnboundedSender<CallCommand>,
        muted: Arc<AtomicBool>,
        keypad: mpsc::UnboundedSender<char>,
    ) -> Self {
        Self { hang_up, commands, muted, keypad }
    }

    /// The token that hangs the call up, for its background task.
    pub(crate) fn hang_up_token(&self) -> CancellationToken {
        self.hang_up.clone()
    }

    /// Hangs up: CANCEL before an answer, BYE after. Idempotent.
    pub fn hang_up(&self) {
        self.hang_up.cancel();
    }

    /// Puts the answered call on hold: a re-INVITE offering `a=sendonly`. Our audio stops at once; returns once
    /// the other side accepted (after `CallEvent::Held`). Holding a held call does nothing. Fails with
    /// `SipError::NotAnswered` before the answer, `ReinviteRefused` when the other side says no (audio then
    /// starts again), `ReinviteInProgress` while a hold or resume still waits, `CallOver` after the end.
    pub async fn hold(&self) -> Result<(), SipError> {
        self.ask(true).await
    }

    /// Takes the call off hold: a re-INVITE offering `a=sendrecv`; our audio starts again once the other side
    /// accepted (after `CallEvent::Resumed`). Resuming a call that is not held does nothing. Fails like
    /// [`CallControl::hold`]; a refused resume leaves the call held.
    pub async fn resume(&self) -> Result<(), SipError> {
        self.ask(false).await
    }

    /// Mutes our audio (`true`: silence goes out in its place, the line stays up) or unmutes it. Works before
    /// the answer too (the call then starts muted) and does nothing after the end.
    pub fn set_muted(&self, muted: bool) {
        self.muted.store(muted, Ordering::Relaxed);
    }

    /// Sends `digits` as DTMF, in order: RFC 4733 telephone events when the far end answered with them, SIP
    /// INFO (`application/dtmf-relay`) otherwise. Nothing is sent unless every character is a keypad digit;
    /// digits before the answer are dropped. Fails with `CallOver` once the call has ended.
    pub fn send_dtmf(&self, digits: &str) -> Result<(), SipError> {
        let digits = digits.trim();
        if digits.is_empty() || !digits.chars().all(|c| crate::media::dtmf::event_code(c).is_some()) {
            return Err(SipError::NotKeypadDigits(digits.to_owned()));
        }
        digits.chars().try_for_each(|digit| self.keypad.send(digit)).map_err(|_| SipError::CallOver)
    }

    /// Whether our audio is muted.
    pub fn is_muted(&self) -> bool {
        self.muted.load(Ordering::Relaxed)
    }

    /// Blind transfer (RFC 3515, RFC 5589 §6.1): holds the answered call, sends a REFER asking the other side to
    /// call `target` (a number or user dialled at the account's domain, or a full `sip:` URI; we are the
    /// `Referred-By`), and follows its NOTIFYs. Returns `Ok` once the target answered the other side — the
    /// call is then hung up (`CallEvent::Transferred`, then `Ended` with `CallEnd::Transferred`). Fails with
    /// `InvalidTransferTarget` for an empty target, `NotAnswered` before the answer, `TransferInProgress` while
    /// another transfer runs, `TransferRefused` when the REFER is refused, `TransferFailed` when the target was
    /// busy, did not answer or no word came back, and `CallOver` after the end. A failed transfer leaves the call
    /// up (`CallEvent::TransferFailed`), taken off hold when the transfer held it.
    pub async fn transfer(&self, target: &str) -> Result<(), SipError> {
        let target = target.trim();
        if target.is_empty() || target.chars().any(char::is_control) {
            return Err(SipError::InvalidTransferTarget(target.to_owned()));
        }
        let (reply, outcome) = oneshot::channel();
        let command = CallCommand::Transfer(TransferCommand { target: target.to_owned(), reply });
        self.commands.send(command).map_err(|_| SipError::CallOver)?;
        outcome.await.unwrap_or(Err(SipError::CallOver))
    }

    async fn ask(&self, hold: bool) -> Result<(), SipError> {
        let (reply, outcome) = oneshot::channel();
        self.commands.send(CallCommand::Hold(HoldCommand { hold, reply })).map_err(|_| SipError::CallOver)?;
        outcome.await.unwrap_or(Err(SipError::CallOver))
    }
}
