//! Blind transfer (RFC 3515 REFER, the flow of RFC 5589 §6.1): the call is put on hold, a REFER inside its
//! dialog asks the other side to call the target (`Refer-To`, with us as `Referred-By`), and the NOTIFYs of the
//! implicit subscription say how that call goes, one `message/sipfrag` status line each (`SIP/2.0 100 Trying`,
//! `SIP/2.0 180 Ringing`, then `SIP/2.0 200 OK` or a failure such as `SIP/2.0 486 Busy Here`). A 2xx means the
//! other side now talks to the target, so we hang up; a failure, a refused REFER or silence leaves the call up,
//! taken off hold again when the transfer held it. This file keeps the transfer's stages and its answer to the
//! `CallControl`; `midcall` carries out the hold, resume and hang-up they ask for.

use super::invite::{dialled_user, is_sip_uri};
use crate::SipError;
use crate::stack::{Header, InviteDialog};
use rsipstack::sip::prelude::HeadersExt;
use rsipstack::sip::{Request, Response, StatusCode, StatusCodeKind};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// How long an accepted transfer may take to say how it ended (the target ringing included) before we give up
/// on it and take the call back.
const OUTCOME_WAIT: Duration = Duration::from_secs(90);

/// A transfer asked for by a `CallControl`.
#[derive(Debug)]
pub(crate) struct TransferCommand {
    /// A number or user dialled at the account's domain, or a full `sip:` URI.
    pub(crate) target: String,
    /// Where the outcome goes: `Ok` once the target answered.
    pub(crate) reply: oneshot::Sender<Result<(), SipError>>,
}

/// Who we are and where numbers are dialled, for the REFER.
#[derive(Debug, Clone)]
pub(crate) struct Referrer {
    /// Our own address (`sip:alice@example.com`), sent as `Referred-By`.
    pub(crate) us: String,
    /// Where a number or user name is dialled: the account's domain.
    pub(crate) domain: String,
}

impl Referrer {
    /// The `Refer-To` address for `target`: a `sip:` URI as it is, anything else dialled at our domain.
    pub(crate) fn refer_to(&self, target: &str) -> String {
        let target = target.trim();
        if is_sip_uri(target) { target.to_owned() } else { format!("sip:{}@{}", dialled_user(target), self.domain) }
    }
}

/// What the REFER transaction came back with.
type ReferAnswer = Result<Option<Response>, String>;

/// Where a transfer is.
enum Stage {
    /// Waiting for our hold (the re-INVITE before the REFER) to be answered.
    Holding(oneshot::Receiver<Result<(), SipError>>),
    /// The REFER is out; waiting for its 202.
    Referring(JoinHandle<ReferAnswer>),
    /// The REFER was accepted; following its NOTIFYs until a final status or this deadline.
    Following(Instant),
}

struct Pending {
    refer_to: String,
    reply: oneshot::Sender<Result<(), SipError>>,
    stage: Stage,
    /// The transfer put the call on hold, so a failure takes it off again.
    held_by_us: bool,
    /// A final status from a NOTIFY that overtook the 202.
    early_outcome: Option<Sipfrag>,
}

/// What moved a transfer on (see [`Transfer::next`]).
#[derive(Debug)]
pub(crate) enum Step {
    /// Our hold was answered (or could not be made).
    Held(Result<(), SipError>),
    /// The REFER was answered (or went unanswered).
    ReferAnswered(ReferAnswer),
    /// No final NOTIFY in time.
    OutcomeOverdue,
}

/// How a transfer ended; its `CallControl` has already been told.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The target answered the other side: hang up.
    Transferred,
    /// It did not go through, for `reason`; `resume` when the transfer held the call.
    Failed {
        /// Why, for people.
        reason: String,
        /// Take the call off hold.
        resume: bool,
    },
}

/// A call's transfer, while one is under way.
pub(crate) struct Transfer {
    referrer: Referrer,
    pending: Option<Pending>,
}

impl Transfer {
    pub(crate) fn new(referrer: Referrer) -> Self {
        Self { referrer, pending: None }
    }

    /// Whether a transfer is under way.
    pub(crate) fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// The `Refer-To` address for `target`.
    pub(crate) fn refer_to(&self, target: &str) -> String {
        self.referrer.refer_to(target)
    }

    /// Starts a transfer to `refer_to`: after `hold` answers when the call is being held for it, else at once.
    pub(crate) fn begin(
        &mut self,
        refer_to: String,
        reply: oneshot::Sender<Result<(), SipError>>,
        hold: Option<oneshot::Receiver<Result<(), SipError>>>,
        dialog: &InviteDialog,
    ) {
        let stage = match hold {
            Some(held) => Stage::Holding(held),
            None => Stage::Referring(self.send_refer(&refer_to, dialog)),
        };
        self.pending = Some(Pending { refer_to, reply, stage, held_by_us: false, early_outcome: None });
    }

