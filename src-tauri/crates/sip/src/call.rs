//! Placing a call: one INVITE from an account (its own endpoint, so a call never waits for registration), with
//! the caller identity, extra headers and body wrapping the caller asks for — which is how the emergency layer
//! adds P-Asserted-Identity, `Priority: emergency` and a PIDF-LO without this crate knowing about E911. Audio is
//! G.711 over RTP from a WAV source, recorded as it arrives.

use crate::connect::{credential, endpoint_towards_next_hop};
use crate::media::{G711, MediaReport, MediaSocket, RunningMedia, sdp};
use crate::stack::{DialogState, Endpoint, Header, InviteOption, TerminatedReason, uri};
use crate::{Account, SipError};
use rsipstack::sip::uri::ParamsExt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Turns our SDP offer into the INVITE body: returns the Content-Type and the bytes (e.g. multipart/mixed with a
/// PIDF-LO). Must not block: it runs between dial and INVITE.
pub type BodyWrapper = Arc<dyn Fn(&[u8]) -> (String, Vec<u8>) + Send + Sync>;

/// What to call and how to present ourselves.
#[derive(Clone, Default)]
pub struct CallRequest {
    /// A number or user (`911`, `3125550100`, `bob`) dialled at the account's domain, or a full `sip:` URI.
    pub target: String,
    /// The user part of From (the caller ID); the account's caller ID, else its user, when `None`.
    pub caller_user: Option<String>,
    /// When set, a P-Asserted-Identity naming this user at the account's domain.
    pub asserted_identity: Option<String>,
    /// Extra headers, in order (`Priority: emergency`, `Geolocation: <cid:…>`).
    pub headers: Vec<(String, String)>,
    /// Wraps the SDP offer into another body; plain `application/sdp` when `None`.
    pub wrap_body: Option<BodyWrapper>,
    /// Audio to send (8 kHz mono), followed by silence.
    pub play: Vec<i16>,
}

impl std::fmt::Debug for CallRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallRequest")
            .field("target", &self.target)
            .field("caller_user", &self.caller_user)
            .field("asserted_identity", &self.asserted_identity)
            .field("headers", &self.headers)
            .field("wrap_body", &self.wrap_body.is_some())
            .field("play_samples", &self.play.len())
            .finish()
    }
}

/// How to place a call.
#[derive(Debug, Clone, Copy)]
pub struct CallOptions {
    /// Local address for the SIP socket; the interface that routes to the next hop when `None`.
    pub bind: Option<SocketAddr>,
    /// How long the next hop's name may take to resolve.
    pub resolve_timeout: Duration,
}

impl Default for CallOptions {
    fn default() -> Self {
        Self { bind: None, resolve_timeout: Duration::from_secs(5) }
    }
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallEnd {
    /// We hung up an answered call (BYE).
    HungUp,
    /// We gave up before an answer (CANCEL).
    Cancelled,
    /// The other side hung up.
    RemoteHungUp,
    /// 486 / 600 Busy.
    Busy,
    /// 603 Decline.
    Declined,
    /// No final answer in time.
    NoAnswer,
    /// Another final refusal.
    Rejected {
        /// Its status code.
        status: u16,
        /// Its reason phrase.
        reason: String,
    },
    /// The call could not go on (transport, bad answer).
    Failed(String),
}

impl CallEnd {
    /// A stable code for events and history.
    pub fn code(&self) -> &'static str {
        match self {
            CallEnd::HungUp => "hung_up",
            CallEnd::Cancelled => "cancelled",
            CallEnd::RemoteHungUp => "remote_hung_up",
            CallEnd::Busy => "busy",
            CallEnd::Declined => "declined",
            CallEnd::NoAnswer => "no_answer",
            CallEnd::Rejected { .. } => "rejected",
            CallEnd::Failed(_) => "failed",
        }
    }
}

/// What happens to a call, in order.
#[derive(Debug, Clone)]
pub enum CallEvent {
    /// The other side is ringing (180/183).
    Ringing,
    /// Answered; audio flows to `remote` with `codec`.
    Established {
        /// Where our RTP goes.
        remote: SocketAddr,
        /// The G.711 law in use.
        codec: G711,
    },
    /// Over, with what the media did.
    Ended {
        /// Why.
        end: CallEnd,
        /// Packets and recorded audio.
        media: MediaReport,
    },
}

/// A call in progress. Dropping it hangs up.
#[derive(Debug)]
pub struct Call {
    events: mpsc::UnboundedReceiver<CallEvent>,
    hang_up: CancellationToken,
    /// When the INVITE was handed to the transport.
    pub invite_sent_at: Instant,
    /// The SIP Call-ID, for history and logs.
    pub call_id: String,
}

/// Hangs up a call from elsewhere than the task reading its events.
#[derive(Debug, Clone)]
pub struct HangUpHandle(CancellationToken);

