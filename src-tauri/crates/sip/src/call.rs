//! Placing a call: one INVITE from an account (its own endpoint, so a call never waits for registration), with
//! the caller identity, extra headers and body wrapping the caller asks for — which is how the emergency layer
//! adds P-Asserted-Identity, `Priority: emergency` and a PIDF-LO without this crate knowing about E911. Audio is
//! G.711 over RTP from a WAV source, recorded as it arrives. An answered call can be held and resumed
//! (`hold`) and blind-transferred (`transfer`), both run by `midcall` for placed and answered calls alike, and an
//! INVITE nobody hears can go out again over the next transport (`failover`).

mod control;
pub(crate) mod dtmf_info;
mod failover;
mod hold;
mod invite;
pub(crate) mod midcall;
mod progress;
pub(crate) mod transfer;

use crate::connect::endpoint_towards_next_hop;
use crate::media::sdp::{Direction, Origin, OurMedia};
use crate::media::{CallAudio, G711, MediaReport, MediaSocket};
use crate::{Account, SipError, Transport};
pub use control::{CallControl, HangUpHandle};
use invite::Invite;
use midcall::MidCall;
use progress::CallProgress;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use transfer::Referrer;

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
    /// For emergency calls: when set, an INVITE that hears nothing back within this time (not even 100 Trying;
    /// a refused TCP connection or an unreachable UDP port included), or that the stack fails before any
    /// response, is dropped quietly and the same INVITE goes out over the next transport (the account's first,
    /// then UDP and TCP; see `CallEvent::TransportChanged`). `None` (the default) keeps a call on the account's
    /// transport until Timer B.
    pub failover_after: Option<Duration>,
    /// The account's next hop, resolved ahead of time ([`resolve_next_hop`](crate::resolve_next_hop)): the INVITE
    /// goes there with no name lookup in between (emergency calls, S1). Resolved at dial time when `None`.
    pub next_hop: Option<SocketAddr>,
    /// For emergency calls whose body wraps the SDP with a location (PIDF-LO): when the far end refuses that
    /// body — 415 Unsupported Media Type, or 424 Bad Location Information (RFC 6442 §4.3) — send the INVITE
    /// again at once over the same transport with the bare SDP and no `Geolocation` headers, so the call still
    /// reaches a PSAP, located by its callback number's record (see `CallEvent::LocationRefused`).
    pub retry_without_location: bool,
}

