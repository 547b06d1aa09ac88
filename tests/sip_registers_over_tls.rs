//! Registration over TLS against a real Kamailio on loopback, its certificate signed by a CA made at test time:
//! trusted through the account's CA file, it registers (Kamailio logs the REGISTER as arriving over TLS); without
//! that file the server is refused before a REGISTER is sent, as it is when its certificate names another host.
//! The OS trust store's part is `sip_tls_trusts_the_os_store.rs`.

mod support;

use locus_sip::{Account, RegisterOptions, SipError, Transport, check_registration};
use std::time::Duration;
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::sip_account::loopback_account;
use support::test_ca::TestCa;

fn tls_account(kamailio: &Kamailio, ca_file: &std::path::Path) -> Account {
    Account {
        tls_ca_file: ca_file.to_str().expect("utf-8 path").to_owned(),
        ..loopback_account(kamailio.tls_port.expect("TLS port"), Transport::Tls)
    }
}

fn options() -> RegisterOptions {
    RegisterOptions { bind: None, timeout: Duration::from_secs(3), keep_alive: None }
}

fn register_requests(kamailio: &Kamailio) -> usize {
    kamailio.register_lines().iter().filter(|l| l.contains("LOCUS-TEST REGISTER from")).count()
}

#[tokio::test]
async fn registers_over_tls_when_the_account_trusts_the_servers_ca() {
    let dir = tempfile::tempdir().expect("dir");
    let ca = TestCa::new("Locus test PBX CA");
    let server = ca.server(&["127.0.0.1"]);
    let kamailio = Kamailio::start_tls(Digest::Sha256, &server.certificate, &server.private_key);
    let account = tls_account(&kamailio, &ca.write_pem(dir.path()));
    assert_eq!(account.registrar_uri(), format!("sip:127.0.0.1:{};transport=tls", kamailio.tls_port.expect("port")));

    let registered = check_registration(&account, PASSWORD, options())
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", kamailio.log_text()));
    assert_eq!(registered.expires, 300);
    let lines = kamailio.register_lines();
    assert!(
        lines.iter().any(|l| l.contains("REGISTERED sip:alice@locus.test") && l.contains("/tls")),
        "Kamailio saw the REGISTER arrive over TLS: {lines:#?}"
    );
    assert!(lines.iter().all(|l| !l.contains("/udp") && !l.contains("/tcp")), "nothing in the clear: {lines:#?}");
}

#[tokio::test]
async fn a_server_signed_by_an_unknown_ca_is_refused_before_anything_is_sent() {
    let ca = TestCa::new("A CA nobody trusts");
    let server = ca.server(&["127.0.0.1"]);
    let kamailio = Kamailio::start_tls(Digest::Md5, &server.certificate, &server.private_key);
    let account = loopback_account(kamailio.tls_port.expect("port"), Transport::Tls);

    let err = check_registration(&account, PASSWORD, options()).await.expect_err("untrusted server");
    assert_eq!(err.code(), "tls", "{err:?}");
    let message = err.to_string();
    assert!(message.contains("not signed by a CA this computer trusts"), "{message}");
    assert!(message.contains(&format!("127.0.0.1:{}", kamailio.tls_port.expect("port"))), "{message}");
    assert_eq!(register_requests(&kamailio), 0, "no REGISTER (and no password digest) reached it");
}

#[tokio::test]
async fn a_certificate_for_another_host_is_refused_even_from_a_trusted_ca() {
    let dir = tempfile::tempdir().expect("dir");
    let ca = TestCa::new("Locus test PBX CA");
    let server = ca.server(&["pbx.elsewhere.test"]);
    let kamailio = Kamailio::start_tls(Digest::Md5, &server.certificate, &server.private_key);
    let account = tls_account(&kamailio, &ca.write_pem(dir.path()));

    let err = check_registration(&account, PASSWORD, options()).await.expect_err("wrong name");
    assert!(matches!(&err, SipError::TlsRefused { reason, .. } if reason.contains("another name")), "{err:?}");
    assert_eq!(register_requests(&kamailio), 0);
}

#[tokio::test]
async fn an_unreadable_ca_file_is_named_and_nothing_is_sent() {
    let dir = tempfile::tempdir().expect("dir");
    let ca = TestCa::new("Locus test PBX CA");
    let server = ca.server(&["127.0.0.1"]);
    let kamailio = Kamailio::start_tls(Digest::Md5, &server.certificate, &server.private_key);
    let account = tls_account(&kamailio, &dir.path().join("missing-ca.pem"));

    let err = check_registration(&account, PASSWORD, options()).await.expect_err("no CA file");
    assert_eq!(err.code(), "tls_ca_file");
    assert!(err.to_string().contains("missing-ca.pem"), "{err}");
    assert_eq!(register_requests(&kamailio), 0);
}
