//! `locusctl carrier set|dids|sync` end to end: the real binary, a real Secret Service (gnome-keyring in a
//! private D-Bus session, `tests/support/keychain.rs`) and the carrier crate's loopback fake of the VoIP.ms REST
//! API. The API password goes from standard input into the keychain and nowhere else (S7); `dids` shows the
//! address the carrier holds; `sync` ends verified (exit 0) once the carrier shows the new address, and stops
//! with the carrier's suggestion (exit 2) when it does not know the address, until one is accepted.

#[allow(dead_code, unreachable_pub)]
#[path = "../../../../tests/support/keychain.rs"]
mod keychain;
/// Running `locusctl` with a password on standard input, shared with the root tests; it finds the binary here.
#[allow(dead_code, unreachable_pub)]
#[path = "../../../../tests/support/sip_cli.rs"]
mod sip_cli;

/// Where `sip_cli` finds `locusctl`: cargo builds it for this package's tests.
mod binaries {
    pub(crate) fn locusctl() -> std::path::PathBuf {
        env!("CARGO_BIN_EXE_locusctl").into()
    }
}

// The carrier crate's contract-test fake of VoIP.ms, used as it is (`voipms` finds `server` as `super::server`).
#[allow(dead_code)]
#[path = "../../carrier/tests/support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../../carrier/tests/support/server.rs"]
mod server;
#[allow(dead_code)]
#[path = "../../carrier/tests/support/voipms.rs"]
mod voipms;

use std::path::{Path, PathBuf};
use std::process::Output;

use fixtures::{confirmed, new_record, old_record};
use keychain::{Bus, files_containing, rerun_in_sandbox, sandbox, secret_tool_lookup, start_unlocked_gnome_keyring};
use serde_json::{Value, json};
use server::Reply;
use sip_cli::{locusctl, text};
use voipms::{API_PASSWORD, API_USER, E911_EMAIL, FakeVoipMs};

/// The `state` of each JSON line `carrier sync --json` printed.
fn states(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .map(|state| state["state"].as_str().unwrap_or("?").to_owned())
        .collect()
}

fn sync(address: &str, extra: &[&str]) -> Output {
    let mut args = vec!["carrier", "sync", "--did", "555-555-1234", "--address", address, "--poll-ms", "50,50,50"];
    args.extend_from_slice(extra);
    locusctl(&args, None)
}

