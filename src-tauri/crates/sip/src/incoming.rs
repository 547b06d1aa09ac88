//! Calls to us: an INVITE arriving at the endpoint we registered rings at once (180 Ringing) and becomes an
//! `IncomingCall` for whoever keeps the account registered to answer, refuse (486/603) or forward (302). The
//! caller giving up first (CANCEL, answered 487) is reported so the ringing stops. An answered call is an
//! ordinary `Call`, with the same events and controls (hold, resume, transfer, mute, DTMF) as one we placed. An
//! INVITE without an SDP offer (late offer, which we do not do) or without a usable G.711 one is refused with 488.

use crate::call::midcall::{CallCommand, MidCall};
use crate::call::transfer::Referrer;
use crate::media::sdp::OurMedia;
use crate::media::secure::with_srtp;
use crate::media::{CallAudio, MediaSocket, RunningMedia, sdp, sdp_answer};
use crate::{Call, CallControl, CallEnd, CallEvent, SipError, Transport};
use rsipstack::dialog::dialog::{DialogState, DialogStateReceiver, TerminatedReason};
use rsipstack::dialog::dialog_layer::DialogLayer;
use rsipstack::dialog::invite_dialog::InviteDialog;
use rsipstack::sip::prelude::HeadersExt;
use rsipstack::sip::{Header, Response, StatusCode};
use rsipstack::transaction::transaction::{Transaction, TransactionEvent, TransactionEventSender};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Where an endpoint hands the calls it receives.
pub(crate) type IncomingCallSink = mpsc::UnboundedSender<IncomingCall>;

/// The sink a registration shares with every endpoint it opens; empty (calls refused with 480) until someone
/// asks for the account's calls.
pub(crate) type IncomingCallSlot = Arc<Mutex<Option<IncomingCallSink>>>;

/// The sink in `slot`, if someone is taking calls.
pub(crate) fn sink_in(slot: &IncomingCallSlot) -> Option<IncomingCallSink> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).clone().filter(|sink| !sink.is_closed())
}

/// Who is calling, as the INVITE says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    /// The display name in From, when there is one.
    pub display_name: Option<String>,
    /// The user part of From: a number or a user name.
    pub user: String,
    /// The URI in From.
    pub uri: String,
    /// The user part of P-Asserted-Identity, when the network vouches for the caller.
    pub asserted_identity: Option<String>,
}

/// A call ringing here. Answer it, refuse it or forward it; dropping it undecided refuses it with 480.
pub struct IncomingCall {
    /// Who is calling.
    pub caller: Caller,
    /// The SIP Call-ID, for history and logs.
    pub call_id: String,
    /// The codecs the caller offered, in its order of preference (`PCMU`, `PCMA`, `telephone-event`, …).
    pub offered_codecs: Vec<String>,
    /// When the INVITE arrived.
    pub arrived_at: Instant,
    /// What carried the INVITE (from its top Via).
    pub transport: Transport,
    dialog: InviteDialog,
    dialogs: Arc<DialogLayer>,
    states: Option<DialogStateReceiver>,
    transaction_events: TransactionEventSender,
    ringing: Response,
    offer: String,
    local_ip: IpAddr,
    /// Who the caller called (the To address): us, as `Referred-By` when we transfer the call.
    called: String,
    decided: bool,
}

impl std::fmt::Debug for IncomingCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncomingCall")
            .field("caller", &self.caller)
            .field("call_id", &self.call_id)
            .field("offered_codecs", &self.offered_codecs)
            .finish_non_exhaustive()
    }
}

impl IncomingCall {
    /// Answers (200 OK with our SDP answer: the first G.711 law the caller offered), starts the audio — `play`
    /// (8 kHz mono), then silence — and returns the call. `Established` is its first event.
    pub async fn accept(self, play: Vec<i16>) -> Result<Call, SipError> {
        self.accept_with_audio(CallAudio::File(play)).await
    }

