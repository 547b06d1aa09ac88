//! The 933 readback test end to end with the real `locusctl` in a laptop network namespace and SIPp as the
//! carrier's emergency gateway whose 933 line answers with a recorded voice (a capture SIPp plays): the test
//! call goes out through exactly the emergency path (the E911 DID in From and P-Asserted-Identity, `Priority:
//! emergency`, the confirmed place by value), the expected readback names that DID and address, the line's audio
//! is recorded to a WAV that really holds it, the answer lands in the audit log with the recording, the DID and
//! the location, and the app's suggestion to run the test is made once and cleared by the test.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use support::audio::{power_at, tone};
use support::binaries::locusctl;
use support::lab::{inside_laptop, rerun_inside_laptop};
use support::locusctl::run_lines as run;
use support::pcap::rtp_pcap;
use support::sipp::{Sipp, header};

const DID: &str = "6145550100";
/// The readback line's "voice": a tone a Goertzel filter can find in the recording.
const VOICE_HZ: f64 = 700.0;

fn set_up(home: &Path, gateway_port: u16) {
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    let account = json!({"accounts": [{"id": "work", "display_name": "Alice Agent", "user": "alice",
        "domain": "locus.test", "registrar": format!("127.0.0.1:{gateway_port}")}]});
    std::fs::write(config.join("accounts.json"), account.to_string()).expect("accounts");
    let settings = json!({"strategy": "location_by_value", "dids": [{"number": DID, "carrier": "voipms",
        "status": "active"}]});
    let file = home.join("e911-settings.json");
    std::fs::write(&file, settings.to_string()).expect("settings");
    let (ok, _, text) = run(home, &["e911", "set", "--account", "work", "--file", file.to_str().expect("path")]);
    assert!(ok, "{text}");
}

fn status(home: &Path) -> Value {
    let output = Command::new(locusctl())
        .args(["status", "--json"])
        .env("LOCUS_HOME", home)
        .output()
        .expect("run locusctl status");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("status JSON")
}

#[test]
fn the_readback_test_goes_out_like_911_records_the_line_and_audits_the_answer() {
    if !inside_laptop() {
        return rerun_inside_laptop(
            "readback",
            "10.207.3",
            "02:00:5e:70:00:03",
            "the_readback_test_goes_out_like_911_records_the_line_and_audits_the_answer",
            &[],
        );
    }
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    let voice = rtp_pcap(&tone(VOICE_HZ, 1.5));
    let mut gateway = Sipp::start_with_files("sipp-readback-line.xml", &[("readback.pcap", &voice)]);
    set_up(home.path(), gateway.port);
    let address = json!({"country": "US", "a1": "OH", "a3": "Columbus", "hno": "50", "rd": "Broad",
        "sts": "St", "flr": "4", "pc": "43215"});
    let (ok, _, text) = run(home.path(), &["confirm", "--label", "Office", "--address", &address.to_string()]);
    assert!(ok, "{text}");

    // A confirmed place nobody has tested: the app suggests the test.
    let suggestion = &status(home.path())["test_suggestion"];
    assert_eq!(suggestion["reason"], "never_tested", "{suggestion}");

    let (matched, lines, text) = run(home.path(), &["e911", "test", "--answer", "matched", "--json"]);
    assert!(matched, "{text}\n{}", gateway.errors());
    assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());

    // What the screen says the readback should be: the DID and the confirmed address.
    let expected = &lines[0]["expected"];
    assert_eq!(lines[0]["event"], "test_started", "{text}");
    assert_eq!((expected["dialed"].as_str(), expected["callback_number"].as_str()), (Some("933"), Some(DID)));
    assert_eq!(expected["callback_spoken"], "614-555-0100");
    let spoken_address = expected["address"].as_str().expect("an address to expect");
    assert!(spoken_address.contains("50 Broad St") && spoken_address.contains("Columbus"), "{spoken_address}");
    assert_eq!(lines[1]["reason"], "remote_hung_up", "the readback line hung up: {text}");

    // Exactly the emergency path: the same identity, priority and location by value as a 911 call.
    let invite = gateway.request("INVITE").expect("the gateway got the INVITE");
    assert!(invite.starts_with("INVITE sip:933@locus.test SIP/2.0"), "{invite}");
    assert!(header(&invite, "From").expect("From").contains(&format!("<sip:{DID}@locus.test>")));
    assert_eq!(header(&invite, "P-Asserted-Identity"), Some(format!("<sip:{DID}@locus.test;user=phone>")));
    assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"));
    assert!(header(&invite, "Geolocation").is_some_and(|g| g.starts_with("<cid:")), "{invite}");

    // The line's voice is in the recording, far above a frequency it never played.
    let result = &lines[2]["result"];
    assert_eq!(result["outcome"], "matched");
    let recording = result["recording_path"].as_str().expect("a recording");
    let samples = locus_sip::media::read_wav(Path::new(recording)).expect("the recording is a WAV");
    assert!(samples.len() >= 8_000, "at least a second of the readback: {} samples", samples.len());
    let (voice_power, other_power) = (power_at(&samples, VOICE_HZ), power_at(&samples, 1_500.0));
    assert!(voice_power > 100.0 * other_power, "the recording holds the line's tone: {voice_power} vs {other_power}");

    // The answer, the recording, the DID and the location are in the audit log; the suggestion is gone.
    let (_, _, audit) = run(home.path(), &["audit", "export", "--format", "json"]);
    let entries: Value = serde_json::from_str(&audit[..audit.rfind(']').map_or(0, |i| i + 1)]).expect("audit JSON");
    let kinds: Vec<&str> = entries.as_array().expect("entries").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.contains(&"emergency.test_call"), "{kinds:?}");
    let answer = entries.as_array().expect("entries").iter().find(|e| e["kind"] == "emergency.test_result");
    let payload: Value =
        serde_json::from_str(answer.expect("a test result entry")["payload"].as_str().expect("payload")).expect("JSON");
    assert_eq!((payload["outcome"].as_str(), payload["callback_did"].as_str()), (Some("matched"), Some(DID)));
    assert_eq!(payload["recording_path"], recording);
    assert_eq!(payload["location"], spoken_address);
    assert_eq!(status(home.path())["test_suggestion"], Value::Null, "tested: nothing to suggest");
}
