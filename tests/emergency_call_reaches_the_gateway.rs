//! Emergency calls end to end with the real `locusctl` in a laptop network namespace and SIPp as the carrier's
//! emergency gateway: 911 goes out at once (well under 50 ms from dial to INVITE) while the location is still
//! unconfirmed and no password is stored, with the E911 DID — exactly 10 digits — in From and
//! P-Asserted-Identity and `Priority: emergency` (S1, S3); once the user confirms where they are, the INVITE
//! carries that place by value: `Geolocation: <cid:…>`, `Geolocation-Routing: yes` and a multipart body whose
//! PIDF-LO, parsed as XML, holds the confirmed civic address; 9911 works with the policy's outside-line
//! prefix; every emergency call is in the audit log.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;
use support::lab::{inside_laptop, rerun_inside_laptop};
use support::locusctl::run_lines as run;
use support::sipp::{Sipp, body, header};

const DID: &str = "3125550100";

fn set_up(home: &Path, gateway_port: u16) {
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    let account = json!({"accounts": [{"id": "work", "display_name": "Alice Agent", "user": "alice",
        "domain": "locus.test", "registrar": format!("127.0.0.1:{gateway_port}")}]});
    std::fs::write(config.join("accounts.json"), account.to_string()).expect("accounts");
    // Kari's Law: people dial 9 for an outside line, so 9911 must reach 911 too.
    let policy = home.join("policy");
    std::fs::create_dir_all(&policy).expect("policy dir");
    std::fs::write(policy.join("policy.json"), json!({"dial": {"outside_line_prefixes": ["9"]}}).to_string())
        .expect("policy");
    let settings = json!({"strategy": "location_by_value", "dids": [{"number": DID, "carrier": "voipms",
        "status": "active", "registered_address": {"country": "US", "a1": "IL", "a3": "Springfield",
        "hno": "742", "rd": "Evergreen", "sts": "Ter", "pc": "62704"}}]});
    let file = home.join("e911-settings.json");
    std::fs::write(&file, settings.to_string()).expect("settings");
    let (ok, _, text) = run(home, &["e911", "set", "--account", "work", "--file", file.to_str().expect("path")]);
    assert!(ok, "{text}");
}

fn emergency_call(home: &Path, gateway: &mut Sipp, dialed: &str) -> String {
    let (answered, events, text) = run(home, &["call", dialed, "--json"]);
    assert!(answered, "{text}\n{}", gateway.errors());
    let sent = &events[0];
    assert_eq!((sent["event"].as_str(), sent["emergency"].as_bool()), (Some("invite_sent"), Some(true)), "{text}");
    assert_eq!(sent["callback_did"], DID);
    let latency = sent["dial_to_invite_ms"].as_f64().expect("latency");
    assert!(latency < 50.0, "dial to INVITE took {latency} ms");
    // Kari's Law outcomes may follow the end of the call; the call's own last word is `ended`.
    let ended = events.iter().rfind(|e| e["event"] == "ended").expect("ended");
    assert_eq!(ended["reason"], "remote_hung_up", "{text}");
    assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
    let invite = gateway.request("INVITE").expect("the gateway got the INVITE");
    assert!(invite.starts_with("INVITE sip:911@locus.test SIP/2.0"), "{invite}");
    let from = header(&invite, "From").expect("From");
    assert!(from.contains(&format!("<sip:{DID}@locus.test>")), "{from}");
    assert_eq!(header(&invite, "P-Asserted-Identity"), Some(format!("<sip:{DID}@locus.test;user=phone>")));
    assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"));
    invite
}

