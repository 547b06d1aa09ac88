//! The INVITE a call sends, built once from the account and the request (caller identity, extra headers, body)
//! and sendable over any transport: failing over re-sends exactly this INVITE over the next transport.

use super::BodyWrapper;
use crate::connect::{credential, resolve_next_hop};
use crate::stack::{Endpoint, Header, InviteOption, uri};
use crate::{Account, SipError, Transport};
use rsipstack::dialog::dialog::DialogStateReceiver;
use rsipstack::dialog::invite_dialog::InviteDialog;
use rsipstack::sip::uri::ParamsExt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// The background task that runs the INVITE transaction.
pub(super) type InviteOutcome = tokio::task::JoinHandle<rsipstack::dialog::invitation::InviteAsyncResult>;

/// Everything an INVITE carries, whatever transport takes it.
pub(super) struct Invite {
    pub(super) account: Account,
    pub(super) password: String,
    pub(super) caller_user: String,
    pub(super) target: String,
    /// Extra headers in order (P-Asserted-Identity first when asked for).
    pub(super) headers: Vec<(String, String)>,
    pub(super) content_type: String,
    pub(super) body: Vec<u8>,
    /// What turned the SDP offer into `body` (a PIDF-LO multipart, say), for when the offer changes.
    pub(super) wrap: Option<BodyWrapper>,
    pub(super) resolve_timeout: Duration,
}

/// The INVITE body for `offer`: `wrap`'s, or the bare SDP. Returns the Content-Type and the bytes.
pub(super) fn body_of(offer: String, wrap: Option<&BodyWrapper>) -> (String, Vec<u8>) {
    match wrap {
        Some(wrap) => wrap(offer.as_bytes()),
        None => ("application/sdp".to_owned(), offer.into_bytes()),
    }
}

/// One INVITE on its way over one transport.
pub(super) struct Attempt {
    pub(super) dialog: InviteDialog,
    pub(super) outcome: InviteOutcome,
    pub(super) states: DialogStateReceiver,
    pub(super) transport: Transport,
    pub(super) sent_at: Instant,
    pub(super) call_id: String,
    /// Where it went.
    pub(super) next_hop: SocketAddr,
}

impl Invite {
    /// The account as it would be configured for `transport` ([`Account::over`]).
    fn account_over(&self, transport: Transport) -> Account {
        self.account.over(transport)
    }

    /// Whether the body carries more than the SDP offer (a PIDF-LO location).
    pub(super) fn is_wrapped(&self) -> bool {
        self.wrap.is_some()
    }

    /// Carries the bare SDP `offer` from now on, without the location it was wrapped with or the headers that
    /// point at it (`Geolocation`, `Geolocation-Routing`).
    pub(super) fn drop_location(&mut self, offer: String) {
        self.wrap = None;
        self.headers.retain(|(name, _)| {
            !name.eq_ignore_ascii_case("Geolocation") && !name.eq_ignore_ascii_case("Geolocation-Routing")
        });
        self.set_offer(offer);
    }

    /// Carries `offer` from now on, wrapped as the first one was.
    pub(super) fn set_offer(&mut self, offer: String) {
        (self.content_type, self.body) = body_of(offer, self.wrap.as_ref());
    }

    /// The next hop for `transport`, resolving its name again.
    pub(super) async fn next_hop(&self, transport: Transport) -> Result<SocketAddr, SipError> {
        resolve_next_hop(&self.account_over(transport), self.resolve_timeout).await
    }

    /// Hands the INVITE to `transport` towards `next_hop` and returns at once.
    pub(super) fn send(
        &self,
        endpoint: &Endpoint,
        transport: Transport,
        next_hop: SocketAddr,
    ) -> Result<Attempt, SipError> {
        let account = self.account_over(transport);
        let domain = &account.domain;
        let mut headers: Vec<Header> =
            self.headers.iter().map(|(name, value)| Header::Other(name.clone(), value.clone())).collect();
        let contact = endpoint
            .dialogs
            .build_local_contact(Some(account.user.clone()), None)
            .map_err(|e| SipError::Transport(format!("no local contact: {e}")))?;
        let sip_transport = uri(&account.registrar_uri())?.transport().cloned();
        let mut destination = rsipstack::transport::SipAddr::from(next_hop);
        destination.r#type = sip_transport;
        // The next hop as a preloaded loose route (RFC 3261 §8.1.2): a CANCEL copies the INVITE's Route, so it
        // reaches the same hop as the INVITE instead of whatever the domain's name resolves to.
        headers.insert(0, Header::Route(format!("<sip:{next_hop}{};lr>", transport_parameter(transport)).into()));
        let option = InviteOption {
            caller_display_name: (!account.display_name.is_empty()).then(|| account.display_name.clone()),
            caller: uri(&format!("sip:{}@{domain}", self.caller_user))?,
            callee: uri(&target_uri(&self.target, &account))?,
            destination: Some(destination),
            content_type: Some(self.content_type.clone()),
            offer: Some(self.body.clone()),
            contact,
            credential: Some(credential(&account, &self.password)),
            headers: Some(headers),
            ..InviteOption::default()
        };
        let (state_sender, states) = endpoint.dialogs.new_dialog_state_channel();
        let (dialog, outcome) = endpoint
            .dialogs
            .do_invite_async(option, state_sender)
            .map_err(|e| SipError::Transport(format!("could not send the INVITE: {e}")))?;
        let call_id = dialog.id().call_id.clone();
        Ok(Attempt { dialog, outcome, states, transport, sent_at: Instant::now(), call_id, next_hop })
    }
}

/// `;transport=…` for a SIP URI; nothing for UDP, the default.
fn transport_parameter(transport: Transport) -> &'static str {
    match transport {
        Transport::Udp => "",
        Transport::Tcp => ";transport=tcp",
        Transport::Tls => ";transport=tls",
    }
}

/// `target` at the account's domain, unless it is already a SIP URI.
pub(super) fn target_uri(target: &str, account: &Account) -> String {
    let target = target.trim();
    if is_sip_uri(target) {
        return target.to_owned();
    }
    format!("sip:{}@{}{}", dialled_user(target), account.domain, transport_parameter(account.transport))
}

/// Whether `target` is already a `sip:` or `sips:` URI (used as it is, not dialled at a domain).
pub(super) fn is_sip_uri(target: &str) -> bool {
    target.starts_with("sip:") || target.starts_with("sips:")
}

/// The user part a dialled number or name becomes: `tel:` and the separators people type (spaces, dashes,
/// brackets, dots) dropped.
pub(super) fn dialled_user(target: &str) -> String {
    let user = target.trim();
    let user = user.strip_prefix("tel:").unwrap_or(user);
    user.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect()
}
