//! `locusctl carrier set|dids|sync` end to end: the real binary, a real Secret Service (gnome-keyring in a
//! private D-Bus session, `tests/support/keychain.rs`) and the carrier crate's loopback fake of the VoIP.ms REST
//! API. The API password goes from standard input into the keychain and nowhere else (S7); `dids` shows the
//! address the carrier holds; `sync` ends verified (exit 0) once the carrier shows the new address, and stops
//! with the carrier's suggestion (exit 2) when it does not know the address, until one is accepted.
//! Confirming a place under the carrier-update strategy brings the carrier's record along: validate, update,
//! read back until verified, every step audited, readiness amber "carrier update pending" until then.
//! An organisation's own backend can be the carrier: `set --webhook-submit-url/--webhook-status-url`, then
//! `sync` posts the place signed with the secret from the keychain and reads it back.

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
use voipms::{API_PASSWORD, API_USER, FakeVoipMs};

/// The `state` of each JSON line `carrier sync --json` printed.
fn states(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .map(|state| state["state"].as_str().unwrap_or("?").to_owned())
        .collect()
}

/// Inside the sandbox: an unlocked keyring, the fake VoIP.ms (served by the returned runtime) and `locusctl
/// carrier set` pointing account `work` at it, the API password on standard input.
fn keyring_and_carrier() -> (tokio::runtime::Runtime, FakeVoipMs) {
    start_unlocked_gnome_keyring();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("tokio");
    let voipms = runtime.block_on(FakeVoipMs::start());
    let args = voipms.locusctl_set_args("work");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let set = locusctl(&args, Some(&format!("{API_PASSWORD}\n")));
    assert!(set.status.success(), "{}", text(&set));
    (runtime, voipms)
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
    // `set`: the API password from standard input to the keychain, and only there.
    let (_runtime, voipms) = keyring_and_carrier();
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

/// The readiness reason and the other reasons of `locusctl e911 plan --json`.
fn plan_reasons() -> Vec<String> {
    let plan = locusctl(&["e911", "plan", "--json"], None);
    assert!(plan.status.success(), "{}", text(&plan));
    let plan: Value = serde_json::from_slice(&plan.stdout).expect("plan JSON");
    let readiness = &plan["readiness"];
    std::iter::once(&readiness["reason"])
        .chain(readiness["also"].as_array().into_iter().flatten())
        .filter_map(|reason| reason.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn confirming_a_place_brings_the_carriers_record_along() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "confirming_a_place_brings_the_carriers_record_along",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    let (_runtime, voipms) = keyring_and_carrier();
    let home = PathBuf::from(std::env::var("LOCUS_HOME").expect("LOCUS_HOME"));
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    let accounts = json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
        "registrar": "127.0.0.1:9"}]});
    std::fs::write(config.join("accounts.json"), accounts.to_string()).expect("accounts");
    // The DID is registered where the user worked before: 77 Elm Ave.
    let e911 = json!({"accounts": {"work": {"strategy": "carrier_update", "dids": [{"number": "5555551234",
        "carrier": "voipms", "status": "active", "registered_address": {"country": "US", "a1": "IL",
        "a3": "Springfield", "hno": "77", "rd": "Elm", "sts": "Ave", "pc": "62704"}}]}}});
    std::fs::write(config.join("e911.json"), e911.to_string()).expect("e911 settings");

    // Confirming 123 N Main St: the carrier shows the old record once, then the new one.
    voipms.script("e911Info", vec![Reply::json(old_record()), Reply::json(new_record())]);
    let address = serde_json::to_string(&confirmed()).expect("address JSON");
    let confirm = locusctl(&["confirm", "--label", "Office", "--address", &address, "--json"], None);
    assert!(confirm.status.success(), "{}", text(&confirm));
    assert_eq!(voipms.methods(), vec!["e911Validate", "e911Info", "e911Update", "e911Info"], "{}", text(&confirm));
    assert_eq!(voipms.last("e911Update").param("street_name"), Some("N Main Street"));
    // Amber "carrier update pending" while the carrier works; armed as far as the carrier goes once verified.
    let progress = String::from_utf8_lossy(&confirm.stderr);
    let pending = progress.find("E911 readiness amber (carrier_update_pending)");
    let verified = progress.find("carrier record for 5555551234: verified");
    assert!(pending.is_some() && verified.is_some() && pending < verified, "{progress}");
    assert!(!progress[verified.unwrap_or_default()..].contains("carrier_update_pending"), "{progress}");

    // Every step is in the audit log, in order, pending until the read-back matched.
    let export = locusctl(&["audit", "export", "--format", "json"], None);
    let entries: Value = serde_json::from_slice(&export.stdout).expect("audit JSON");
    let steps: Vec<(String, String)> = entries
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["kind"] == "carrier.update")
        .map(|entry| {
            let payload: Value = serde_json::from_str(entry["payload"].as_str().expect("payload")).expect("JSON");
            assert_eq!(payload["did"], "5555551234", "{payload}");
            (
                payload["state"].as_str().unwrap_or("?").to_owned(),
                payload["step"]["state"].as_str().unwrap_or("?").to_owned(),
            )
        })
        .collect();
    let expected =
        [("pending", "validating"), ("pending", "updating"), ("pending", "pending"), ("verified", "verified")];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    assert_eq!(steps, expected);

    // The place the carrier verified is now the DID's registered address: the plan has no carrier complaint left.
    let saved: Value =
        serde_json::from_slice(&std::fs::read(config.join("e911.json")).expect("e911.json")).expect("JSON");
    let did = &saved["accounts"]["work"]["dids"][0];
    assert_eq!(
        (did["registered_address"]["hno"].as_str(), did["registered_address"]["pc"].as_str()),
        (Some("123"), Some("62701")),
        "{did}"
    );
    assert!(did["last_verified"].is_string(), "{did}");
    let reasons = plan_reasons();
    for carrier_reason in ["carrier_update_pending", "carrier_address_mismatch", "did_location_mismatch"] {
        assert!(!reasons.iter().any(|r| r == carrier_reason), "{carrier_reason} in {reasons:?}");
    }
}