    /// Waits for what moves the transfer under way on; never returns when there is none.
    pub(crate) async fn next(&mut self) -> Step {
        let Some(pending) = self.pending.as_mut() else { return std::future::pending().await };
        match &mut pending.stage {
            Stage::Holding(held) => Step::Held(held.await.unwrap_or(Err(SipError::CallOver))),
            Stage::Referring(refer) => {
                Step::ReferAnswered(refer.await.unwrap_or_else(|e| Err(format!("the REFER task stopped: {e}"))))
            }
            Stage::Following(deadline) => {
                tokio::time::sleep_until(*deadline).await;
                Step::OutcomeOverdue
            }
        }
    }

    /// Applies `step` from [`Transfer::next`]; the verdict once the transfer is over.
    pub(crate) fn advance(&mut self, step: Step, dialog: &InviteDialog) -> Option<Verdict> {
        let refer_to = self.pending.as_ref()?.refer_to.clone();
        let outcome = match step {
            Step::Held(held) => {
                match held {
                    Ok(()) => self.pending.as_mut()?.held_by_us = true,
                    Err(err) => {
                        tracing::warn!(%err, "the call could not be held for the transfer; transferring anyway")
                    }
                }
                let refer = self.send_refer(&refer_to, dialog);
                self.pending.as_mut()?.stage = Stage::Referring(refer);
                return None;
            }
            Step::ReferAnswered(Ok(Some(response))) if response.status_code.kind() == StatusCodeKind::Successful => {
                tracing::info!(status = response.status_code.code(), "REFER accepted");
                let pending = self.pending.as_mut()?;
                pending.stage = Stage::Following(Instant::now() + OUTCOME_WAIT);
                pending.early_outcome.take()?.outcome()
            }
            Step::ReferAnswered(Ok(Some(response))) => {
                let status = &response.status_code;
                let reason = response.wire_reason.clone().unwrap_or_else(|| status.text().to_owned());
                Err(SipError::TransferRefused { status: status.code(), reason })
            }
            Step::ReferAnswered(Ok(None)) => Err(SipError::TransferFailed("the call is not established".into())),
            Step::ReferAnswered(Err(why)) => {
                Err(SipError::TransferFailed(format!("the transfer request went unanswered: {why}")))
            }
            Step::OutcomeOverdue => {
                Err(SipError::TransferFailed(format!("no word on the transfer within {} s", OUTCOME_WAIT.as_secs())))
            }
        };
        Some(self.finish(outcome))
    }

    /// A NOTIFY inside the call's dialog: the status to answer it with, and the verdict when it ends the
    /// transfer. A NOTIFY for another event package is answered 489 Bad Event.
    pub(crate) fn notified(&mut self, request: &Request) -> (StatusCode, Option<Verdict>) {
        let event = request.header_value("Event").unwrap_or_default();
        if !event.trim().to_ascii_lowercase().starts_with("refer") {
            return (StatusCode::BadEvent, None);
        }
        let body = String::from_utf8_lossy(&request.body);
        let Some(frag) = Sipfrag::parse(&body) else {
            tracing::debug!(%body, "a transfer NOTIFY without a status line");
            return (StatusCode::OK, None);
        };
        let subscription_over = request
            .header_value("Subscription-State")
            .is_some_and(|state| state.trim().to_ascii_lowercase().starts_with("terminated"));
        tracing::info!(status = frag.status, line = %frag.line, subscription_over, "transfer progress");
        let Some(pending) = self.pending.as_mut() else { return (StatusCode::OK, None) };
        let frag = match (frag.status >= 200, subscription_over) {
            (true, _) => frag,
            // The subscription ended before any final status: there will be no word on the outcome.
            (false, true) => Sipfrag { status: 0, line: "the transfer ended without an outcome".into() },
            (false, false) => return (StatusCode::OK, None),
        };
        if !matches!(pending.stage, Stage::Following(_)) {
            pending.early_outcome = Some(frag);
            return (StatusCode::OK, None);
        }
        (StatusCode::OK, Some(self.finish(frag.outcome())))
    }

    /// Ends the transfer under way with `outcome`: its `CallControl` is told, and the call hears the verdict.
    fn finish(&mut self, outcome: Result<(), SipError>) -> Verdict {
        let Some(pending) = self.pending.take() else {
            return Verdict::Failed { reason: "no transfer was under way".into(), resume: false };
        };
        let verdict = match &outcome {
            Ok(()) => Verdict::Transferred,
            Err(err) => Verdict::Failed { reason: err.to_string(), resume: pending.held_by_us },
        };
        match &verdict {
            Verdict::Transferred => tracing::info!(refer_to = %pending.refer_to, "call transferred"),
            Verdict::Failed { reason, .. } => tracing::warn!(refer_to = %pending.refer_to, %reason, "transfer failed"),
        }
        let _ = pending.reply.send(outcome);
        verdict
    }