impl HangUpHandle {
    /// Hangs up: CANCEL before an answer, BYE after. Idempotent.
    pub fn hang_up(&self) {
        self.0.cancel();
    }
}

impl Call {
    /// Hangs up: CANCEL before an answer, BYE after.
    pub fn hang_up(&self) {
        self.hang_up.cancel();
    }

    /// A handle that hangs this call up, for whoever does not own it.
    pub fn hang_up_handle(&self) -> HangUpHandle {
        HangUpHandle(self.hang_up.clone())
    }

    /// The next thing that happened; `None` after `Ended`.
    pub async fn next_event(&mut self) -> Option<CallEvent> {
        self.events.recv().await
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        self.hang_up.cancel();
    }
}

impl Call {
    /// A call whose events come from `events` and which `hang_up` ends: how `incoming` hands over an answered
    /// incoming call (`invite_sent_at` is then when its INVITE arrived).
    pub(crate) fn from_parts(
        events: mpsc::UnboundedReceiver<CallEvent>,
        hang_up: CancellationToken,
        invite_sent_at: Instant,
        call_id: String,
    ) -> Self {
        Self { events, hang_up, invite_sent_at, call_id }
    }
}

/// Sends the INVITE at once and returns; the call goes on in the background. Registration is not needed (an
/// authentication challenge is answered with `password`).
pub async fn place_call(
    account: &Account,
    password: &str,
    request: CallRequest,
    options: CallOptions,
) -> Result<Call, SipError> {
    let (endpoint, next_hop) = endpoint_towards_next_hop(account, options.bind, options.resolve_timeout).await?;
    let media = MediaSocket::bind(endpoint.local.ip())
        .await
        .map_err(|e| SipError::Transport(format!("could not open an RTP socket on {}: {e}", endpoint.local.ip())))?;
    let offer = sdp::offer(media.local, session_version());
    let (content_type, body) = match &request.wrap_body {
        Some(wrap) => wrap(offer.as_bytes()),
        None => ("application/sdp".to_owned(), offer.into_bytes()),
    };
    let domain = &account.domain;
    let caller_user = request
        .caller_user
        .clone()
        .unwrap_or_else(|| if account.caller_id.is_empty() { account.user.clone() } else { account.caller_id.clone() });
    let mut headers: Vec<Header> = Vec::new();
    if let Some(identity) = &request.asserted_identity {
        headers.push(Header::Other("P-Asserted-Identity".into(), format!("<sip:{identity}@{domain}>")));
    }
    headers.extend(request.headers.iter().map(|(name, value)| Header::Other(name.clone(), value.clone())));
    let contact = endpoint
        .dialogs
        .build_local_contact(Some(account.user.clone()), None)
        .map_err(|e| SipError::Transport(format!("no local contact: {e}")))?;
    let transport = uri(&account.registrar_uri())?.transport().cloned();
    let mut destination = rsipstack::transport::SipAddr::from(next_hop);
    destination.r#type = transport;
    // The next hop as a preloaded loose route (RFC 3261 §8.1.2): a CANCEL copies the INVITE's Route, so it reaches
    // the same hop as the INVITE instead of whatever the domain's name resolves to.
    let transport_parameter = match transport {
        Some(t) if t != rsipstack::sip::Transport::Udp => format!(";transport={}", t.to_string().to_lowercase()),
        _ => String::new(),
    };
    headers.insert(0, Header::Route(format!("<sip:{next_hop}{transport_parameter};lr>").into()));
    let option = InviteOption {
        caller_display_name: (!account.display_name.is_empty()).then(|| account.display_name.clone()),
        caller: uri(&format!("sip:{caller_user}@{domain}"))?,
        callee: uri(&target_uri(&request.target, account))?,
        destination: Some(destination),
        content_type: Some(content_type),
        offer: Some(body),
        contact,
        credential: Some(credential(account, password)),
        headers: Some(headers),
        ..InviteOption::default()
    };
    let (state_sender, states) = endpoint.dialogs.new_dialog_state_channel();
    let (dialog, outcome) = endpoint
        .dialogs
        .do_invite_async(option, state_sender)
        .map_err(|e| SipError::Transport(format!("could not send the INVITE: {e}")))?;
    let invite_sent_at = Instant::now();
    let call_id = dialog.id().call_id.clone();
    tracing::info!(account = %account.id, target = %request.target, %call_id, "INVITE sent");
    let (events, receiver) = mpsc::unbounded_channel();
    let hang_up = CancellationToken::new();
    let progress = CallProgress { endpoint, dialog, outcome, states, media: Some(media), play: request.play, events };
    tokio::spawn(progress.run(hang_up.clone()));
    Ok(Call { events: receiver, hang_up, invite_sent_at, call_id })
}

