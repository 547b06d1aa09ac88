//! `locusctl` with a TLS account end to end, and the OS trust store's part in it: an account with no CA file of
//! its own trusts what the operating system trusts. The store is pointed at a test CA through `SSL_CERT_FILE`
//! (honoured by the OS-store reader, as by OpenSSL) for one run of `locusctl register --check`, which then
//! registers with Kamailio over TLS; the same command without it is refused as untrusted, and an account given
//! the CA file with `--tls-ca-file` registers with the system store untouched.

mod support;

use serde_json::Value;
use std::process::{Command, Stdio};
use support::binaries;
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use support::sip_cli::{locusctl, text};
use support::test_ca::TestCa;

/// `locusctl register --check` for `id`, with `SSL_CERT_FILE` set to `os_store` when given.
fn check(id: &str, os_store: Option<&std::path::Path>) -> Value {
    let mut command = Command::new(binaries::locusctl());
    command.args(["register", "--check", "--account", id, "--timeout", "3", "--json"]);
    if let Some(store) = os_store {
        command.env("SSL_CERT_FILE", store);
    }
    let output = command.stdin(Stdio::null()).output().expect("run locusctl");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("JSON report: {}", text(&output)))
}

#[test]
fn a_tls_registrar_is_trusted_through_the_os_store_or_the_accounts_ca_file() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "a_tls_registrar_is_trusted_through_the_os_store_or_the_accounts_ca_file",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let dir = tempfile::tempdir().expect("dir");
    let ca = TestCa::new("Locus test CA");
    let ca_file = ca.write_pem(dir.path());
    let server = ca.server(&["127.0.0.1"]);
    let kamailio = Kamailio::start_tls(Digest::Md5, &server.certificate, &server.private_key);
    let registrar = format!("127.0.0.1:{}", kamailio.tls_port.expect("TLS port"));
    let add = |id: &str, extra: &[&str]| {
        let mut args = vec!["account", "add", "--id", id, "--user", "alice", "--domain", "locus.test"];
        args.extend(["--registrar", registrar.as_str(), "--transport", "tls"]);
        args.extend(extra);
        let added = locusctl(&args, Some(&format!("{PASSWORD}\n")));
        assert!(added.status.success(), "{}", text(&added));
    };

    add("system-store", &[]);
    let refused = check("system-store", None);
    assert_eq!(refused["ok"], false, "{refused}");
    assert!(
        refused["error"].as_str().unwrap_or_default().contains("not signed by a CA this computer trusts"),
        "{refused}"
    );
    let trusted = check("system-store", Some(&ca_file));
    assert_eq!(trusted["ok"], true, "{trusted}\n{}", kamailio.log_text());

    add("own-ca", &["--tls-ca-file", ca_file.to_str().expect("utf-8 path")]);
    let own = check("own-ca", None);
    assert_eq!(own["ok"], true, "{own}\n{}", kamailio.log_text());
    let over_tls = kamailio.register_lines().iter().filter(|l| l.contains("REGISTERED") && l.contains("/tls")).count();
    assert_eq!(over_tls, 4, "two registrations and their removals, all over TLS: {:#?}", kamailio.register_lines());
}
