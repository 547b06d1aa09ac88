//! SIP passwords and carrier API keys live in the OS keychain and nowhere else (invariant S7): `OsKeychain`
//! against a real Secret Service, gnome-keyring, with no mocks.
//!
//! Each test re-runs itself in a keychain sandbox (`tests/support/keychain.rs`): a private D-Bus session with a
//! fresh, unlocked gnome-keyring, or no D-Bus session at all. The user's own keyring is never touched.

#[allow(dead_code, unreachable_pub)]
#[path = "../../../../tests/support/keychain.rs"]
mod keychain;

use keychain::{
    Bus, files_containing, lock_default_collection, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring,
};
use locus_core::secrets::{KEYCHAIN_SERVICE, OsKeychain, SecretKey, SecretStore};
use locus_core::{CoreError, LocusPaths, init_logging};
use std::process::Command;
use std::time::SystemTime;

#[test]
fn keychain_holds_secrets() {
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox("keychain_holds_secrets", Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    let paths = LocusPaths::under(&sandbox.join("locus"));
    paths.create_all().expect("create LOCUS_HOME directories");
    // Everything at trace level (RUST_LOG is set by the re-run), so a secret reaching any log would be caught.
    let logging = init_logging(&paths, false).expect("start logging");

    let keychain = OsKeychain::new();
    let alice = SecretKey::sip_password("alice");
    let bob = SecretKey::sip_password("bob");
    let carrier = SecretKey::carrier_api_key("alice");
    let unique = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).expect("clock").as_nanos();
    let first = format!("first-password-{unique}");
    let second = format!("second-password-{unique}");
    let api_key = format!("carrier-api-key-{unique}");

    assert_eq!(keychain.get(&alice).expect("get before set"), None, "a fresh keyring holds nothing");

    keychain.set(&alice, &first).expect("set alice's password");
    assert_eq!(keychain.get(&alice).expect("get alice").as_deref(), Some(first.as_str()));
    assert_eq!(secret_tool_lookup(&alice).as_deref(), Some(first.as_str()), "libsecret sees the same secret");

    keychain.set(&carrier, &api_key).expect("set the carrier key");
    assert_eq!(keychain.get(&carrier).expect("get carrier").as_deref(), Some(api_key.as_str()));
    assert_eq!(keychain.get(&alice).expect("get alice").as_deref(), Some(first.as_str()), "keys are independent");
    assert_eq!(keychain.get(&bob).expect("get bob"), None, "another account has no password");

    keychain.set(&alice, &second).expect("overwrite alice's password");
    assert_eq!(keychain.get(&alice).expect("get alice").as_deref(), Some(second.as_str()));
    assert_eq!(secret_tool_lookup(&alice).as_deref(), Some(second.as_str()));
    assert_eq!(secret_tool_item_count(&alice), 1, "overwriting replaces the item instead of adding one");
    assert_eq!(
        OsKeychain::new().get(&alice).expect("get from a second handle").as_deref(),
        Some(second.as_str()),
        "another handle (a restarted Locus) reads the same keychain"
    );

    keychain.delete(&alice).expect("delete alice's password");
    assert_eq!(keychain.get(&alice).expect("get after delete"), None);
    assert_eq!(secret_tool_lookup(&alice), None, "the item is gone from the Secret Service");
    keychain.delete(&alice).expect("deleting what is not there succeeds");
    assert_eq!(keychain.get(&carrier).expect("get carrier").as_deref(), Some(api_key.as_str()), "untouched");

    // A locked keyring is an error that says so, and nothing is written anywhere instead.
    lock_default_collection();
    let locked = keychain.get(&carrier).expect_err("reading from a locked keyring must fail");
    assert_is_clear_keychain_error(&locked, "locked");
    let locked = keychain.set(&bob, "never-stored-anywhere").expect_err("writing to a locked keyring must fail");
    assert_is_clear_keychain_error(&locked, "locked");

    drop(logging);
    for secret in [first.as_str(), second.as_str(), api_key.as_str(), "never-stored-anywhere"] {
        let holders = files_containing(&sandbox, secret.as_bytes());
        assert!(
            holders.is_empty(),
            "a secret is on disk in plain text (LOCUS_HOME, logs or keyring files): {holders:?}"
        );
    }
}

#[test]
fn no_secret_service_is_a_clear_error() {
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox("no_secret_service_is_a_clear_error", Bus::None);
    };
    let paths = LocusPaths::under(&sandbox.join("locus"));
    paths.create_all().expect("create LOCUS_HOME directories");
    let keychain = OsKeychain::new();
    let key = SecretKey::sip_password("alice");

    let error = keychain.set(&key, "no-keychain-no-secret").expect_err("storing without a keychain must fail");
    assert_is_clear_keychain_error(&error, "not available");
    let error = keychain.get(&key).expect_err("reading without a keychain must fail, not report no secret");
    assert_is_clear_keychain_error(&error, "not available");
    let error = keychain.delete(&key).expect_err("deleting without a keychain must fail");
    assert_is_clear_keychain_error(&error, "not available");
    let holders = files_containing(&sandbox, b"no-keychain-no-secret");
    assert!(holders.is_empty(), "the secret fell back to a file: {holders:?}");
}

/// A keychain error whose message names the problem (`what`) and a fix, and never a secret.
fn assert_is_clear_keychain_error(error: &CoreError, what: &str) {
    let message = error.to_string();
    eprintln!("keychain error as the user sees it: {message}");
    assert!(matches!(error, CoreError::Keychain(_)), "not a keychain error: {message}");
    assert!(message.contains(what), "the message does not say {what:?}: {message}");
    assert!(message.contains("keyring"), "the message does not name the keyring: {message}");
    assert!(!message.contains("password-") && !message.contains("never-stored"), "a secret leaked: {message}");
}

/// The secret libsecret (not our code) finds for `key`, or `None`.
fn secret_tool_lookup(key: &SecretKey) -> Option<String> {
    keychain::secret_tool_lookup(KEYCHAIN_SERVICE, &key.account())
}

/// How many Secret Service items match `key`.
fn secret_tool_item_count(key: &SecretKey) -> usize {
    let output = Command::new("secret-tool")
        .args(["search", "--all", "service", KEYCHAIN_SERVICE, "username", &key.account()])
        .output()
        .expect("run secret-tool (package libsecret-tools)");
    let listing = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    listing.lines().filter(|line| line.starts_with("label = ")).count()
}
