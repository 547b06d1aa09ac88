//! The SIP stack itself (rsipstack), wrapped so nothing outside this module names it: starting an endpoint on a
//! local socket, with our User-Agent, our Call-ID suffix and the digest-spelling fix.

mod digest_spelling;

use crate::SipError;
use rsipstack::EndpointBuilder;
use rsipstack::transaction::endpoint::{EndpointInnerRef, EndpointOption};
use rsipstack::transport::TransportLayer;
use rsipstack::transport::udp::UdpConnection;
use std::net::SocketAddr;
use tokio_util::sync::CancellationToken;

pub(crate) use rsipstack::dialog::authenticate::Credential;
pub(crate) use rsipstack::dialog::registration::Registration;
pub(crate) use rsipstack::sip::Uri;

/// What we call ourselves on the wire.
const USER_AGENT: &str = concat!("Locus/", env!("CARGO_PKG_VERSION"));

/// A running SIP endpoint; stopped when dropped.
pub(crate) struct Endpoint {
    pub(crate) inner: EndpointInnerRef,
    cancel: CancellationToken,
}

impl Endpoint {
    /// Starts an endpoint with a UDP socket on `bind` (TCP and TLS connections are opened as needed).
    pub(crate) async fn start(bind: SocketAddr) -> Result<Self, SipError> {
        let cancel = CancellationToken::new();
        let transports = TransportLayer::new(cancel.child_token());
        let udp = UdpConnection::create_connection(bind, None, Some(cancel.child_token()))
            .await
            .map_err(|e| SipError::Transport(format!("could not open a SIP socket on {bind}: {e}")))?;
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
        tokio::spawn(async move { endpoint.serve().await });
        Ok(Self { inner, cancel })
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Parses a URI we built ourselves.
pub(crate) fn uri(text: &str) -> Result<Uri, SipError> {
    Uri::try_from(text).map_err(|e| SipError::Transport(format!("bad SIP URI {text}: {e}")))
}
