//! What the E911 tab asks of the service, against the carrier crate's loopback fake of the VoIP.ms REST API and
//! a real keychain (gnome-keyring in a private D-Bus session): the overview lists each DID with the address the
//! carrier holds and where it stands; "sync now" needs a confirmed place and sends nothing when the carrier
//! already holds it; when the carrier suggests corrections the user accepts one (the personal place is corrected,
//! the correction is synced and verified) or keeps their address (the carrier keeps its record); every decision
//! is audited; one account's carrier failing (wrong password) is shown on that account only.

#[allow(dead_code, unreachable_pub)]
#[path = "../../../../tests/support/keychain.rs"]
mod keychain;

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

use fixtures::{confirmed, new_record, old_record};
use keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use locus_carrier::voipms::Language;
use locus_core::carrier_link::{CarrierSettings, set_carrier};
use locus_core::carrier_view::{CarrierDidView, CarrierOverview, DidStatus};
use locus_core::events::Event;
use locus_core::locating::ConfirmRequest;
use locus_core::secrets::OsKeychain;
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use locus_location::PlaceChoice;
use locus_location::civic::CivicAddress;
use serde_json::{Value, json};
use server::Reply;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use voipms::{API_PASSWORD, API_USER, E911_EMAIL, FakeVoipMs};

const DID: &str = "5555551234";
const OTHER_DID: &str = "5555550199";

/// Account `work` places 911 calls under carrier update with DID 5555551234 registered at 77 Elm Ave; its
/// carrier is the fake VoIP.ms. Account `home` has a carrier whose password is wrong.
async fn set_up(paths: &LocusPaths, voipms: &FakeVoipMs) {
    paths.create_all().expect("directories");
    let accounts = json!({"accounts": [
        {"id": "work", "user": "alice", "domain": "locus.test", "registrar": "127.0.0.1:9"},
        {"id": "home", "user": "alice", "domain": "home.test", "registrar": "127.0.0.1:9"},
        {"id": "spare", "user": "alice", "domain": "spare.test", "registrar": "127.0.0.1:9"}]});
    std::fs::write(paths.config_dir.join("accounts.json"), accounts.to_string()).expect("accounts");
    let e911 = json!({"accounts": {"work": {"strategy": "carrier_update", "dids": [{"number": DID,
        "carrier": "voipms", "status": "active", "registered_address": {"country": "US", "a1": "IL",
        "a3": "Springfield", "hno": "77", "rd": "Elm", "sts": "Ave", "pc": "62704"}}]}}});
    std::fs::write(paths.config_dir.join("e911.json"), e911.to_string()).expect("e911 settings");
    let settings = voipms.settings();
    let carrier = CarrierSettings::Voipms {
        api_username: API_USER.into(),
        email: E911_EMAIL.into(),
        base_url: settings.base_url,
        full_name: String::new(),
        language: Language::En,
    };
    let keychain = Arc::new(OsKeychain::new());
    set_carrier(paths, keychain.clone(), "work", carrier.clone(), API_PASSWORD.into()).await.expect("work carrier");
    set_carrier(paths, keychain, "home", carrier, "not the password".into()).await.expect("home carrier");
}

/// Two DIDs on the account: the 911 callback number and one without E911.
fn script_listing(voipms: &FakeVoipMs, callback_record: Value) {
    let dids = json!({"status": "success", "dids": [
        {"did": DID, "description": "Office line"}, {"did": OTHER_DID, "description": "Fax"}]});
    voipms.script("getDIDsInfo", vec![Reply::json(dids)]);
    voipms.script("e911Info", vec![Reply::json(callback_record), Reply::json(json!({"status": "no_provision"}))]);
}

fn did<'a>(overview: &'a CarrierOverview, account: &str, number: &str) -> &'a CarrierDidView {
    let account = overview.accounts.iter().find(|a| a.account_id == account).expect("account listed");
    account.dids.iter().find(|d| d.did == number).unwrap_or_else(|| panic!("{number} listed: {overview:?}"))
}

/// The carrier refuses the address and suggests another city.
fn refusal() -> Reply {
    Reply::json(json!({ "status": "invalid_address", "alternatives": { "city": ["CAPITAL CITY"] } }))
}

