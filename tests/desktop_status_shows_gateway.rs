//! Desktop end to end: the real Locus app, built by cargo and launched under Xvfb through tauri-driver inside a
//! network namespace whose only gateway has a known IP and MAC, shows on its status screen the default gateway
//! that `locusctl net --json` reports there, with E911 readiness red — no calling account is set up — and
//! saying to use another phone for 911. A screenshot is saved to `target/e2e/status-screen.png`. The web process
//! drawing that screen runs lean (src-tauri/webview.rs): no compositor thread, no JavaScript JIT.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;
use support::desktop::Desktop;
use support::lab;

const TEST_NAME: &str = "status_screen_shows_the_gateway_locusctl_reports";

#[test]
fn status_screen_shows_the_gateway_locusctl_reports() {
    if lab::inside_laptop() {
        return inside_laptop_namespace();
    }
    let (ip, mac) = ("10.200.7.1", "02:00:5e:aa:bb:cc");
    lab::rerun_inside_laptop(
        "e2e",
        "10.200.7",
        mac,
        TEST_NAME,
        &[("EXPECTED_GATEWAY_IP", ip), ("EXPECTED_GATEWAY_MAC", mac)],
    );
}

fn inside_laptop_namespace() {
    let expected_ip = std::env::var("EXPECTED_GATEWAY_IP").expect("EXPECTED_GATEWAY_IP");
    let expected_mac = std::env::var("EXPECTED_GATEWAY_MAC").expect("EXPECTED_GATEWAY_MAC");
    let home = tempfile::tempdir().expect("LOCUS_HOME");

    let output = std::process::Command::new(support::binaries::locusctl())
        .args(["net", "--json"])
        .env("LOCUS_HOME", home.path())
        .output()
        .expect("run locusctl");
    assert!(output.status.success(), "locusctl failed: {}", String::from_utf8_lossy(&output.stderr));
    let net: Value = serde_json::from_slice(&output.stdout).expect("locusctl net --json prints JSON");
    let reported_ip = net["default_gateway"]["ip"].as_str().expect("default_gateway.ip").to_owned();
    assert_eq!(reported_ip, expected_ip, "locusctl must see the lab's gateway");
    assert_eq!(net["default_gateway"]["mac"].as_str(), Some(expected_mac.as_str()));

    let desktop = Desktop::launch(&support::binaries::locus_app(), home.path());
    let shown_ip = desktop.wait_for_text("[data-testid=gateway-ip]", Duration::from_secs(45));
    let target_dir = support::binaries::locus_app().parent().and_then(|p| p.parent()).map(PathBuf::from);
    let shot = target_dir.expect("target dir").join("e2e/status-screen.png");
    desktop.screenshot(&shot);
    assert_eq!(shown_ip, reported_ip, "the status screen must show the gateway locusctl reports");
    let shown_mac = desktop.wait_for_text("[data-testid=gateway-mac]", Duration::from_secs(5));
    assert_eq!(shown_mac, expected_mac);
    // No calling account is set up: 911 cannot leave from Locus, so readiness is red and says to use another phone.
    let readiness = desktop.wait_for_text("[data-testid=readiness]", Duration::from_secs(5));
    assert!(readiness.contains("no calling account"), "readiness should be red for no account, was: {readiness}");
    assert!(readiness.to_lowercase().contains("use another phone for 911"), "{readiness}");
    assert_eq!(desktop.attribute("[data-testid=readiness]", "data-level").as_deref(), Some("red"));
    println!("screenshot saved to {}", shot.display());

    // The harness sets none of these: the app does, before WebKit starts, and its web process inherits them.
    let web = support::desktop::web_process_of(home.path());
    assert_eq!(web.env("JSC_useJIT").as_deref(), Some("0"), "JavaScriptCore's JIT is off in the web process");
    assert_eq!(web.env("WEBKIT_DISABLE_COMPOSITING_MODE").as_deref(), Some("1"));
    assert_eq!(web.env("WEBKIT_DISABLE_DMABUF_RENDERER").as_deref(), Some("1"));
    // The screen is drawn, so a compositing web process would have started its compositor thread by now.
    let threads = web.thread_names();
    assert!(
        !threads.iter().any(|name| name.contains("Compositor")),
        "the web process paints without a compositor thread: {threads:?}"
    );
}
