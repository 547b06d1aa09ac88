//! Desktop end to end (issue #6 item 6): a first-time user sets up a calling account in the real app. With no
//! account, readiness is red "no calling account". On the Accounts screen they fill in the form, "Test
//! connection" with a mistyped password says the registrar refused it, the right password connects, and Save
//! registers the account with a real Kamailio (the password goes to gnome-keyring on the app's own bus) — the
//! status says Registered and readiness leaves red. Screenshots go to `target/e2e/`.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};
use support::binaries::locus_app;
use support::desktop::Desktop;
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring_on};

const TEST_NAME: &str = "a_new_account_is_tested_then_saved_and_registers";

fn screenshot_dir() -> PathBuf {
    locus_app().parent().and_then(|p| p.parent()).expect("target dir").join("e2e")
}

/// The text of the first element matching `css`, empty when there is none.
fn text_of(desktop: &Desktop, css: &str) -> String {
    let script = format!("const e = document.querySelector('{css}'); return e ? e.innerText : '';");
    desktop.execute(&script).as_str().unwrap_or_default().trim().to_owned()
}

/// Replaces the value of the form field `name` with `value`, as typing would.
fn fill(desktop: &Desktop, name: &str, value: &str) {
    let css = format!("[data-testid=account-form] [name={name}]");
    desktop.wait_for(&css, Duration::from_secs(5));
    desktop.execute(&format!("document.querySelector('{css}').value = '';"));
    desktop.type_into(&css, value);
}

fn wait_for(desktop: &Desktop, what: &str, seconds: u64, condition: impl Fn(&Desktop) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !condition(desktop) {
        assert!(Instant::now() < deadline, "{what} did not happen within {seconds} s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_new_account_is_tested_then_saved_and_registers() {
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST_NAME, Bus::None);
    };
    let home = sandbox.join("locus-desktop");
    std::fs::create_dir_all(&home).expect("LOCUS_HOME");
    // Where the laptop is was confirmed before, so the confirmation dialog does not cover the window.
    support::locusctl::confirm_home_address(&home);
    let kamailio = Kamailio::start(Digest::Md5);
    let (desktop, ()) =
        Desktop::launch_with_bus_hook(&locus_app(), &home, |bus| start_unlocked_gnome_keyring_on(Some(bus)));

    desktop.wait_for("[data-testid=readiness]", Duration::from_secs(45));
    wait_for(&desktop, "readiness red for no account", 20, |d| {
        text_of(d, "[data-testid=readiness]").contains("no calling account")
    });
    // A click while the first status still renders can be lost: click until the Accounts page shows.
    desktop.wait_for("[data-testid=nav-accounts]", Duration::from_secs(10));
    wait_for(&desktop, "the Accounts page opens", 20, |d| {
        if d.find("[data-testid=accounts-screen]").is_none() {
            d.click("[data-testid=nav-accounts]");
            std::thread::sleep(Duration::from_millis(300));
        }
        d.find("[data-testid=accounts-screen]").is_some()
    });
    desktop.wait_for("[data-testid=accounts-empty]", Duration::from_secs(10));

    desktop.click("[data-testid=account-add]");
    fill(&desktop, "id", "work");
    fill(&desktop, "display_name", "Alice Agent");
    fill(&desktop, "user", "alice");
    fill(&desktop, "domain", "locus.test");
    fill(&desktop, "registrar", &format!("127.0.0.1:{}", kamailio.port));
    fill(&desktop, "password", "not the password");

    // A mistyped password: the registrar refused it, and the screen says so in those words.
    desktop.click("[data-testid=account-test]");
    wait_for(&desktop, "the failed connection test", 20, |d| {
        d.attribute("[data-testid=account-test-result]", "data-ok").as_deref() == Some("false")
    });
    let refused = text_of(&desktop, "[data-testid=account-test-result]");
    assert!(refused.contains("refused the user name or password"), "{refused}");
    desktop.screenshot(&screenshot_dir().join("account-test-refused.png"));

    // The right one connects.
    fill(&desktop, "password", PASSWORD);
    desktop.click("[data-testid=account-test]");
    wait_for(&desktop, "the passing connection test", 20, |d| {
        d.attribute("[data-testid=account-test-result]", "data-ok").as_deref() == Some("true")
    });
    let connected = text_of(&desktop, "[data-testid=account-test-result]");
    assert!(connected.contains(&kamailio.port.to_string()), "{connected}");

    // Saved: it registers, and readiness is no longer red for want of an account.
    desktop.click("[data-testid=account-save]");
    wait_for(&desktop, "the account registers", 20, |d| {
        d.attribute("[data-testid=account-status-work]", "data-state").as_deref() == Some("registered")
    });
    assert!(kamailio.register_lines().iter().any(|line| line.contains("REGISTERED")), "{}", kamailio.log_text());
    wait_for(&desktop, "readiness leaves red no-account", 10, |d| {
        !text_of(d, "[data-testid=readiness]").contains("no calling account")
    });
    let shot = desktop.screenshot(&screenshot_dir().join("account-registered.png"));
    assert!(shot.exists(), "{}", shot.display());
}
