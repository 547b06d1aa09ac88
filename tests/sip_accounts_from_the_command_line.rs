//! `locusctl account add|list|remove` and `locusctl register --check` end to end: the password goes from standard
//! input into a real Secret Service (gnome-keyring in a private D-Bus session) and nowhere else — not in
//! accounts.json, not in the logs (S7); `register --check` takes it from there and registers with a real Kamailio
//! on loopback; a wrong password and a removed account each give a clear answer.

mod support;

use serde_json::Value;
use std::process::Output;
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::keychain::{
    Bus, files_containing, rerun_in_sandbox, sandbox, secret_tool_lookup, start_unlocked_gnome_keyring,
};
use support::sip_cli::{RegisterWatch, add_account, locusctl, text};

fn check(id: &str) -> (Output, Value) {
    let output = locusctl(&["register", "--check", "--account", id, "--timeout", "3", "--json"], None);
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output, report)
}

#[test]
fn accounts_keep_their_password_in_the_keychain_and_register_with_kamailio() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "accounts_keep_their_password_in_the_keychain_and_register_with_kamailio",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let kamailio = Kamailio::start(Digest::Md5);

    let added = add_account("work", kamailio.port, PASSWORD);
    assert!(added.status.success(), "{}", text(&added));
    let (output, report) = check("work");
    assert!(output.status.success(), "{}\n{}", text(&output), kamailio.log_text());
    assert_eq!((report["ok"].as_bool(), report["expires"].as_u64()), (Some(true), Some(600)), "{report}");

    let listed = locusctl(&["account", "list", "--json"], None);
    let accounts: Value = serde_json::from_slice(&listed.stdout).expect("list JSON");
    assert_eq!(accounts[0]["id"], "work", "{accounts}");
    assert!(!listed.stdout.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()));

    // The only copy of the password is the keychain's.
    let lookup = secret_tool_lookup("org.locus.Locus", "sip:work");
    assert_eq!(lookup.as_deref(), Some(PASSWORD));
    let locus_home = std::env::var("LOCUS_HOME").expect("LOCUS_HOME");
    assert_eq!(
        files_containing(std::path::Path::new(&locus_home), PASSWORD.as_bytes()),
        Vec::<std::path::PathBuf>::new()
    );

    // A wrong password is named as such, and the command fails.
    assert!(add_account("typo", kamailio.port, "not the password").status.success());
    let (output, report) = check("typo");
    assert!(!output.status.success());
    assert_eq!(report["ok"], false);
    assert!(report["error"].as_str().unwrap_or_default().contains("refused the user name or password"), "{report}");

    // Removing an account removes its password too.
    let removed = locusctl(&["account", "remove", "work"], None);
    assert!(removed.status.success(), "{}", text(&removed));
    let lookup = secret_tool_lookup("org.locus.Locus", "sip:work");
    assert_eq!(lookup, None, "the password left with the account");
    let (output, _) = check("work");
    assert!(text(&output).contains("no SIP account \"work\""), "{}", text(&output));
}

#[test]
fn an_account_with_bad_settings_is_refused_field_by_field_and_nothing_is_stored() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "an_account_with_bad_settings_is_refused_field_by_field_and_nothing_is_stored",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let output = locusctl(
        &["account", "add", "--id", "work", "--user", "al ice", "--domain", "pbx", "--register-interval", "5"],
        Some("secret\n"),
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let said = text(&output);
    assert!(said.contains("user:") && said.contains("register_interval:"), "{said}");
    let listed = locusctl(&["account", "list", "--json"], None);
    assert_eq!(serde_json::from_slice::<Value>(&listed.stdout).expect("JSON"), serde_json::json!([]));
    let lookup = secret_tool_lookup("org.locus.Locus", "sip:work");
    assert_eq!(lookup, None, "no password stored for a refused account");
}

#[test]
fn register_watch_keeps_accounts_registered_and_reports_each_step() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "register_watch_keeps_accounts_registered_and_reports_each_step",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let kamailio = Kamailio::start_with(Digest::Md5, &["SHORT_EXPIRES"]);
    assert!(add_account("work", kamailio.port, PASSWORD).status.success());
    // An account whose password never reached the keychain (hand-edited accounts.json).
    let home = std::path::PathBuf::from(std::env::var("LOCUS_HOME").expect("LOCUS_HOME"));
    let file = home.join("config/accounts.json");
    let mut book: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("accounts")).expect("JSON");
    let mut orphan = book["accounts"][0].clone();
    orphan["id"] = "orphan".into();
    book["accounts"].as_array_mut().expect("accounts").push(orphan);
    std::fs::write(&file, book.to_string()).expect("write accounts");

    let watch = RegisterWatch::start();
    let seen =
        watch.until(std::time::Duration::from_secs(15), |seen| RegisterWatch::count(seen, "RegisterOk", "work") >= 2);
    let kinds_for = |account: &str| -> Vec<&str> {
        seen.iter().filter(|(_, id, _)| id == account).map(|(kind, _, _)| kind.as_str()).collect()
    };
    assert_eq!(kinds_for("work"), ["Registering", "RegisterOk", "RegisterOk"], "registered, then refreshed: {seen:?}");
    assert_eq!(kinds_for("orphan"), ["Registering", "RegisterFailed"], "{seen:?}");
    let failure = seen.iter().find(|(kind, _, _)| kind == "RegisterFailed").map(|(_, _, event)| event);
    assert_eq!(failure.and_then(|e| e["payload"]["code"].as_str()), Some("no_password"), "{failure:?}");

    // Interrupted like Ctrl-C: the binding is removed on the way out.
    watch.interrupt();
    let lines = kamailio.register_lines();
    assert!(lines.iter().any(|l| l.contains("expires=[0]")), "unregistered on exit: {lines:#?}");
}
