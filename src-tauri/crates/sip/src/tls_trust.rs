//! Which certificates a TLS account trusts: the operating system's trust store, plus the account's own CA file
//! when IT names one (a private PBX signed by an internal CA). Nothing else: a server whose chain ends anywhere
//! else is refused, and there is no "accept any certificate" switch.

use crate::{Account, SipError, Transport};
use base64::Engine;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use std::sync::OnceLock;

/// The CA certificates (PEM) a connection for `account` may end its chain at; `None` for UDP and TCP accounts.
/// The OS store is read once per process; the account's CA file on every call, so a replaced file takes effect.
pub(crate) fn trusted_roots(account: &Account) -> Result<Option<Vec<u8>>, SipError> {
    if account.transport != Transport::Tls {
        return Ok(None);
    }
    let mut pem = os_roots().to_vec();
    if !account.tls_ca_file.is_empty() {
        pem.extend_from_slice(&read_ca_file(&account.tls_ca_file)?);
    }
    if pem.is_empty() {
        return Err(SipError::TlsRefused {
            server: account.registrar_uri(),
            reason: "this computer's trust store is empty and the account names no CA file".into(),
        });
    }
    Ok(Some(pem))
}

/// The OS trust store as PEM, read once. Unreadable entries are skipped (and logged), as browsers do.
fn os_roots() -> &'static [u8] {
    static ROOTS: OnceLock<Vec<u8>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for error in &found.errors {
            tracing::warn!(%error, "skipped part of the OS trust store");
        }
        tracing::debug!(certificates = found.certs.len(), "read the OS trust store");
        found.certs.iter().flat_map(|cert| to_pem(cert).into_bytes()).collect()
    })
}

/// Reads an extra CA file: every certificate in it, re-encoded, or an error naming the file and what is wrong.
fn read_ca_file(path: &str) -> Result<Vec<u8>, SipError> {
    let refuse = |reason: String| SipError::TlsCaFile { path: path.to_owned(), reason };
    let bytes = std::fs::read(path).map_err(|e| refuse(format!("cannot be read: {e}")))?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refuse(format!("is not PEM: {e}")))?;
    if certs.is_empty() {
        return Err(refuse("holds no certificate (expected -----BEGIN CERTIFICATE-----)".into()));
    }
    Ok(certs.iter().flat_map(|cert| to_pem(cert).into_bytes()).collect())
}

fn to_pem(cert: &CertificateDer<'_>) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(cert.as_ref());
    let mut pem = String::with_capacity(body.len() + 80);
    pem.push_str("-----BEGIN CERTIFICATE-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

/// Words a failed TLS handshake (rustls's error text, as the stack passes it on) for the person fixing it;
/// `None` when the failure is not about TLS.
pub(crate) fn explain_tls_failure(stack_error: &str) -> Option<String> {
    let lower = stack_error.to_ascii_lowercase();
    let reason = if lower.contains("unknownissuer") {
        "its certificate is not signed by a CA this computer trusts (IT can add the CA file to the account)"
    } else if lower.contains("notvalidforname") || lower.contains("not valid for name") {
        "its certificate is for another name than the address we connected to"
    } else if lower.contains("expired") {
        "its certificate has expired"
    } else if lower.contains("notvalidyet") {
        "its certificate is not valid yet (check this computer's clock)"
    } else if lower.contains("revoked") {
        "its certificate has been revoked"
    } else if lower.contains("invalid peer certificate") || lower.contains("badsignature") {
        "its certificate could not be verified"
    } else if lower.contains("handshake") || lower.contains("alert") || lower.contains("tls") {
        "the TLS handshake failed"
    } else {
        return None;
    };
    Some(format!("{reason} ({stack_error})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tls_account(ca_file: &str) -> Account {
        Account {
            id: "work".into(),
            display_name: String::new(),
            user: "alice".into(),
            domain: "pbx.example.com".into(),
            registrar: String::new(),
            transport: Transport::Tls,
            outbound_proxy: String::new(),
            auth_user: String::new(),
            caller_id: String::new(),
            register_interval: 600,
            tls_ca_file: ca_file.to_owned(),
        }
    }

    #[test]
    fn udp_and_tcp_accounts_need_no_trust_list() {
        let mut account = tls_account("");
        account.transport = Transport::Udp;
        assert!(trusted_roots(&account).expect("no error").is_none());
    }

    #[test]
    fn a_missing_or_empty_ca_file_is_named_in_the_error() {
        let dir = tempfile::tempdir().expect("dir");
        let missing = dir.path().join("absent.pem");
        let err = trusted_roots(&tls_account(missing.to_str().expect("utf-8"))).expect_err("missing");
        assert!(matches!(&err, SipError::TlsCaFile { path, .. } if path.ends_with("absent.pem")), "{err}");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").expect("write");
        let err = trusted_roots(&tls_account(empty.to_str().expect("utf-8"))).expect_err("empty");
        assert!(err.to_string().contains("holds no certificate"), "{err}");
    }

    #[test]
    fn a_ca_file_is_added_to_the_trust_list_certificate_by_certificate() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("ca.pem");
        // Any DER bytes survive the PEM round trip; rustls judges them when it connects.
        let der = CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x05]);
        std::fs::write(&file, format!("junk before\n{}", to_pem(&der))).expect("write");
        let pem = trusted_roots(&tls_account(file.to_str().expect("utf-8"))).expect("reads").expect("tls");
        let parsed = CertificateDer::pem_slice_iter(&pem).collect::<Result<Vec<_>, _>>().expect("pem");
        let os_store = CertificateDer::pem_slice_iter(os_roots()).count();
        assert_eq!(parsed.len(), os_store + 1, "the OS store, then the account's CA");
        assert_eq!(parsed.last(), Some(&der));
    }

    #[test]
    fn rustls_verdicts_are_worded_for_people() {
        let unknown = explain_tls_failure("invalid peer certificate: UnknownIssuer").expect("tls");
        assert!(unknown.starts_with("its certificate is not signed by a CA this computer trusts"), "{unknown}");
        let name = explain_tls_failure("invalid peer certificate: NotValidForName").expect("tls");
        assert!(name.contains("another name"), "{name}");
        assert_eq!(explain_tls_failure("connection refused (os error 111)"), None);
    }
}
