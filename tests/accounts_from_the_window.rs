//! The Accounts screen's requests in the running service (in-process, a sandboxed gnome-keyring, a real Kamailio
//! with digest auth): a bad form is refused field by field and saves nothing; "Test connection" says a wrong
//! password is a wrong password and a right one connects, saving nothing either way; saving puts the password in
//! the keychain (not in any file), registers, and takes readiness off red "no account"; removing the account puts
//! it back.

mod support;

use locus_core::account_view::AccountSettings;
use locus_core::events::Event;
use locus_core::{HeadlessHost, LocusPaths, LocusService, ReadinessReason, SystemSource};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::keychain::{Bus, files_containing, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};

const TEST: &str = "an_account_is_tested_saved_registered_and_removed_from_the_window";

fn settings(port: u16) -> AccountSettings {
    AccountSettings {
        id: "work".into(),
        display_name: "Alice Agent".into(),
        user: "alice".into(),
        domain: "locus.test".into(),
        registrar: format!("127.0.0.1:{port}"),
        transport: "udp".into(),
        outbound_proxy: String::new(),
        auth_user: String::new(),
        caller_id: String::new(),
        register_interval: 600,
        tls_ca_file: String::new(),
    }
}

/// Waits until the host has seen an event `pick` accepts.
async fn until(host: &HeadlessHost, what: &str, pick: impl Fn(&Event) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !host.events().iter().any(&pick) {
        assert!(Instant::now() < deadline, "no {what} within 15 s: {:#?}", host.events());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn an_account_is_tested_saved_registered_and_removed_from_the_window() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST, Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    let kamailio = Kamailio::start(Digest::Md5);
    let home = std::path::PathBuf::from(std::env::var_os("LOCUS_HOME").expect("the sandbox sets LOCUS_HOME"));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let host = Arc::new(HeadlessHost::default());
        let service = LocusService::open(LocusPaths::under(&home), Arc::new(SystemSource::default()), host.clone())
            .await
            .expect("the service opens");
        assert!(service.list_accounts().await.expect("list").is_empty());
        assert_eq!(service.readiness().await.reason, ReadinessReason::NoAccount);

        // A bad form: each problem names its field, and saving it stores nothing.
        let mut bad = settings(kamailio.port);
        bad.user = String::new();
        bad.transport = "carrier-pigeon".into();
        let fields: Vec<String> = service.validate_account(&bad).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["transport"], "the transport is checked first");
        bad.transport = "udp".into();
        let fields: Vec<String> = service.validate_account(&bad).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["user"]);
        assert!(service.save_account(&bad, Some(PASSWORD.into())).await.is_err());
        assert!(service.list_accounts().await.expect("list").is_empty(), "a refused form saved nothing");

        // Test connection: a wrong password is called one; the right one connects. Nothing is saved.
        let good = settings(kamailio.port);
        let wrong = service.test_account(&good, Some("not-the-password".into())).await.expect("tested");
        assert!(!wrong.ok, "{wrong:?}");
        assert_eq!(wrong.code.as_deref(), Some("wrong_password"), "{wrong:?}");
        let right = service.test_account(&good, Some(PASSWORD.into())).await.expect("tested");
        assert!(right.ok, "{right:?}");
        assert!(right.registrar.contains(&kamailio.port.to_string()), "{right:?}");
        assert!(service.list_accounts().await.expect("list").is_empty(), "testing saves nothing");
        assert!(service.save_account(&good, None).await.is_err(), "a new account needs a password");

        // Save: the password goes to the keychain only, the account registers, readiness leaves "no account".
        let saved = service.save_account(&good, Some(PASSWORD.into())).await.expect("saved");
        assert!(saved.has_password);
        assert!(files_containing(&home, PASSWORD.as_bytes()).is_empty(), "the password is in no file");
        until(&host, "RegisterOk", |e| matches!(e, Event::RegisterOk(a) if a.account_id == "work")).await;
        let listed = service.list_accounts().await.expect("list");
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].registration.state.as_str(), listed[0].has_password), ("registered", true));
        assert_ne!(service.readiness().await.reason, ReadinessReason::NoAccount);
        // Tested again with the stored password (none typed).
        assert!(service.test_account(&good, None).await.expect("tested").ok);

        // Removed: gone from the list and the keychain, and readiness is red "no account" again.
        service.remove_sip_account("work").await.expect("removed");
        assert!(service.list_accounts().await.expect("list").is_empty());
        assert!(service.test_account(&good, None).await.is_err(), "no stored password any more");
        assert_eq!(service.readiness().await.reason, ReadinessReason::NoAccount);
        assert!(service.remove_sip_account("work").await.is_err(), "removing twice is refused");
        service.stop_registrations().await;
    });
}
