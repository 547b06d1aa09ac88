//! "Test connection" on the Accounts screen with a TLS account, on the real service against a real Kamailio
//! whose certificate comes from a CA made here: without the CA the result says plainly that the server's
//! certificate is not trusted (code `tls`), with the CA file named in the account it registers, and a CA file
//! that cannot be read is named (code `tls_ca_file`). The password is typed, so no keychain is involved.

mod support;

use locus_core::account_view::AccountSettings;
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use std::sync::Arc;
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::test_ca::TestCa;

fn tls_settings(port: u16, ca_file: &str) -> AccountSettings {
    AccountSettings {
        id: "work".into(),
        display_name: "Alice Agent".into(),
        user: "alice".into(),
        domain: "locus.test".into(),
        registrar: format!("127.0.0.1:{port}"),
        transport: "tls".into(),
        outbound_proxy: String::new(),
        auth_user: String::new(),
        caller_id: String::new(),
        register_interval: 600,
        tls_ca_file: ca_file.into(),
    }
}

#[tokio::test]
async fn the_connection_test_names_an_untrusted_certificate_and_passes_with_the_accounts_ca() {
    let home = tempfile::tempdir().expect("home");
    let service = LocusService::open(
        LocusPaths::under(home.path()),
        Arc::new(SystemSource::default()),
        Arc::new(HeadlessHost::default()),
    )
    .await
    .expect("service");
    let ca = TestCa::new("Locus test PBX CA");
    let server = ca.server(&["127.0.0.1"]);
    let kamailio = Kamailio::start_tls(Digest::Md5, &server.certificate, &server.private_key);
    let port = kamailio.tls_port.expect("TLS port");

    let untrusted = service.test_account(&tls_settings(port, ""), Some(PASSWORD.into())).await.expect("tested");
    assert!(!untrusted.ok);
    assert_eq!(untrusted.code.as_deref(), Some("tls"), "{untrusted:?}");
    let message = untrusted.message.unwrap_or_default();
    assert!(message.contains("not signed by a CA this computer trusts"), "{message}");

    let ca_file = ca.write_pem(home.path());
    let trusted = service
        .test_account(&tls_settings(port, ca_file.to_str().expect("utf-8")), Some(PASSWORD.into()))
        .await
        .expect("tested");
    assert!(trusted.ok, "{trusted:?}\n{}", kamailio.log_text());
    assert_eq!(trusted.registrar, format!("sip:127.0.0.1:{port};transport=tls"));

    let missing = home.path().join("no-such-ca.pem");
    let unreadable = service
        .test_account(&tls_settings(port, missing.to_str().expect("utf-8")), Some(PASSWORD.into()))
        .await
        .expect("tested");
    assert_eq!(unreadable.code.as_deref(), Some("tls_ca_file"), "{unreadable:?}");
    assert!(unreadable.message.unwrap_or_default().contains("no-such-ca.pem"));
}
