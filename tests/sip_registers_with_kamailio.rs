//! Registration against a real Kamailio registrar on loopback (decision 0008): digest authentication with MD5
//! and with SHA-256 (qop=auth), over UDP and TCP; a wrong password is a clear "refused the user name or
//! password" error after one answered challenge (no retry storm); a registrar that is not there is reported as
//! unreachable within the timeout. Kamailio's own log shows what it received.

mod support;

use locus_sip::{Account, RegisterOptions, SipError, Transport, check_registration};
use std::time::Duration;
use support::kamailio::{Digest, Kamailio, PASSWORD, free_port};
use support::sip_account::loopback_account;

fn account(port: u16, transport: Transport) -> Account {
    Account {
        display_name: "Alice Agent".into(),
        caller_id: "+13125550100".into(),
        ..loopback_account(port, transport)
    }
}

fn options() -> RegisterOptions {
    RegisterOptions { bind: None, timeout: Duration::from_secs(3), keep_alive: None }
}

#[tokio::test]
async fn md5_digest_registers_over_udp_and_tcp_and_the_check_removes_its_binding() {
    let kamailio = Kamailio::start(Digest::Md5);
    for transport in [Transport::Udp, Transport::Tcp] {
        let registered = check_registration(&account(kamailio.port, transport), PASSWORD, options())
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}\n{}", kamailio.log_text()));
        assert_eq!(registered.expires, 300, "{transport:?}");
        assert!(registered.took < Duration::from_secs(1), "{registered:?}");
    }
    let lines = kamailio.register_lines();
    // The binding is for the address of record (sip:alice@locus.test), sent to the registrar's address.
    let registered: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("REGISTERED sip:alice@locus.test") && l.contains(" via sip:locus.test"))
        .collect();
    assert_eq!(registered.len(), 4, "a registration and its removal per transport: {lines:#?}");
    assert!(registered.iter().any(|l| l.contains("/udp")) && registered.iter().any(|l| l.contains("/tcp")));
    assert!(lines.iter().any(|l| l.contains("algorithm=MD5") || (l.contains("response=") && !l.contains("SHA"))));
    assert!(lines.iter().any(|l| l.contains("expires=[0]")), "the check un-registers: {lines:#?}");
}

#[tokio::test]
async fn sha256_digest_registers() {
    let kamailio = Kamailio::start(Digest::Sha256);
    let registered = check_registration(&account(kamailio.port, Transport::Udp), PASSWORD, options())
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", kamailio.log_text()));
    assert_eq!(registered.expires, 300);
    let lines = kamailio.register_lines();
    assert!(
        lines.iter().any(|l| l.contains("algorithm=SHA-256") && l.contains("response=")),
        "we answered with SHA-256, spelled as RFC 8760 spells it: {lines:#?}"
    );
}

#[tokio::test]
async fn a_wrong_password_is_named_as_such_after_one_answered_challenge() {
    let kamailio = Kamailio::start(Digest::Md5);
    let err = check_registration(&account(kamailio.port, Transport::Udp), "wrong password", options())
        .await
        .expect_err("wrong password");
    let message = err.to_string();
    assert!(matches!(err, SipError::WrongCredentials { status: 401, .. }), "{err:?}");
    assert!(message.contains("refused the user name or password") && message.contains("127.0.0.1"), "{message}");
    let attempts = kamailio.register_lines().iter().filter(|l| l.contains("LOCUS-TEST REGISTER from")).count();
    assert!(attempts <= 3, "no retry storm against the registrar: {attempts} REGISTERs");
}

#[tokio::test]
async fn a_registrar_that_is_not_there_is_unreachable_within_the_timeout() {
    let port = free_port();
    let started = std::time::Instant::now();
    let err = check_registration(&account(port, Transport::Udp), PASSWORD, options()).await.expect_err("nobody there");
    assert!(matches!(err, SipError::Unreachable { .. } | SipError::Transport(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "gave up after {:?}", started.elapsed());
    let tcp = check_registration(&account(port, Transport::Tcp), PASSWORD, options()).await.expect_err("nobody there");
    assert!(tcp.to_string().contains(&format!("127.0.0.1:{port}")), "{tcp}");
}

#[tokio::test]
async fn bad_settings_are_refused_before_anything_is_sent() {
    let bad = Account { registrar: "pbx:0".into(), register_interval: 10, ..account(5060, Transport::Udp) };
    let err = check_registration(&bad, PASSWORD, options()).await.expect_err("invalid");
    let message = err.to_string();
    assert!(message.contains("registrar") && message.contains("register_interval"), "{message}");
}
