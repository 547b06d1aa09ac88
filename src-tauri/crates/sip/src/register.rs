//! Registering an account with its registrar: the connection test behind `locusctl register --check` and the
//! account screen. Registers with digest authentication (MD5 or SHA-256, qop=auth), reports what the registrar
//! granted, then removes the binding again so a check leaves nothing behind.

use crate::connect::{credential, endpoint_towards_next_hop, tls_probe_for};
use crate::incoming::IncomingCallSlot;
use crate::stack::{Endpoint, KeepAlive, Registration, Uri, uri};
use crate::tls_probe::TlsProbe;
use crate::{Account, SipError, Transport};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// How to run a registration check.
#[derive(Debug, Clone, Copy)]
pub struct RegisterOptions {
    /// Local address for the SIP socket (port 0 picks a free one); `None` uses the address of the interface
    /// that routes to the registrar.
    pub bind: Option<SocketAddr>,
    /// How long to wait for the registrar before calling it unreachable.
    pub timeout: Duration,
    /// While registered, how often a keep-alive (CRLF, RFC 5626 §3.5.1) goes to the next hop so NAT bindings
    /// and connections stay open; `None` for the transport's default (`keep_alive_interval`).
    pub keep_alive: Option<Duration>,
}

/// What the registrar granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    /// The registrar's request URI.
    pub registrar: String,
    /// Lifetime granted, in seconds.
    pub expires: u32,
    /// Our address as the registrar saw it (`received`/`rport`), when it said.
    pub public_address: Option<String>,
    /// From the first REGISTER to the 200 OK.
    pub took: Duration,
}

/// Registers `account` with `password`, then unregisters. A refused password, a refusal for another reason and
/// silence are three different errors, each naming the registrar.
pub async fn check_registration(
    account: &Account,
    password: &str,
    options: RegisterOptions,
) -> Result<Registered, SipError> {
    let mut binding = Binding::open(account, password, options).await?;
    let registered = binding.register(account.register_interval).await?;
    tracing::info!(account = %account.id, registrar = %registered.registrar, expires = registered.expires,
        took = ?registered.took, "registration check passed");
    // A check leaves no binding behind; failing to remove it only means it expires on its own.
    binding.unregister().await;
    Ok(registered)
}

/// One account's registration over one SIP endpoint: the same Call-ID and rising CSeq for every refresh, as a
/// registrar expects, until the endpoint is rebuilt (after a network change).
pub(crate) struct Binding {
    endpoint: Endpoint,
    registration: Registration,
    request_uri: Uri,
    registrar: String,
    timeout: Duration,
    /// For TLS accounts: how to tell a refused certificate from silence.
    tls_probe: Option<TlsProbe>,
    next_hop: SocketAddr,
    transport: Transport,
}

impl Binding {
    /// Validates the account, finds the next hop and starts an endpoint on the address that routes to it.
    pub(crate) async fn open(account: &Account, password: &str, options: RegisterOptions) -> Result<Self, SipError> {
        let (endpoint, next_hop) = endpoint_towards_next_hop(account, options.bind, options.timeout, None).await?;
        let registrar = account.registrar_uri();
        let mut registration = Registration::new(endpoint.inner.clone(), Some(credential(account, password)));
        // To and From carry the address of record (sip:user@domain); the request travels to the next hop.
        registration.outbound_proxy = Some(next_hop);
        let request_uri = uri(&account.domain_uri())?;
        let tls_probe = tls_probe_for(account, next_hop);
        let transport = account.transport;
        Ok(Self {
            endpoint,
            registration,
            request_uri,
            registrar,
            timeout: options.timeout,
            tls_probe,
            next_hop,
            transport,
        })
    }

    /// What sends this binding's keep-alives (over the endpoint and connection the REGISTERs use).
    pub(crate) fn keep_alive(&self) -> KeepAlive {
        self.endpoint.keep_alive_towards(self.next_hop, self.transport)
    }

    /// Rings INVITEs reaching this binding's endpoint (the Contact we register) as calls handed to `slot`.
    pub(crate) fn deliver_calls_to(&self, slot: IncomingCallSlot) {
        self.endpoint.deliver_calls_to(slot);
    }

    /// Sends a REGISTER asking for `expires` seconds (digest challenges are answered inside). On a TLS account,
    /// silence is looked into: a refused certificate is reported as such.
    pub(crate) async fn register(&mut self, expires: u32) -> Result<Registered, SipError> {
        match self.register_once(expires).await {
            Err(SipError::Unreachable { registrar, seconds }) => {
                let refusal = match &self.tls_probe {
                    Some(probe) => probe.refusal(self.timeout).await,
                    None => None,
                };
                Err(match refusal {
                    Some(reason) => SipError::TlsRefused { server: registrar, reason },
                    None => SipError::Unreachable { registrar, seconds },
                })
            }
            other => other,
        }
    }

    async fn register_once(&mut self, expires: u32) -> Result<Registered, SipError> {
        let registrar = self.registrar.clone();
        let timeout = self.timeout;
        let unreachable = || SipError::Unreachable { registrar: registrar.clone(), seconds: timeout.as_secs() };
        let started = Instant::now();
        let response =
            tokio::time::timeout(timeout, self.registration.register(self.request_uri.clone(), Some(expires)))
                .await
                .map_err(|_| unreachable())?
                .map_err(|e| classify_stack_error(&registrar, timeout, e))?;
        let status = response.status_code.code();
        let reason = response.status_code.to_string();
        match status {
            200..=299 => Ok(Registered {
                registrar,
                expires: self.registration.expires(),
                public_address: self.registration.discovered_public_address().map(|a| a.to_string()),
                took: started.elapsed(),
            }),
            401 | 403 | 407 => Err(SipError::WrongCredentials { registrar, status, reason }),
            408 => Err(unreachable()),
            _ => Err(SipError::Rejected { registrar, status, reason }),
        }
    }

    /// Removes the binding (expires 0), best effort.
    pub(crate) async fn unregister(&mut self) {
        match tokio::time::timeout(self.timeout, self.registration.register(self.request_uri.clone(), Some(0))).await {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => tracing::warn!(%err, "could not remove the registration; it will expire"),
            Err(_) => tracing::warn!("no answer removing the registration; it will expire"),
        }
    }
}

/// A timeout inside the stack is the registrar's silence; anything else is a transport failure.
fn classify_stack_error(registrar: &str, timeout: Duration, err: rsipstack::Error) -> SipError {
    let text = err.to_string();
    if let Some(reason) = crate::tls_trust::explain_tls_failure(&text) {
        SipError::TlsRefused { server: registrar.to_owned(), reason }
    } else if text.to_ascii_lowercase().contains("timeout") || text.contains("timed out") {
        SipError::Unreachable { registrar: registrar.to_owned(), seconds: timeout.as_secs() }
    } else {
        SipError::Transport(format!("registering with {registrar}: {text}"))
    }
}