#[test]
fn an_organisations_own_backend_as_the_carrier() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox("an_organisations_own_backend_as_the_carrier", Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    const SECRET: &str = "org-backend-secret-4e1f";
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("tokio");
    // The backend accepts signed submissions and reads back what was last submitted.
    let submitted: std::sync::Arc<std::sync::Mutex<Option<Value>>> = Default::default();
    let backend = runtime.block_on(server::TestServer::start({
        let submitted = submitted.clone();
        move |request| {
            let timestamp = request.header("X-Locus-Timestamp").unwrap_or_default().to_owned();
            let signature = request.header("X-Locus-Signature").unwrap_or_default().to_owned();
            let signed =
                if request.method == "POST" { request.body.clone() } else { request.raw_query.clone().into_bytes() };
            if !locus_carrier::webhook::signature::verify(SECRET.as_bytes(), &timestamp, &signed, &signature) {
                return Reply::status_json(401, json!({"error": "bad signature"}));
            }
            match request.method.as_str() {
                "POST" => {
                    let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
                    *submitted.lock().expect("lock") = Some(body);
                    Reply::status_json(202, json!({"accepted": true}))
                }
                _ => match submitted.lock().expect("lock").clone() {
                    Some(body) => {
                        Reply::json(json!({"did": body["did"], "status": "active", "address": body["address"]}))
                    }
                    None => Reply::json(json!({"did": request.param("did"), "status": "none"})),
                },
            }
        }
    }));

    let refused = locusctl(
        &[
            "carrier",
            "set",
            "--account",
            "work",
            "--webhook-submit-url",
            "http://backend.example.test/submit",
            "--webhook-status-url",
            &backend.url("/e911/status"),
        ],
        Some(&format!("{SECRET}\n")),
    );
    assert_eq!(refused.status.code(), Some(1), "plain http off this computer is refused: {}", text(&refused));
    assert!(text(&refused).contains("submit_url"), "{}", text(&refused));

    let set = locusctl(
        &[
            "carrier",
            "set",
            "--account",
            "work",
            "--webhook-submit-url",
            &backend.url("/e911/submit"),
            "--webhook-status-url",
            &backend.url("/e911/status"),
        ],
        Some(&format!("{SECRET}\n")),
    );
    assert!(set.status.success(), "{}", text(&set));
    assert_eq!(secret_tool_lookup("org.locus.Locus", "carrier:work").as_deref(), Some(SECRET));
    let home = PathBuf::from(std::env::var("LOCUS_HOME").expect("LOCUS_HOME"));
    let settings: Value =
        serde_json::from_slice(&std::fs::read(home.join("config/carriers.json")).expect("carriers.json"))
            .expect("JSON");
    assert_eq!(settings["carriers"]["work"]["kind"], "webhook", "{settings}");

    let address = serde_json::to_string(&confirmed()).expect("address JSON");
    let synced = sync(&address, &["--json"]);
    assert_eq!(synced.status.code(), Some(0), "{}", text(&synced));
    assert_eq!(states(&synced).last().map(String::as_str), Some("verified"), "{}", text(&synced));
    let posted = submitted.lock().expect("lock").clone().expect("the backend got the location");
    assert_eq!((posted["did"].as_str(), posted["address"]["rd"].as_str()), (Some("5555551234"), Some("Main")));
    assert_eq!(files_containing(&home, SECRET.as_bytes()), Vec::<PathBuf>::new(), "the secret is only in the keychain");
}