#[test]
fn carrier_set_dids_and_sync_from_the_command_line() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "carrier_set_dids_and_sync_from_the_command_line",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("tokio");
    let voipms = runtime.block_on(FakeVoipMs::start());
    let base_url = voipms.settings().base_url;

    // `set`: the API password from standard input to the keychain, and only there.
    let set = locusctl(
        &[
            "carrier",
            "set",
            "--account",
            "work",
            "--voipms-user",
            API_USER,
            "--email",
            E911_EMAIL,
            "--base-url",
            &base_url,
        ],
        Some(&format!("{API_PASSWORD}\n")),
    );
    assert!(set.status.success(), "{}", text(&set));
    assert_eq!(secret_tool_lookup("org.locus.Locus", "carrier:work").as_deref(), Some(API_PASSWORD));
    let locus_home = PathBuf::from(std::env::var("LOCUS_HOME").expect("LOCUS_HOME"));
    let settings: Value =
        serde_json::from_slice(&std::fs::read(locus_home.join("config/carriers.json")).expect("carriers.json"))
            .expect("carriers.json is JSON");
    assert_eq!(settings["carriers"]["work"]["api_username"], API_USER, "{settings}");

    // `dids`: each DID with its E911 state and the address the carrier holds.
    voipms.script(
        "getDIDsInfo",
        vec![Reply::json(json!({
            "status": "success",
            "dids": [{ "did": "5555551234", "description": "Office line" }, { "did": "5555550199", "description": "" }]
        }))],
    );
    voipms.script("e911Info", vec![Reply::json(new_record()), Reply::json(json!({ "status": "no_provision" }))]);
    let dids = locusctl(&["carrier", "dids", "--json"], None);
    assert!(dids.status.success(), "{}", text(&dids));
    let dids: Value = serde_json::from_slice(&dids.stdout).expect("dids JSON");
    assert_eq!((dids[0]["did"].as_str(), dids[0]["e911"].as_str()), (Some("5555551234"), Some("active")), "{dids}");
    assert!(
        dids[0]["address"].as_str().unwrap_or_default().starts_with("123 A N MAIN ST, Unit Suite 300, SPRINGFIELD"),
        "{dids}"
    );
    assert_eq!((dids[1]["e911"].as_str(), &dids[1]["address"]), (Some("not_provisioned"), &Value::Null), "{dids}");
    voipms.script("e911Info", vec![Reply::json(new_record()), Reply::json(json!({ "status": "no_provision" }))]);
    let table = locusctl(&["carrier", "dids"], None);
    assert!(text(&table).contains("5555551234   active"), "{}", text(&table));

    // `sync`: the carrier shows the old address, then the new one → verified, exit 0.
    let address = serde_json::to_string(&confirmed()).expect("address JSON");
    voipms.script("e911Info", vec![Reply::json(old_record()), Reply::json(old_record()), Reply::json(new_record())]);
    let synced = sync(&address, &["--json"]);
    assert_eq!(synced.status.code(), Some(0), "{}", text(&synced));
    assert_eq!(states(&synced), vec!["validating", "updating", "pending", "pending", "verified"]);
    assert_eq!(voipms.last("e911Update").param("street_name"), Some("N Main Street"));

    // `--location`: a known place's address, read through locus-core; the carrier already holds it.
    let confirmed_place = locusctl(&["confirm", "--label", "Office", "--address", &address, "--json"], None);
    assert!(confirmed_place.status.success(), "{}", text(&confirmed_place));
    let places: Value = serde_json::from_slice(&locusctl(&["locations", "--json"], None).stdout).expect("locations");
    let place = places[0]["id"].as_str().expect("a location id").to_owned();
    voipms.script("e911Info", vec![Reply::json(new_record())]);
    let synced = locusctl(&["carrier", "sync", "--did", "5555551234", "--location", &place], None);
    assert_eq!(synced.status.code(), Some(0), "{}", text(&synced));
    assert!(text(&synced).contains("verified: the carrier holds 123 A N MAIN ST"), "{}", text(&synced));
    assert_eq!(voipms.last("e911Validate").param("street_name"), Some("N Main Street"));

    // An address the carrier does not know: its suggestion is shown and the command exits 2; accepting it syncs.
    let corrected = {
        let mut record = new_record();
        record["e911"]["city"] = json!("CAPITAL CITY");
        record
    };
    let refusal = json!({ "status": "invalid_address", "alternatives": { "city": ["CAPITAL CITY"] } });
    voipms.script("e911Validate", vec![Reply::json(refusal.clone())]);
    let refused = sync(&address, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    let shown = text(&refused);
    assert!(shown.contains("needs_user_decision") && shown.contains("suggestion 1:"), "{shown}");
    assert!(shown.contains("city: \"Springfield\" -> \"CAPITAL CITY\"") && shown.contains("--accept-suggestion 1"));

    voipms.script("e911Validate", vec![Reply::json(refusal), Reply::json(json!({ "status": "success" }))]);
    voipms.script("e911Info", vec![Reply::json(new_record()), Reply::json(corrected)]);
    let accepted = sync(&address, &["--accept-suggestion", "1", "--json"]);
    assert_eq!(accepted.status.code(), Some(0), "{}", text(&accepted));
    assert_eq!(
        states(&accepted),
        vec!["validating", "needs_user_decision", "validating", "updating", "pending", "verified"]
    );
    assert_eq!(voipms.last("e911Update").param("city"), Some("CAPITAL CITY"));

    // No copy of the API password anywhere under LOCUS_HOME (settings, logs at trace level, database).
    assert_eq!(files_containing(&locus_home, API_PASSWORD.as_bytes()), Vec::<PathBuf>::new());
    assert!(Path::new(&locus_home).join("logs").exists(), "the commands logged (and the logs were searched)");
}

#[test]
fn carrier_set_refuses_bad_settings_field_by_field_and_stores_nothing() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "carrier_set_refuses_bad_settings_field_by_field_and_stores_nothing",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let set = locusctl(
        &[
            "carrier",
            "set",
            "--account",
            "work",
            "--voipms-user",
            "me",
            "--email",
            "nobody",
            "--base-url",
            "http://voip.example.test/rest.php",
        ],
        Some("secret\n"),
    );
    assert_eq!(set.status.code(), Some(1), "{}", text(&set));
    let shown = text(&set);
    assert!(shown.contains("email:") && shown.contains("base_url:") && shown.contains("https://"), "{shown}");
    assert_eq!(secret_tool_lookup("org.locus.Locus", "carrier:work"), None);
    let dids = locusctl(&["carrier", "dids"], None);
    assert_eq!(dids.status.code(), Some(1), "{}", text(&dids));
    assert!(text(&dids).contains("locusctl carrier set"), "{}", text(&dids));
}