    /// `accept` with the call's audio given: a live microphone and speaker, or a file to play.
    pub async fn accept_with_audio(mut self, audio: CallAudio) -> Result<Call, SipError> {
        self.decided = true;
        if matches!(self.dialog.state(), DialogState::Terminated(..)) {
            return Err(SipError::Transport("the caller hung up before the call was answered".into()));
        }
        let offer = sdp::parse_answer(&self.offer)
            .map_err(|why| SipError::Transport(format!("the caller's audio offer is unusable: {why}")))?;
        let mut media = MediaSocket::bind(self.local_ip)
            .await
            .map_err(|e| SipError::Transport(format!("could not open an RTP socket on {}: {e}", self.local_ip)))?;
        // An SRTP offer is answered with SRTP (our key for the suite the caller put first that we support).
        let crypto = media.answer_srtp(&offer).map_err(SipError::Transport)?;
        let telephone_event = sdp_answer::offered_telephone_event(&self.offer);
        let (local, session) = (media.local, session_version());
        let answer = with_srtp(&sdp_answer::answer(local, session, offer.codec, telephone_event), &crypto);
        // Our re-offers (hold, resume) keep offering the key we answered with.
        self.dialog
            .accept(Some(vec![Header::ContentType("application/sdp".into())]), Some(answer.into_bytes()))
            .map_err(|e| SipError::Transport(format!("could not answer the call: {e}")))?;
        tracing::info!(call_id = %self.call_id, remote = %offer.remote, codec = ?offer.codec, "incoming call answered");
        let (events, receiver) = mpsc::unbounded_channel();
        let hang_up = CancellationToken::new();
        let _ = events.send(CallEvent::Established { remote: offer.remote, codec: offer.codec });
        let muted = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let running = media.start(offer, audio, muted.clone(), hang_up.child_token()).map_err(SipError::Transport)?;
        let Some(states) = self.states.take() else {
            return Err(SipError::Transport("the call's progress was already taken".into()));
        };
        let (keypad, keypad_receiver) = mpsc::unbounded_channel();
        let (commands, command_receiver) = mpsc::unbounded_channel();
        let referrer = Referrer { us: self.called.clone(), domain: uri_host(&self.called) };
        let answered = AnsweredCall {
            mid: MidCall::new(OurMedia { address: local, crypto }, session, referrer, events.clone(), hang_up.clone()),
            dialog: self.dialog.clone(),
            dialogs: Arc::clone(&self.dialogs),
            states,
            events,
            commands: command_receiver,
            keypad: keypad_receiver,
        };
        tokio::spawn(answered.run(running, hang_up.clone()));
        let control = CallControl::new(hang_up, commands, muted, keypad);
        Ok(Call::from_parts(receiver, control, self.arrived_at, self.call_id.clone(), self.transport))
    }

    /// Refuses the call with `status` (486 Busy Here, 603 Decline, 480 Temporarily Unavailable, …).
    pub fn reject(mut self, status: u16) {
        self.decided = true;
        self.refuse(StatusCode::from(status));
    }

    /// Forwards the call: 302 Moved Temporarily with `target` (a `sip:` or `tel:` URI) as the Contact.
    pub fn redirect(mut self, target: &str) -> Result<(), SipError> {
        self.decided = true;
        let target = target.trim();
        if !(target.starts_with("sip:") || target.starts_with("sips:") || target.starts_with("tel:")) {
            self.refuse(StatusCode::TemporarilyUnavailable);
            return Err(SipError::Transport(format!("cannot forward to {target}: not a sip:, sips: or tel: URI")));
        }
        let mut response = self.ringing.clone();
        response.status_code = StatusCode::MovedTemporarily;
        response.wire_reason = None;
        response.headers.retain(|header| !matches!(header, Header::Contact(_)));
        response.headers.push(Header::Contact(format!("<{target}>").into()));
        response.body = Vec::new();
        let sent = self.transaction_events.send(TransactionEvent::Respond(response));
        self.dialogs.remove_dialog(&self.dialog.id());
        tracing::info!(call_id = %self.call_id, %target, "incoming call forwarded");
        sent.map_err(|_| SipError::Transport("the caller hung up before the call was forwarded".into()))
    }

