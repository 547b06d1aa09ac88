//! The SIP stack itself (rsipstack), wrapped so nothing outside this module names it: starting an endpoint on a
//! local socket, with our User-Agent, our Call-ID suffix and the digest-spelling fix, and routing the requests
//! peers send us (a BYE inside one of our calls goes to that call, a new INVITE rings as an incoming call).

mod digest_spelling;
mod inbound;

use crate::SipError;
use crate::incoming::IncomingCallSlot;
use rsipstack::EndpointBuilder;
use rsipstack::dialog::dialog_layer::DialogLayer;
use rsipstack::transaction::endpoint::{EndpointInnerRef, EndpointOption};
use rsipstack::transport::stream::StreamConnection;
use rsipstack::transport::tls::TlsConfig;
use rsipstack::transport::udp::UdpConnection;
use rsipstack::transport::{SipAddr, SipConnection, TransportLayer};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use tokio_util::sync::CancellationToken;

pub(crate) use rsipstack::dialog::authenticate::Credential;
pub(crate) use rsipstack::dialog::dialog::{DialogState, TerminatedReason};
pub(crate) use rsipstack::dialog::invitation::InviteOption;
pub(crate) use rsipstack::dialog::invite_dialog::InviteDialog;
pub(crate) use rsipstack::dialog::registration::Registration;
pub(crate) use rsipstack::sip::{Header, Uri};

/// What we call ourselves on the wire.
const USER_AGENT: &str = concat!("Locus/", env!("CARGO_PKG_VERSION"));

/// A running SIP endpoint; stopped when dropped.
pub(crate) struct Endpoint {
    pub(crate) inner: EndpointInnerRef,
    /// The dialogs (calls) this endpoint holds.
    pub(crate) dialogs: Arc<DialogLayer>,
    /// The address our SIP socket is bound to.
    pub(crate) local: SocketAddr,
    /// Where INVITEs from peers go, once a registration asks for its calls.
    calls: Arc<OnceLock<IncomingCallSlot>>,
    cancel: CancellationToken,
}

impl Endpoint {
    /// Starts an endpoint with a UDP socket on `bind` (TCP and TLS connections are opened as needed, TLS ones
    /// verifying the server against `trusted_roots`, PEM).
    pub(crate) async fn start(bind: SocketAddr, trusted_roots: Option<Vec<u8>>) -> Result<Self, SipError> {
        let cancel = CancellationToken::new();
        let transports = TransportLayer::new(cancel.child_token());
        if let Some(roots) = trusted_roots {
            transports.set_tls_config(TlsConfig { ca_certs: Some(roots), ..TlsConfig::default() });
        }
        let udp = UdpConnection::create_connection(bind, None, Some(cancel.child_token()))
            .await
            .map_err(|e| SipError::Transport(format!("could not open a SIP socket on {bind}: {e}")))?;
        let local = udp
            .get_addr()
            .get_socketaddr()
            .map_err(|e| SipError::Transport(format!("the SIP socket on {bind} has no address: {e}")))?;
        transports.add_transport(udp.into());
        let option = EndpointOption { callid_suffix: Some("locus.invalid".into()), ..EndpointOption::default() };
        let endpoint = EndpointBuilder::new()
            .with_option(option)
            .with_user_agent(USER_AGENT)
            .with_transport_layer(transports)
            .with_cancel_token(cancel.clone())
            .with_inspector(Box::new(digest_spelling::Sha256Spelling))
            .build();
        let inner = endpoint.inner.clone();
        let dialogs = Arc::new(DialogLayer::new(inner.clone()));
        let incoming = endpoint
            .incoming_transactions()
            .map_err(|e| SipError::Transport(format!("the SIP endpoint would not hand over its requests: {e}")))?;
        let calls = Arc::new(OnceLock::new());
        tokio::spawn(inbound::route_requests(incoming, dialogs.clone(), local.ip(), Arc::clone(&calls)));
        tokio::spawn(async move { endpoint.serve().await });
        Ok(Self { inner, dialogs, local, calls, cancel })
    }

    /// A sender of keep-alives to `next_hop` over `transport`, through this endpoint's sockets and connections.
    pub(crate) fn keep_alive_towards(&self, next_hop: SocketAddr, transport: crate::Transport) -> KeepAlive {
        let transport = match transport {
            crate::Transport::Udp => rsipstack::sip::Transport::Udp,
            crate::Transport::Tcp => rsipstack::sip::Transport::Tcp,
            crate::Transport::Tls => rsipstack::sip::Transport::Tls,
        };
        KeepAlive { endpoint: self.inner.clone(), target: SipAddr { r#type: Some(transport), addr: next_hop.into() } }
    }

    /// Rings INVITEs from peers as incoming calls handed to whoever holds `slot` (refused with 480 while it is
    /// empty). Only the first slot given to an endpoint counts.
    pub(crate) fn deliver_calls_to(&self, slot: IncomingCallSlot) {
        let _ = self.calls.set(slot);
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Sends RFC 5626 keep-alives (a double CRLF) to one next hop: over UDP from the socket the REGISTERs leave,
/// over TCP or TLS on the connection they use (the server answers with a single CRLF).
#[derive(Clone)]
pub(crate) struct KeepAlive {
    endpoint: EndpointInnerRef,
    target: SipAddr,
}

impl KeepAlive {
    /// Sends one keep-alive; errors only say the transport is gone (the next REGISTER finds out properly).
    pub(crate) async fn send(&self) -> Result<(), SipError> {
        const PING: &[u8] = b"\r\n\r\n";
        let failed = |e: rsipstack::Error| SipError::Transport(format!("keep-alive to {}: {e}", self.target));
        let (connection, target) = self.endpoint.transport_layer.lookup(&self.target, None).await.map_err(failed)?;
        match connection {
            SipConnection::Udp(udp) => udp.send_raw(PING, &target).await,
            SipConnection::Tcp(tcp) => tcp.send_raw(PING).await,
            SipConnection::Tls(tls) => tls.send_raw(PING).await,
            other => {
                return Err(SipError::Transport(format!("no keep-alive over {}", other.transport())));
            }
        }
        .map_err(failed)
    }
}

/// Parses a URI we built ourselves.
pub(crate) fn uri(text: &str) -> Result<Uri, SipError> {
    Uri::try_from(text).map_err(|e| SipError::Transport(format!("bad SIP URI {text}: {e}")))
}
