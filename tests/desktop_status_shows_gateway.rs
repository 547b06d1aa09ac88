//! Desktop end to end: the real Locus app, built by cargo and launched under Xvfb through tauri-driver inside a
//! network namespace whose only gateway has a known IP and MAC, shows on its status screen the default gateway
//! that `locusctl net --json` reports there, with E911 readiness amber until a location is confirmed.
//! A screenshot is saved to `target/e2e/status-screen.png`.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;
use support::desktop::Desktop;
use support::lab::Lab;

/// Set when this test binary is re-run inside the laptop namespace.
const INSIDE: &str = "LOCUS_TEST_INSIDE_LAPTOP_NAMESPACE";
const TEST_NAME: &str = "status_screen_shows_the_gateway_locusctl_reports";

#[test]
fn status_screen_shows_the_gateway_locusctl_reports() {
    if std::env::var_os(INSIDE).is_some() {
        return inside_laptop_namespace();
    }
    let mut lab = Lab::new("e2e");
    let gateway = lab.add_gateway("10.200.7", "02:00:5e:aa:bb:cc");
    lab.move_to(&gateway);
    lab.warm_neighbour_cache(&gateway);
    let status = lab
        .command_in_laptop(std::env::current_exe().expect("test binary path"))
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(INSIDE, "1")
        .env("EXPECTED_GATEWAY_IP", &gateway.ip)
        .env("EXPECTED_GATEWAY_MAC", &gateway.mac)
        .status()
        .expect("re-run the test inside the laptop namespace");
    assert!(status.success(), "the desktop test inside the laptop namespace failed (its output is above)");
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
    let readiness = desktop.wait_for_text("[data-testid=readiness]", Duration::from_secs(5));
    assert!(readiness.contains("confirm your location"), "readiness should be amber, was: {readiness}");
    println!("screenshot saved to {}", shot.display());
}