    /// Waits until the caller gives up before an answer (CANCEL, answered 487) or the call fails; says how it
    /// ended. Safe to race against a decision (`tokio::select!`): nothing is lost when it is dropped.
    pub async fn caller_gone(&mut self) -> CallEnd {
        let Some(states) = self.states.as_mut() else { return CallEnd::Failed("the call was already taken".into()) };
        loop {
            match states.recv().await {
                Some(DialogState::Terminated(_, reason)) => {
                    return match reason {
                        TerminatedReason::UacCancel | TerminatedReason::UacBye => CallEnd::RemoteHungUp,
                        TerminatedReason::Timeout => CallEnd::NoAnswer,
                        other => CallEnd::Failed(format!("the call ended before an answer: {other:?}")),
                    };
                }
                Some(_) => {}
                None => return CallEnd::Failed("the SIP dialog went away".into()),
            }
        }
    }

    fn refuse(&self, status: StatusCode) {
        if let Err(err) = self.dialog.reject(Some(status.clone()), None) {
            tracing::debug!(%err, "could not refuse a call");
        }
        self.dialogs.remove_dialog(&self.dialog.id());
        tracing::info!(call_id = %self.call_id, status = status.code(), "incoming call refused");
    }
}

impl Drop for IncomingCall {
    fn drop(&mut self) {
        if !self.decided {
            self.refuse(StatusCode::TemporarilyUnavailable);
        }
    }
}

/// Takes an out-of-dialog INVITE: creates its dialog, sends 180 Ringing and hands the call to `sink`. An INVITE
/// without an SDP offer, or without a G.711 audio one, is refused with 488.
pub(crate) fn ring(mut transaction: Transaction, dialogs: Arc<DialogLayer>, local_ip: IpAddr, sink: IncomingCallSink) {
    let arrived_at = Instant::now();
    let request = transaction.original.clone();
    let offer = String::from_utf8_lossy(&request.body).into_owned();
    let contact_user = request.uri.auth.as_ref().map(|auth| auth.user.clone());
    let contact = dialogs.build_local_contact(contact_user, None).ok();
    let (state_sender, states) = dialogs.new_dialog_state_channel();
    let dialog = match dialogs.get_or_create_server_invite(&transaction, state_sender, None, contact) {
        Ok(dialog) => dialog,
        Err(err) => {
            tracing::warn!(%err, "could not take an incoming call");
            tokio::spawn(async move { transaction.reply(StatusCode::ServerInternalError).await });
            return;
        }
    };
    let transaction_events = transaction.tu_sender.clone();
    let mut handler = dialog.clone();
    tokio::spawn(async move {
        if let Err(err) = handler.handle(&mut transaction).await {
            tracing::debug!(%err, "an incoming INVITE transaction failed");
        }
    });
    if let Some(why) = offer_problem(&offer) {
        tracing::info!(%why, "refusing an incoming call with 488");
        let _ = dialog.reject(Some(StatusCode::NotAcceptableHere), None);
        dialogs.remove_dialog(&dialog.id());
        return;
    }
    if let Err(err) = dialog.ringing(None, None) {
        tracing::warn!(%err, "could not send 180 Ringing");
    }
    let DialogState::Early(_, ringing) = dialog.state() else {
        tracing::debug!("an incoming call ended before it rang");
        dialogs.remove_dialog(&dialog.id());
        return;
    };
    let caller = Caller {
        asserted_identity: request
            .header_value("P-Asserted-Identity")
            .and_then(|value| name_addr(value.split(',').next().unwrap_or_default()))
            .map(|(_, uri)| uri_user(&uri)),
        ..request.header_value("From").and_then(|from| name_addr(&from)).map(caller_from).unwrap_or_default()
    };
    let call = IncomingCall {
        caller,
        call_id: dialog.id().call_id.clone(),
        offered_codecs: sdp_answer::offered_codecs(&offer),
        arrived_at,
        transport: request.header_value("Via").map_or(Transport::Udp, |via| via_transport(&via)),
        dialog,
        dialogs,
        states: Some(states),
        transaction_events,
        ringing,
        offer,
        local_ip,
        called: request
            .header_value("To")
            .and_then(|to| name_addr(&to))
            .map_or_else(|| request.uri.to_string(), |(_, uri)| uri),
        decided: false,
    };
    tracing::info!(call_id = %call.call_id, caller = %call.caller.user, "incoming call ringing");
    // Nobody taking calls any more: the returned call is dropped, which refuses it with 480.
    let _ = sink.send(call);
}