/// `target` at the account's domain, unless it is already a SIP URI.
fn target_uri(target: &str, account: &Account) -> String {
    let target = target.trim();
    if target.starts_with("sip:") || target.starts_with("sips:") {
        return target.to_owned();
    }
    let user = target.strip_prefix("tel:").unwrap_or(target);
    let user: String = user.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect();
    let transport = match uri(&account.registrar_uri()).ok().and_then(|u| u.transport().cloned()) {
        Some(t) if t != rsipstack::sip::Transport::Udp => format!(";transport={}", t.to_string().to_lowercase()),
        _ => String::new(),
    };
    format!("sip:{user}@{}{transport}", account.domain)
}

/// An SDP session id/version: seconds since 1970 is what RFC 4566 suggests.
fn session_version() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(1)
}

type InviteOutcome = tokio::task::JoinHandle<rsipstack::dialog::invitation::InviteAsyncResult>;

/// The background half of a call: follows the dialog, starts media on answer, hangs up when asked.
struct CallProgress {
    endpoint: Endpoint,
    dialog: rsipstack::dialog::invite_dialog::InviteDialog,
    outcome: InviteOutcome,
    states: rsipstack::dialog::dialog::DialogStateReceiver,
    media: Option<MediaSocket>,
    play: Vec<i16>,
    events: mpsc::UnboundedSender<CallEvent>,
}

impl CallProgress {
    async fn run(mut self, hang_up: CancellationToken) {
        let mut running: Option<RunningMedia> = None;
        let mut hung_up_locally = false;
        let mut outcome_done = false;
        let end = loop {
            tokio::select! {
                _ = hang_up.cancelled(), if !hung_up_locally => {
                    hung_up_locally = true;
                    let dialog = self.dialog.clone();
                    tokio::spawn(async move {
                        if let Err(err) = dialog.hangup().await {
                            tracing::debug!(%err, "hang-up request failed");
                        }
                    });
                }
                result = &mut self.outcome, if !outcome_done => {
                    outcome_done = true;
                    if let Some(end) = final_failure(result, hung_up_locally) {
                        break end;
                    }
                }
                state = self.states.recv() => {
                    let Some(state) = state else { break CallEnd::Failed("the SIP dialog went away".into()) };
                    match state {
                        DialogState::Early(..) => self.send(CallEvent::Ringing),
                        DialogState::Confirmed(_, response) if running.is_none() => {
                            match self.start_media(&response.body, &hang_up) {
                                Ok(media) => running = Some(media),
                                Err(why) => {
                                    let dialog = self.dialog.clone();
                                    tokio::spawn(async move { dialog.hangup().await });
                                    break CallEnd::Failed(why);
                                }
                            }
                            if hung_up_locally {
                                let dialog = self.dialog.clone();
                                tokio::spawn(async move { dialog.hangup().await });
                            }
                        }
                        DialogState::Terminated(_, reason) => break ended(reason, hung_up_locally),
                        _ => {}
                    }
                }
            }
        };
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

    fn start_media(&mut self, answer: &[u8], hang_up: &CancellationToken) -> Result<RunningMedia, String> {
        let answer = sdp::parse_answer(&String::from_utf8_lossy(answer))?;
        let socket = self.media.take().ok_or("media was already started")?;
        self.send(CallEvent::Established { remote: answer.remote, codec: answer.codec });
        Ok(socket.start(answer, std::mem::take(&mut self.play), hang_up.child_token()))
    }

    fn send(&self, event: CallEvent) {
        // Nobody listening (the caller dropped the call) is fine.
        let _ = self.events.send(event);
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

    fn account() -> Account {
        Account {
            id: "work".into(),
            display_name: String::new(),
            user: "alice".into(),
            domain: "pbx.example.com".into(),
            registrar: String::new(),
            transport: crate::Transport::Udp,
            outbound_proxy: String::new(),
            auth_user: String::new(),
            caller_id: String::new(),
            register_interval: 600,
        }
    }

    #[test]
    fn dialled_numbers_become_uris_at_the_accounts_domain() {
        assert_eq!(target_uri(" 911 ", &account()), "sip:911@pbx.example.com");
        assert_eq!(target_uri("tel:+1-312-555-0100", &account()), "sip:+13125550100@pbx.example.com");
        assert_eq!(target_uri("sip:bob@other.example", &account()), "sip:bob@other.example");
        let tcp = Account { transport: crate::Transport::Tcp, ..account() };
        assert_eq!(target_uri("933", &tcp), "sip:933@pbx.example.com;transport=tcp");
    }

    #[test]
    fn refusals_map_to_what_the_user_is_told() {
        assert_eq!(refusal(486, "Busy Here".into(), false), CallEnd::Busy);
        assert_eq!(refusal(603, "Decline".into(), false), CallEnd::Declined);
        assert_eq!(refusal(404, "Not Found".into(), false).code(), "rejected");
        assert_eq!(refusal(487, "Request Terminated".into(), true), CallEnd::Cancelled);
        assert_eq!(refusal(487, "Request Terminated".into(), false).code(), "rejected");
    }
}