    fn send_refer(&self, refer_to: &str, dialog: &InviteDialog) -> JoinHandle<ReferAnswer> {
        let dialog = dialog.clone();
        let refer_to = format!("<{refer_to}>");
        let referred_by = vec![Header::ReferredBy(format!("<{}>", self.referrer.us).into())];
        tracing::info!(%refer_to, "REFER sent");
        tokio::spawn(async move { dialog.refer(refer_to, Some(referred_by), None).await.map_err(|e| e.to_string()) })
    }
}

/// The status line of a `message/sipfrag` body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sipfrag {
    /// Its status code; 0 for a made-up failure that has none.
    status: u16,
    /// The whole line (`SIP/2.0 486 Busy Here`), or why there is none.
    line: String,
}

impl Sipfrag {
    fn parse(body: &str) -> Option<Self> {
        let line = body.lines().map(str::trim).find(|line| !line.is_empty())?;
        Some(Self { status: parse_sipfrag_status(line)?, line: line.to_owned() })
    }

    /// A final status as the transfer's outcome: 2xx went through, anything else did not.
    fn outcome(self) -> Result<(), SipError> {
        match self.status {
            200..=299 => Ok(()),
            0 => Err(SipError::TransferFailed(self.line)),
            _ => Err(SipError::TransferFailed(
                self.line.strip_prefix("SIP/2.0").map(str::trim).unwrap_or(&self.line).to_owned(),
            )),
        }
    }
}

/// The status code of a `message/sipfrag` body's status line (`SIP/2.0 180 Ringing` → 180); `None` when the
/// body does not start with a SIP status line.
pub(crate) fn parse_sipfrag_status(body: &str) -> Option<u16> {
    let line = body.lines().map(str::trim).find(|line| !line.is_empty())?;
    let mut fields = line.split_whitespace();
    if !fields.next()?.eq_ignore_ascii_case("SIP/2.0") {
        return None;
    }
    let code = fields.next()?;
    let status: u16 = code.parse().ok().filter(|_| code.len() == 3)?;
    (100..=699).contains(&status).then_some(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_line_of_a_sipfrag_gives_its_code() {
        assert_eq!(parse_sipfrag_status("SIP/2.0 100 Trying"), Some(100));
        assert_eq!(parse_sipfrag_status("SIP/2.0 180 Ringing\r\n"), Some(180));
        assert_eq!(parse_sipfrag_status("\r\n  SIP/2.0 200 OK\r\nContact: <sip:bob@x>\r\n"), Some(200));
        assert_eq!(parse_sipfrag_status("sip/2.0 486 Busy Here"), Some(486));
        assert_eq!(parse_sipfrag_status("SIP/2.0 503"), Some(503));
    }

    #[test]
    fn anything_but_a_status_line_gives_none() {
        assert_eq!(parse_sipfrag_status(""), None);
        assert_eq!(parse_sipfrag_status("INVITE sip:bob@x SIP/2.0"), None);
        assert_eq!(parse_sipfrag_status("SIP/2.0 OK"), None);
        assert_eq!(parse_sipfrag_status("SIP/2.0 2000 OK"), None);
        assert_eq!(parse_sipfrag_status("SIP/2.0 099 Too Low"), None);
        assert_eq!(parse_sipfrag_status("HTTP/1.1 200 OK"), None);
    }

    #[test]
    fn a_final_failure_reads_as_its_status_and_reason() {
        let busy = Sipfrag::parse("SIP/2.0 486 Busy Here\r\n").expect("a status line");
        assert_eq!(busy.status, 486);
        assert!(matches!(busy.outcome(), Err(SipError::TransferFailed(why)) if why == "486 Busy Here"));
        assert!(Sipfrag::parse("SIP/2.0 200 OK").expect("a status line").outcome().is_ok());
    }

    #[test]
    fn numbers_are_referred_at_our_domain_and_sip_addresses_as_they_are() {
        let referrer = Referrer { us: "sip:alice@pbx.example.com".into(), domain: "pbx.example.com".into() };
        assert_eq!(referrer.refer_to(" 312-555-0142 "), "sip:3125550142@pbx.example.com");
        assert_eq!(referrer.refer_to("tel:+13125550142"), "sip:+13125550142@pbx.example.com");
        assert_eq!(referrer.refer_to("bob"), "sip:bob@pbx.example.com");
        assert_eq!(referrer.refer_to("sip:carol@other.example"), "sip:carol@other.example");
    }
}