/// The background half of an answered incoming call: holds, resumes and transfers it on request (`MidCall`),
/// ends it on BYE from the caller or when we hang up.
struct AnsweredCall {
    mid: MidCall,
    dialog: InviteDialog,
    dialogs: Arc<DialogLayer>,
    states: DialogStateReceiver,
    events: mpsc::UnboundedSender<CallEvent>,
    /// Hold, resume and transfer asked for by `CallControl`.
    commands: mpsc::UnboundedReceiver<CallCommand>,
    /// DTMF digits asked for by `CallControl::send_dtmf`.
    keypad: mpsc::UnboundedReceiver<char>,
}

impl AnsweredCall {
    async fn run(mut self, media: RunningMedia, hang_up: CancellationToken) {
        let end = loop {
            tokio::select! {
                Some(digit) = self.keypad.recv() => self.mid.digit(digit, &self.dialog, Some(&media)),
                Some(command) = self.commands.recv() => self.mid.command(command, &self.dialog, Some(&media)),
                progress = self.mid.next(), if self.mid.is_busy() => {
                    self.mid.settle(progress, &self.dialog, Some(&media));
                }
                () = hang_up.cancelled() => {
                    if let Err(err) = self.dialog.bye().await {
                        tracing::debug!(%err, "BYE failed");
                    }
                    break self.mid.end(CallEnd::HungUp);
                }
                state = self.states.recv() => match state {
                    None => break CallEnd::Failed("the SIP dialog went away".into()),
                    Some(DialogState::Terminated(_, reason)) => break self.mid.end(answered_call_end(reason)),
                    Some(DialogState::Notify(_, request, handle)) => self.mid.notified(&request, handle),
                    Some(DialogState::Confirmed(..)) => self.mid.request_answered(&self.dialog, Some(&media)),
                    Some(_) => {}
                },
            }
        };
        self.commands.close();
        self.keypad.close();
        let media = media.finish().await;
        tracing::info!(end = end.code(), sent = media.packets_sent, received = media.received.packets, "call ended");
        let _ = self.events.send(CallEvent::Ended { end, media });
        self.dialogs.remove_dialog(&self.dialog.id());
    }
}

/// How an answered incoming call ended, from our side: the caller is the UAC.
fn answered_call_end(reason: TerminatedReason) -> CallEnd {
    match reason {
        TerminatedReason::UacBye | TerminatedReason::UacCancel => CallEnd::RemoteHungUp,
        TerminatedReason::UasBye => CallEnd::HungUp,
        TerminatedReason::Timeout => CallEnd::Failed("the caller never acknowledged the answer".into()),
        other => CallEnd::Failed(format!("the call failed: {other:?}")),
    }
}

/// Display name and URI from a `name-addr` or `addr-spec` header value (`"Bob" <sip:bob@x>;tag=1`).
fn name_addr(value: &str) -> Option<(Option<String>, String)> {
    let value = value.trim();
    if let Some(open) = value.find('<') {
        let close = open + value[open..].find('>')?;
        let display = value[..open].trim().trim_matches('"').trim();
        let display = (!display.is_empty()).then(|| display.to_owned());
        return Some((display, value[open + 1..close].trim().to_owned()));
    }
    let uri = value.split(';').next()?.trim();
    (!uri.is_empty()).then(|| (None, uri.to_owned()))
}