#[test]
fn nine_one_one_carries_the_e911_did_at_once_and_the_confirmed_place_by_value() {
    if !inside_laptop() {
        return rerun_inside_laptop(
            "e911",
            "10.207.1",
            "02:00:5e:70:00:01",
            "nine_one_one_carries_the_e911_did_at_once_and_the_confirmed_place_by_value",
            &[],
        );
    }
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    let mut gateway = Sipp::start("sipp-answer-and-hang-up.xml");
    set_up(home.path(), gateway.port);

    // Unconfirmed location, no password anywhere: 911 still goes out at once with the DID, and no location by
    // value is sent for a place nobody confirmed.
    let (_, located, _) = run(home.path(), &["locate", "--json"]);
    let invite = emergency_call(home.path(), &mut gateway, "911");
    assert_eq!(header(&invite, "Geolocation"), None, "nothing unconfirmed travels by value: {located:?}");
    assert_eq!(header(&invite, "Content-Type").as_deref(), Some("application/sdp"));

    // The user confirms where they are: the next 911 (dialled with the outside-line prefix) carries it.
    let address = json!({"country": "US", "a1": "IL", "a3": "Springfield", "hno": "742", "rd": "Evergreen",
        "sts": "Ter", "flr": "2", "pc": "62704"});
    let (ok, _, text) = run(home.path(), &["confirm", "--label", "Home", "--address", &address.to_string(), "--json"]);
    assert!(ok, "{text}");
    let mut gateway = Sipp::start("sipp-answer-and-hang-up.xml");
    set_up(home.path(), gateway.port);
    let invite = emergency_call(home.path(), &mut gateway, "9911");
    let geolocation = header(&invite, "Geolocation").expect("Geolocation header");
    let content_id = geolocation.trim_start_matches("<cid:").trim_end_matches('>').to_owned();
    assert_eq!(header(&invite, "Geolocation-Routing").as_deref(), Some("yes"));
    let content_type = header(&invite, "Content-Type").expect("Content-Type");
    assert!(content_type.starts_with("multipart/mixed"), "{content_type}");
    let sent = body(&invite);
    assert!(sent.contains("m=audio "), "the SDP is one part: {sent}");
    let pidf_start = sent.find("<?xml").expect("a PIDF-LO part");
    let pidf_end = sent[pidf_start..].find("</presence>").expect("end of the PIDF-LO") + pidf_start + 11;
    assert!(sent.contains(&format!("Content-ID: <{content_id}>")), "the header points at the part: {sent}");
    let document = roxmltree::Document::parse(&sent[pidf_start..pidf_end]).expect("the PIDF-LO is XML");
    let civic = |name: &str| {
        document
            .descendants()
            .find(|n| {
                n.tag_name().name() == name
                    && n.tag_name().namespace() == Some("urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr")
            })
            .and_then(|n| n.text())
            .map(str::to_owned)
    };
    assert_eq!(
        [
            civic("country"),
            civic("A1"),
            civic("A3"),
            civic("HNO"),
            civic("RD"),
            civic("STS"),
            civic("FLR"),
            civic("PC")
        ],
        ["US", "IL", "Springfield", "742", "Evergreen", "Ter", "2", "62704"].map(|s| Some(s.to_owned()))
    );
    let method = document.descendants().find(|n| n.tag_name().name() == "method").and_then(|n| n.text());
    assert_eq!(method, Some("Manual"), "a user-confirmed place");

    // Both calls are in the audit log, with the caller ID they carried.
    std::thread::sleep(Duration::from_millis(300));
    let (_, _, audit) = run(home.path(), &["audit", "export", "--format", "json"]);
    let entries: Value = serde_json::from_str(&audit[..audit.rfind(']').map_or(0, |i| i + 1)]).expect("audit JSON");
    let calls: Vec<&Value> =
        entries.as_array().expect("entries").iter().filter(|e| e["kind"] == "emergency.call").collect();
    assert_eq!(calls.len(), 2, "{entries}");
    let payload: Value = serde_json::from_str(calls[1]["payload"].as_str().expect("payload")).expect("payload JSON");
    assert_eq!(payload["caller_id"], DID);
    let (verified, _, text) = run(home.path(), &["audit", "verify"]);
    assert!(verified, "{text}");
}