impl Default for CallOptions {
    fn default() -> Self {
        Self {
            bind: None,
            resolve_timeout: Duration::from_secs(5),
            failover_after: None,
            next_hop: None,
            retry_without_location: false,
        }
    }
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallEnd {
    /// We hung up an answered call (BYE).
    HungUp,
    /// We hung up after the other side took our blind transfer to someone else (BYE).
    Transferred,
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
            CallEnd::Transferred => "transferred",
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
    /// The first INVITE went unheard, so the same INVITE went out again over `transport` (as a new SIP
    /// transaction with its own Call-ID) at `sent_at`; `Call::invite_sent_at` stays the first INVITE's time.
    TransportChanged {
        /// The transport now carrying the INVITE.
        transport: Transport,
        /// The Call-ID of the INVITE sent over it.
        call_id: String,
        /// When it was handed to that transport.
        sent_at: Instant,
    },
    /// The far end refused the INVITE's location (`status`: 415 or 424), so it went out again, at once, with the
    /// bare SDP as a new transaction (`call_id`); the PSAP locates the call by its callback number's record.
    LocationRefused {
        /// The refusal's status code.
        status: u16,
        /// The Call-ID of the INVITE sent without the location.
        call_id: String,
    },
    /// The other side accepted our hold (re-INVITE with `a=sendonly`); we send no audio.
    Held,
    /// The other side accepted our resume (re-INVITE with `a=sendrecv`); audio flows both ways again.
    Resumed,
    /// A blind transfer to `target` started: the call is put on hold and a REFER asks the other side to call it.
    Transferring {
        /// The `Refer-To` address (`sip:3125550142@pbx.example.com`).
        target: String,
    },
    /// The transfer target answered the other side; we hang up next (`Ended` with `CallEnd::Transferred`).
    Transferred,
    /// The transfer did not go through (refused, the target busy or unanswered, no word back); the call goes on,
    /// taken off hold when the transfer had held it.
    TransferFailed {
        /// Why, for people (`the transfer did not go through: 486 Busy Here`).
        reason: String,
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
    control: CallControl,
    /// When the first INVITE was handed to the transport (a failover does not change it).
    pub invite_sent_at: Instant,
    /// The SIP Call-ID of the first INVITE, for history and logs (`TransportChanged` gives a failover's).
    pub call_id: String,
    /// The transport that carried the first INVITE.
    pub transport: Transport,
}

impl Call {
    /// Hangs up: CANCEL before an answer, BYE after.
    pub fn hang_up(&self) {
        self.control.hang_up();
    }

    /// Puts the call on hold; see [`CallControl::hold`].
    pub async fn hold(&self) -> Result<(), SipError> {
        self.control.hold().await
    }

    /// Takes the call off hold; see [`CallControl::resume`].
    pub async fn resume(&self) -> Result<(), SipError> {
        self.control.resume().await
    }

    /// Transfers the call to `target`; see [`CallControl::transfer`].
    pub async fn transfer(&self, target: &str) -> Result<(), SipError> {
        self.control.transfer(target).await
    }

    /// A handle that hangs up, holds, resumes and transfers this call, for whoever does not own it.
    pub fn control(&self) -> CallControl {
        self.control.clone()
    }

    /// The same as [`Call::control`], under its older name.
    pub fn hang_up_handle(&self) -> HangUpHandle {
        self.control()
    }

    /// The next thing that happened; `None` after `Ended`.
    pub async fn next_event(&mut self) -> Option<CallEvent> {
        self.events.recv().await
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        self.control.hang_up();
    }
}

impl Call {
    /// A call whose events come from `events` and which `control` controls: how `incoming` hands over an
    /// answered incoming call (`invite_sent_at` is then when its INVITE arrived, `transport` what carried it).
    pub(crate) fn from_parts(
        events: mpsc::UnboundedReceiver<CallEvent>,
        control: CallControl,
        invite_sent_at: Instant,
        call_id: String,
        transport: Transport,
    ) -> Self {
        Self { events, control, invite_sent_at, call_id, transport }
    }
}

/// Sends the INVITE at once and returns; the call goes on in the background. Registration is not needed (an
/// authentication challenge is answered with `password`). The call plays `request.play` and records what it hears.
pub async fn place_call(
    account: &Account,
    password: &str,
    request: CallRequest,
    options: CallOptions,
) -> Result<Call, SipError> {
    let play = CallAudio::File(request.play.clone());
    place_call_with_audio(account, password, request, options, play).await
}

/// `place_call` with the call's audio given: a live microphone and speaker, or a file (`request.play` is then
/// not used).
pub async fn place_call_with_audio(
    account: &Account,
    password: &str,
    request: CallRequest,
    options: CallOptions,
    audio: CallAudio,
) -> Result<Call, SipError> {
    let (endpoint, next_hop) =
        endpoint_towards_next_hop(account, options.bind, options.resolve_timeout, options.next_hop).await?;
    let mut media = MediaSocket::bind(endpoint.local.ip())
        .await
        .map_err(|e| SipError::Transport(format!("could not open an RTP socket on {}: {e}", endpoint.local.ip())))?;
    // A TLS account's calls are SRTP (SDES keys travel inside the TLS-protected signalling, decision 0016).
    let crypto =
        if account.transport == Transport::Tls { media.offer_srtp().map_err(SipError::Transport)? } else { Vec::new() };
    let session = session_version();
    let ours = OurMedia { address: media.local, crypto };
    let offer = ours.offer(Origin::first(session), Direction::SendRecv);
    let (content_type, body) = invite::body_of(offer, request.wrap_body.as_ref());
    let caller_user = request
        .caller_user
        .clone()
        .unwrap_or_else(|| if account.caller_id.is_empty() { account.user.clone() } else { account.caller_id.clone() });
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(identity) = &request.asserted_identity {
        headers.push(("P-Asserted-Identity".into(), format!("<sip:{identity}@{}>", account.domain)));
    }
    headers.extend(request.headers.iter().cloned());
    let referrer = Referrer { us: format!("sip:{caller_user}@{}", account.domain), domain: account.domain.clone() };
    let invite = Invite {
        account: account.clone(),
        password: password.to_owned(),
        caller_user,
        target: request.target.clone(),
        headers,
        content_type,
        body,
        wrap: request.wrap_body.clone(),
        resolve_timeout: options.resolve_timeout,
    };
    let attempt = invite.send(&endpoint, account.transport, next_hop)?;
    let (invite_sent_at, call_id, transport) = (attempt.sent_at, attempt.call_id.clone(), attempt.transport);
    tracing::info!(account = %account.id, target = %request.target, %call_id, ?transport, "INVITE sent");
    let (events, receiver) = mpsc::unbounded_channel();
    let (commands, command_receiver) = mpsc::unbounded_channel();
    let muted = Arc::new(AtomicBool::new(false));
    let (keypad, keypad_receiver) = mpsc::unbounded_channel();
    let control = CallControl::new(CancellationToken::new(), commands, muted.clone(), keypad);
    let progress = CallProgress {
        mid: MidCall::new(ours, session, referrer, events.clone(), control.hang_up_token()),
        failover: failover::Failover::new(transport, options.failover_after),
        retry_without_location: options.retry_without_location,
        endpoint,
        invite,
        attempt,
        media: Some(media),
        audio: Some(audio),
        muted,
        keypad: keypad_receiver,
        events,
        commands: command_receiver,
    };
    tokio::spawn(progress.run(control.hang_up_token()));
    Ok(Call { events: receiver, control, invite_sent_at, call_id, transport })
}

/// An SDP session id/version: seconds since 1970 is what RFC 4566 suggests.
fn session_version() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::invite::target_uri;
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
            tls_ca_file: String::new(),
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
}