/// Why an INVITE's body cannot be answered, if it cannot: no SDP at all (a late offer, which we do not do) or no
/// usable G.711 audio offer.
fn offer_problem(offer: &str) -> Option<String> {
    if offer.trim().is_empty() {
        return Some("the INVITE carries no SDP offer (late offer is not supported)".into());
    }
    sdp::parse_answer(offer).err().map(|why| format!("the caller's audio offer is unusable: {why}"))
}

/// The host (and port) of a `sip:` URI, where numbers are dialled (`locus.test` from `sip:alice@locus.test;x=y`).
fn uri_host(uri: &str) -> String {
    let rest = uri.split_once(':').map_or(uri, |(_, rest)| rest);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    rest.split([';', '?', '>']).next().unwrap_or(rest).to_owned()
}

/// The user part of a `sip:`/`sips:`/`tel:` URI (`+13125550100` from `tel:+13125550100;phone-context=…`).
fn uri_user(uri: &str) -> String {
    let rest = uri.split_once(':').map_or(uri, |(_, rest)| rest);
    let rest = rest.split(';').next().unwrap_or(rest);
    rest.split('@').next().unwrap_or(rest).to_owned()
}

fn caller_from((display_name, uri): (Option<String>, String)) -> Caller {
    Caller { display_name, user: uri_user(&uri), uri, asserted_identity: None }
}

/// An SDP session id/version: seconds since 1970, as RFC 4566 suggests.
fn session_version() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(1)
}

/// The transport a Via header names (`SIP/2.0/TCP host…`); UDP when it names none we know.
fn via_transport(via: &str) -> Transport {
    let protocol = via.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
    match protocol.rsplit('/').next() {
        Some("TCP") => Transport::Tcp,
        Some("TLS") => Transport::Tls,
        _ => Transport::Udp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_via_names_the_transport() {
        assert_eq!(via_transport("SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK1"), Transport::Tcp);
        assert_eq!(via_transport("SIP/2.0/UDP 10.0.0.1;rport"), Transport::Udp);
        assert_eq!(via_transport("SIP/2.0/TLS pbx.example.com"), Transport::Tls);
    }

    #[test]
    fn the_caller_is_read_from_a_name_addr_or_a_bare_uri() {
        let (display, uri) = name_addr("\"Bob Caller\" <sip:+13125550199@locus.test>;tag=abc").expect("parses");
        assert_eq!(display.as_deref(), Some("Bob Caller"));
        assert_eq!(uri, "sip:+13125550199@locus.test");
        assert_eq!(uri_user(&uri), "+13125550199");
        assert_eq!(name_addr("sip:bob@locus.test;tag=1"), Some((None, "sip:bob@locus.test".to_owned())));
        assert_eq!(uri_user("tel:+13125550100;phone-context=example.com"), "+13125550100");
        assert_eq!(name_addr("  "), None);
    }

    #[test]
    fn an_invite_without_an_offer_or_without_g711_is_refused() {
        let late = offer_problem("").expect("no offer is a problem");
        assert!(late.contains("late offer"), "{late}");
        assert!(offer_problem(" \r\n").is_some());
        let video = "v=0\r\nc=IN IP4 127.0.0.1\r\nm=video 4000 RTP/AVP 96\r\n";
        assert!(offer_problem(video).is_some_and(|why| why.contains("unusable")));
        let g711 = "v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        assert_eq!(offer_problem(g711), None);
    }

    #[test]
    fn numbers_are_transferred_at_the_domain_the_caller_called() {
        assert_eq!(uri_host("sip:alice@locus.test"), "locus.test");
        assert_eq!(uri_host("sip:alice@pbx.example.com:5080;transport=tcp"), "pbx.example.com:5080");
        assert_eq!(uri_host("sip:192.0.2.1"), "192.0.2.1");
    }

    #[test]
    fn the_callers_side_hanging_up_is_remote_and_ours_is_ours() {
        assert_eq!(answered_call_end(TerminatedReason::UacBye), CallEnd::RemoteHungUp);
        assert_eq!(answered_call_end(TerminatedReason::UasBye), CallEnd::HungUp);
        assert_eq!(answered_call_end(TerminatedReason::Timeout).code(), "failed");
    }
}
