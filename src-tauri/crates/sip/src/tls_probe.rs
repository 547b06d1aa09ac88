//! Why a TLS server "did not answer": the stack retries a refused handshake silently until its timer runs out, so
//! after a timeout on a TLS account we shake hands once ourselves, with the same trust list, to tell an untrusted
//! or misnamed certificate apart from a server that is simply not there.

use crate::tls_trust::explain_tls_failure;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::ServerName;
use rustls_pki_types::pem::PemObject;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{ClientConfig, RootCertStore, crypto::ring};

/// Where a TLS account connects and what it trusts.
#[derive(Debug, Clone)]
pub(crate) struct TlsProbe {
    /// The next hop's address.
    pub(crate) address: SocketAddr,
    /// The name its certificate must carry (the host as configured, a name or an IP address).
    pub(crate) server_name: String,
    /// The CA certificates trusted (PEM).
    pub(crate) trusted_roots: Vec<u8>,
}

impl TlsProbe {
    /// Connects and shakes hands once; `Some(reason)` when the handshake itself was refused, `None` when it
    /// succeeds or the server cannot be reached at all (then it really is unreachable).
    pub(crate) async fn refusal(&self, timeout: Duration) -> Option<String> {
        let config = self.client_config().map_err(|e| tracing::warn!(%e, "cannot build the TLS probe")).ok()?;
        let name = ServerName::try_from(self.server_name.clone()).ok()?;
        let attempt = async {
            let stream = tokio::net::TcpStream::connect(self.address).await.ok()?;
            let handshake = TlsConnector::from(Arc::new(config)).connect(name, stream).await;
            handshake.err().and_then(|e| explain_tls_failure(&e.to_string()))
        };
        tokio::time::timeout(timeout, attempt).await.ok().flatten()
    }

    fn client_config(&self) -> Result<ClientConfig, String> {
        let mut roots = RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(&self.trusted_roots) {
            let cert = cert.map_err(|e| e.to_string())?;
            // A root the store cannot use is skipped, as when the stack builds its own list.
            let _ = roots.add(cert);
        }
        Ok(ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth())
    }
}
