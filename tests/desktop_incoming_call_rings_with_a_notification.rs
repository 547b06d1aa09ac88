//! Desktop end to end (issue #6 item 4, issue #7 item 7): the real app registers with a real Kamailio (its
//! password in gnome-keyring on the app's own session bus) inside the PSAP callback window of a recent 911
//! call, and SIPp calls it through Kamailio. A real notification daemon (dunst) shows a ringing notification
//! that says it may be the 911 dispatcher calling back, at critical urgency with the `phone-incoming-call`
//! sound and Answer / Decline actions, and the window rings loudly (its audio graph plays the 440 + 480 Hz ring
//! at full scale). A caller who gives up leaves a "Missed call" in its place. The next call is answered from
//! the notification — dunst's action menu picks "Answer", as a user would — the ring stops, SIPp gets its 200 OK
//! and ends the call, and the history screen lists both calls.

mod support;

use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::audio::tone;
use support::binaries::{locus_app, locusctl};
use support::desktop::Desktop;
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring_on};
use support::pcap::rtp_pcap;
use support::sipp_caller::SippCaller;

const TEST_NAME: &str = "a_possible_911_callback_rings_in_a_notification_that_answers_it";

/// Runs a command on the app's session bus and returns its standard output.
fn on_bus(bus: &str, program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .output()
        .unwrap_or_else(|err| panic!("run {program}: {err}"));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// dunst and dbus-monitor, stopped when dropped.
struct NotificationDaemon(Vec<Child>);

impl Drop for NotificationDaemon {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts dunst on `bus` and X `display` with an action menu ("dmenu") that picks the "Answer" action, and
/// dbus-monitor recording every notification call into `log`.
fn start_notification_daemon(home: &Path, bus: &str, display: &str, log: &Path) -> NotificationDaemon {
    let picker = home.join("pick-answer.sh");
    std::fs::write(&picker, "#!/bin/sh\ngrep -m 1 -i 'answer'\n").expect("picker script");
    std::fs::set_permissions(&picker, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod picker");
    let config = home.join("dunstrc");
    std::fs::write(&config, format!("[global]\n    dmenu = {}\n", picker.display())).expect("dunstrc");
    let monitor = std::fs::File::create(log).expect("monitor log");
    let monitor = Command::new("dbus-monitor")
        .args(["--session", "interface='org.freedesktop.Notifications'"])
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .stdout(monitor)
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-monitor");
    let dunst = Command::new("dunst")
        .args(["-config", config.to_str().expect("path")])
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("DISPLAY", display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("dunst (package dunst)");
    let deadline = Instant::now() + Duration::from_secs(10);
    while on_bus(bus, "dunstctl", &["is-paused"]).is_empty() {
        assert!(Instant::now() < deadline, "dunst did not come up on the app's bus");
        std::thread::sleep(Duration::from_millis(100));
    }
    NotificationDaemon(vec![monitor, dunst])
}

/// Waits until the notification log satisfies `done`.
fn wait_for_log(log: &Path, what: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if done(&text) {
            return text;
        }
        assert!(Instant::now() < deadline, "{what} never happened; notification traffic:\n{text}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The `Notify` method calls in the log, each as its block of lines.
fn notify_calls(log: &str) -> Vec<String> {
    log.split("\nmethod call").filter(|call| call.contains("member=Notify")).map(str::to_owned).collect()
}

/// Polls the window's ringer (`window.locusDiagnostics.ringer()`) until `done` accepts what it measures.
fn wait_for_ringer(desktop: &Desktop, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let ringer = desktop.execute("return window.locusDiagnostics ? window.locusDiagnostics.ringer() : null;");
        if done(&ringer) {
            return ringer;
        }
        assert!(Instant::now() < deadline, "{what} never happened; the ringer said {ringer}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn call_us(kamailio: &Kamailio, scenario: &str) -> SippCaller {
    let voice = rtp_pcap(&tone(1_000.0, 1.0));
    SippCaller::call(scenario, kamailio.port, "alice", &[("caller.pcap", &voice)])
}

#[test]
fn a_possible_911_callback_rings_in_a_notification_that_answers_it() {
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST_NAME, Bus::None);
    };
    let home = sandbox.join("locus-desktop");
    std::fs::create_dir_all(home.join("data")).expect("data dir");
    // A 911 call two minutes ago: the PSAP callback window is open.
    let recent = time::OffsetDateTime::now_utc() - time::Duration::minutes(2);
    let stamp = recent.format(&time::format_description::well_known::Rfc3339).expect("time");
    std::fs::write(home.join("data/emergency-callback.json"), json!({"last_emergency_call": stamp}).to_string())
        .expect("emergency-callback.json");
    // Where the laptop is was confirmed before, so no confirmation dialog covers the window.
    support::locusctl::confirm_home_address(&home);
    let kamailio = Kamailio::start(Digest::Md5);
    let log = home.join("notifications.log");
    let registrar = format!("127.0.0.1:{}", kamailio.port);
    let (desktop, bus) = Desktop::launch_with_bus_hook(&locus_app(), &home, |bus| {
        start_unlocked_gnome_keyring_on(Some(bus));
        let mut add = Command::new(locusctl())
            .args(["account", "add", "--id", "work", "--user", "alice", "--domain", "locus.test"])
            .args(["--registrar", &registrar])
            .env("LOCUS_HOME", &home)
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("locusctl account add");
        std::io::Write::write_all(&mut add.stdin.take().expect("stdin"), format!("{PASSWORD}\n").as_bytes())
            .expect("password");
        assert!(add.wait().expect("locusctl").success(), "locusctl account add failed");
        bus.to_owned()
    });
    let _daemon = start_notification_daemon(&home, &bus, &desktop.display, &log);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !kamailio.register_lines().iter().any(|line| line.contains("REGISTERED")) {
        assert!(Instant::now() < deadline, "the app never registered:\n{}", kamailio.log_text());
        std::thread::sleep(Duration::from_millis(200));
    }

    // A caller who gives up: the ringing notification, then "Missed call" in its place.
    let mut gives_up = call_us(&kamailio, "sipp-call-us-then-cancel.xml");
    let text = wait_for_log(&log, "the ringing notification", |t| t.contains("Possible 911 callback"));
    let ringing = notify_calls(&text).into_iter().find(|c| c.contains("Possible 911 callback")).expect("Notify");
    assert!(ringing.contains("911 dispatcher calling back"), "{ringing}");
    assert!(ringing.contains("Bob Caller (+13125550199)"), "the caller's name and number: {ringing}");
    for (action, label) in [("answer", "Answer"), ("decline", "Decline")] {
        assert!(ringing.contains(&format!("string \"{action}\"\n")), "action {action}: {ringing}");
        assert!(ringing.contains(&format!("string \"{label}\"")), "label {label}: {ringing}");
    }
    assert!(ringing.contains("string \"phone-incoming-call\""), "the ring sound: {ringing}");
    // dbus-monitor prints the hint as `string "urgency"` and, on the next line, `variant byte 2`.
    let urgency = ringing.split("string \"urgency\"").nth(1).and_then(|rest| rest.lines().nth(1)).unwrap_or_default();
    assert!(urgency.contains("byte 2"), "critical urgency for a possible callback: {urgency}");
    assert!(gives_up.finished_ok(Duration::from_secs(20)), "{}", gives_up.explain());
    wait_for_log(&log, "the missed-call notification", |t| t.contains("Missed call"));

    // The next call is answered from the notification.
    let mut answered = call_us(&kamailio, "sipp-call-us.xml");
    let before = notify_calls(&std::fs::read_to_string(&log).unwrap_or_default()).len();
    wait_for_log(&log, "a second ringing notification", |t| {
        notify_calls(t).iter().skip(before).any(|c| c.contains("Possible 911 callback"))
    });
    // The window rings too, loudly: what comes out of its audio graph is the ring tone at full scale.
    let ring = wait_for_ringer(&desktop, "the loud ring tone", |r| {
        r["playing"] == true && r["loud"] == true && r["rms"].as_f64().is_some_and(|rms| rms > 0.3)
    });
    let peak = ring["peakHz"].as_f64().unwrap_or_default();
    assert!((420.0..=500.0).contains(&peak), "the ring is 440 + 480 Hz, the loudest bin was {peak} Hz: {ring}");
    assert_eq!(ring["plan"]["gain"], 1.0, "full scale for a possible 911 callback: {ring}");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        on_bus(&bus, "dunstctl", &["context"]);
        if answered.response(200).is_some() || answered.finished_ok(Duration::from_secs(2)) {
            break;
        }
        let traffic = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(
            Instant::now() < deadline,
            "Answer on the notification never answered the call: {}\nnotification traffic:\n{traffic}",
            answered.explain()
        );
    }
    assert!(answered.finished_ok(Duration::from_secs(20)), "{}", answered.explain());
    assert!(answered.response(200).is_some(), "the caller got 200 OK: {}", answered.explain());
    wait_for_ringer(&desktop, "the ring to stop once answered", |r| r["playing"] == false);

    // Both calls are in the history: one missed, one answered, each a possible callback.
    desktop.wait_for("[data-testid=nav-history]", Duration::from_secs(10));
    let deadline = Instant::now() + Duration::from_secs(20);
    while desktop.find("[data-testid=history-screen]").is_none() {
        desktop.click("[data-testid=nav-history]");
        std::thread::sleep(Duration::from_millis(500));
        assert!(Instant::now() < deadline, "the history screen never opened");
    }
    desktop.wait_until("both calls in the history", Duration::from_secs(10), |d| {
        d.execute("return document.querySelectorAll('[data-testid^=history-row-]').length;").as_u64() == Some(2)
    });
    let history = desktop.execute("return document.querySelector('[data-testid=history-screen]').innerText;");
    let history = history.as_str().unwrap_or_default();
    assert!(history.contains("Bob Caller") && history.contains("Possible 911 callback"), "{history}");
    assert!(history.contains("Missed"), "the call that gave up is missed: {history}");
    let target = locus_app().parent().and_then(|p| p.parent()).expect("target dir").join("e2e");
    let shot = desktop.screenshot(&target.join("history-after-callbacks.png"));
    assert!(shot.exists(), "{}", shot.display());
}