fn corrected_record() -> Value {
    let mut record = new_record();
    record["e911"]["city"] = json!("CAPITAL CITY");
    record
}

async fn confirm(service: &LocusService, label: &str, address: CivicAddress) {
    let choice = PlaceChoice::New { label: label.into(), address: Box::new(address) };
    let request = ConfirmRequest { choice, moving_with_user: true };
    service.confirm_location(request, OffsetDateTime::now_utc()).await.expect("confirmed");
}

async fn settled(service: &LocusService) {
    tokio::time::timeout(Duration::from_secs(60), service.carrier_update_settled()).await.expect("settled in 60 s");
}

async fn verified_steps(service: &LocusService) -> usize {
    let entries = service.audit_entries().await.expect("audit");
    entries.iter().filter(|e| e.kind == "carrier.update" && e.payload.contains("\"state\":\"verified\"")).count()
}

async fn decisions(service: &LocusService) -> Vec<Value> {
    let entries = service.audit_entries().await.expect("audit");
    let decisions = entries.iter().filter(|e| e.kind == "carrier.decision");
    decisions.map(|e| serde_json::from_str(&e.payload).expect("payload JSON")).collect()
}

#[test]
fn the_e911_tab_lists_syncs_and_settles_the_carriers_corrections() {
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "the_e911_tab_lists_syncs_and_settles_the_carriers_corrections",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let voipms = FakeVoipMs::start().await;
        let paths = LocusPaths::under(&sandbox.join("locus"));
        set_up(&paths, &voipms).await;
        let host = Arc::new(HeadlessHost::default());
        let service =
            LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host.clone()).await.expect("open");

        // The overview: every DID with the carrier's record; the wrong password shows on `home` only.
        script_listing(&voipms, old_record());
        let overview = service.carrier_overview().await.expect("overview");
        let ids: Vec<&str> = overview.accounts.iter().map(|a| a.account_id.as_str()).collect();
        assert_eq!(ids, ["home", "work"]);
        assert_eq!(overview.without_carrier, ["spare"]);
        let work = &overview.accounts[1];
        assert!(work.follows_location && work.error.is_none() && work.carrier == "voipms", "{work:?}");
        let callback = did(&overview, "work", DID);
        assert!(callback.emergency_caller_id, "{callback:?}");
        assert_eq!(callback.status, DidStatus::Active);
        assert_eq!(callback.description, "Office line");
        let held = callback.carrier_has.as_ref().expect("the carrier's record");
        assert_eq!(held.fields.get("street_name").map(String::as_str), Some("ELM AVE"));
        let fax = did(&overview, "work", OTHER_DID);
        assert_eq!(
            (fax.status, fax.emergency_caller_id, fax.carrier_has.is_none()),
            (DidStatus::NotProvisioned, false, true)
        );
        let home = &overview.accounts[0];
        let problem = home.error.as_ref().expect("home's carrier refused us");
        assert_eq!(problem.code, "authentication_failed", "{problem:?}");
        assert!(home.dids.is_empty() && !home.follows_location);

        // Sync now needs a place to sync to, and says so.
        let refused = service.sync_carrier("work").await.expect_err("no place yet");
        assert!(refused.to_string().contains("confirm your location first"), "{refused}");
        assert!(service.sync_carrier("nobody").await.is_err(), "an account without a carrier");

        // Confirming a place the carrier does not know: it suggests another city, and the tab asks the user.
        voipms.script("e911Validate", vec![refusal()]);
        confirm(&service, "Office", confirmed()).await;
        settled(&service).await;
        script_listing(&voipms, old_record());
        let overview = service.carrier_overview().await.expect("overview");
        let asks = did(&overview, "work", DID);
        assert_eq!(asks.status, DidStatus::NeedsUserDecision, "{asks:?}");
        assert_eq!(asks.wanted.as_ref().map(|a| a.a3.as_str()), Some("Springfield"));
        assert_eq!(asks.suggestions.len(), 1);
        let change = &asks.suggestions[0].changes[0];
        assert_eq!((change.field.as_str(), change.suggested.as_str()), ("city", "CAPITAL CITY"), "{asks:?}");
        assert!(voipms.methods().iter().all(|m| m != "e911Update"), "nothing sent before the user decides");

        // Accepting it: audited, the personal place corrected, the correction sent and read back.
        let wrong = service.accept_carrier_suggestion(DID, 1, OffsetDateTime::now_utc()).await.expect_err("no #2");
        assert!(wrong.to_string().contains("no suggestion 2"), "{wrong}");
        voipms.script("e911Validate", vec![Reply::json(json!({ "status": "success" }))]);
        voipms.script("e911Info", vec![Reply::json(old_record()), Reply::json(corrected_record())]);
        service.accept_carrier_suggestion(DID, 0, OffsetDateTime::now_utc()).await.expect("accepted");
        settled(&service).await;
        assert_eq!(voipms.last("e911Update").param("city"), Some("CAPITAL CITY"));
        let places = service.list_locations().await.expect("places");
        let office = places.iter().find(|p| p.label == "Office").expect("the confirmed place");
        assert_eq!(office.address.a3, "CAPITAL CITY", "the personal place carries the correction");
        let decided = decisions(&service).await;
        assert_eq!(decided.len(), 1, "{decided:?}");
        assert_eq!((decided[0]["did"].as_str(), decided[0]["accepted"].as_u64()), (Some(DID), Some(0)));
        assert_eq!(decided[0]["changes"][0]["suggested"], "CAPITAL CITY");
        script_listing(&voipms, corrected_record());
        let overview = service.carrier_overview().await.expect("overview");
        assert_eq!(did(&overview, "work", DID).status, DidStatus::Active);
        assert!(service.accept_carrier_suggestion(DID, 0, OffsetDateTime::now_utc()).await.is_err(), "decided");

        // Sync now when the carrier already holds the place: read back, verified (audited), nothing sent.
        let sent_before = voipms.methods().iter().filter(|m| *m == "e911Update" || *m == "e911Validate").count();
        let verified_before = verified_steps(&service).await;
        voipms.script("e911Info", vec![Reply::json(corrected_record())]);
        service.sync_carrier("work").await.expect("sync");
        settled(&service).await;
        let sent_after = voipms.methods().iter().filter(|m| *m == "e911Update" || *m == "e911Validate").count();
        assert_eq!(sent_after, sent_before, "{:?}", voipms.methods());
        assert_eq!(verified_steps(&service).await, verified_before + 1, "the check is audited as verified");
        script_listing(&voipms, corrected_record());
        let overview = service.carrier_overview().await.expect("overview");
        assert_eq!(did(&overview, "work", DID).status, DidStatus::Active);

        // Another place the carrier corrects, and this time the user keeps their own.
        service.report_moved().await.expect("moved");
        voipms.script("e911Validate", vec![refusal()]);
        let mut elsewhere = confirmed();
        elsewhere.hno = "500".into();
        confirm(&service, "Branch", elsewhere).await;
        settled(&service).await;
        script_listing(&voipms, corrected_record());
        let updates_before = voipms.methods().iter().filter(|m| *m == "e911Update").count();
        let kept = service.decline_carrier_suggestions(DID, OffsetDateTime::now_utc()).await.expect("declined");
        assert_eq!(did(&kept, "work", DID).status, DidStatus::Declined);
        assert_eq!(voipms.methods().iter().filter(|m| *m == "e911Update").count(), updates_before);
        let decided = decisions(&service).await;
        assert_eq!(decided.len(), 2, "{decided:?}");
        assert!(decided[1]["accepted"].is_null(), "{decided:?}");
        let declined_event = host.events().into_iter().any(|event| {
            matches!(event, Event::CarrierStateChanged(ref state) if state.did == DID && state.state == "declined")
        });
        assert!(declined_event, "the window hears of it");
        let branch = service.list_locations().await.expect("places").into_iter().find(|p| p.label == "Branch");
        assert_eq!(branch.expect("branch").address.a3, "Springfield", "a declined correction changes nothing");
        assert!(service.decline_carrier_suggestions(DID, OffsetDateTime::now_utc()).await.is_err(), "decided");
    });
}
