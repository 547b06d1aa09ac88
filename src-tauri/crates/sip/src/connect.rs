//! The start every SIP exchange shares: check the account, find its next hop (outbound proxy or registrar), open
//! an endpoint on the local address that routes there, and the credential that answers digest challenges.

use crate::stack::{Credential, Endpoint};
use crate::tls_probe::TlsProbe;
use crate::{Account, SipError};
use std::net::SocketAddr;
use std::time::Duration;

/// Validates `account`, resolves its next hop (waiting at most `timeout` for the name) unless it is `known`
/// already, and starts an endpoint on `bind`, or on the interface that routes to the next hop.
pub(crate) async fn endpoint_towards_next_hop(
    account: &Account,
    bind: Option<SocketAddr>,
    timeout: Duration,
    known: Option<SocketAddr>,
) -> Result<(Endpoint, SocketAddr), SipError> {
    let problems = account.validate();
    if !problems.is_empty() {
        return Err(SipError::InvalidAccount(problems));
    }
    let next_hop = match known {
        Some(next_hop) => next_hop,
        None => resolve_next_hop(account, timeout).await?,
    };
    let bind = match bind {
        Some(bind) => bind,
        None => local_address_towards(next_hop, &account.registrar_uri()).await?,
    };
    let trusted_roots = crate::tls_trust::trusted_roots(account)?;
    Ok((Endpoint::start(bind, trusted_roots).await?, next_hop))
}

/// For a TLS account, what it takes to find out later why `next_hop` did not answer (see `tls_probe`).
pub(crate) fn tls_probe_for(account: &Account, next_hop: SocketAddr) -> Option<TlsProbe> {
    let trusted_roots = crate::tls_trust::trusted_roots(account).ok().flatten()?;
    let (server_name, _) = account.next_hop();
    Some(TlsProbe { address: next_hop, server_name: server_name.trim_matches(['[', ']']).to_owned(), trusted_roots })
}

/// The account's digest credential.
pub(crate) fn credential(account: &Account, password: &str) -> Credential {
    Credential {
        username: account.user.clone(),
        password: password.to_owned(),
        realm: None,
        auth_username: (!account.auth_user.is_empty()).then(|| account.auth_user.clone()),
    }
}

/// The socket address of the account's next hop (outbound proxy or registrar), resolving its name.
pub async fn resolve_next_hop(account: &Account, timeout: Duration) -> Result<SocketAddr, SipError> {
    let (host, port) = account.next_hop();
    let unresolved = |why: String| SipError::Unreachable { registrar: format!("{host}:{port} ({why})"), seconds: 0 };
    tokio::time::timeout(timeout, tokio::net::lookup_host((host.as_str(), port)))
        .await
        .map_err(|_| unresolved("name lookup timed out".into()))?
        .map_err(|e| unresolved(format!("name lookup failed: {e}")))?
        .next()
        .ok_or_else(|| unresolved("the name has no address".into()))
}

/// The local address the OS would use to reach `target` (a connected UDP socket sends nothing), port 0.
async fn local_address_towards(target: SocketAddr, registrar: &str) -> Result<SocketAddr, SipError> {
    let any = if target.is_ipv6() { SocketAddr::from(([0u16; 8], 0)) } else { SocketAddr::from(([0u8; 4], 0)) };
    let socket = tokio::net::UdpSocket::bind(any).await.map_err(|e| SipError::Transport(e.to_string()))?;
    socket
        .connect(target)
        .await
        .map_err(|e| SipError::Unreachable { registrar: format!("{registrar} (no route: {e})"), seconds: 0 })?;
    let local = socket.local_addr().map_err(|e| SipError::Transport(e.to_string()))?;
    Ok(SocketAddr::new(local.ip(), 0))
}
