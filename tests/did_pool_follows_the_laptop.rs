//! A DID pool follows the laptop (issue #7 item 9): an account with one E911 DID registered at the office and one
//! at home. In a laptop network namespace, with the service running and SIPp as the 911 gateway, 911 from the
//! office network carries the office DID; moving the laptop's default route to the home gateway (and confirming
//! home once) makes the next 911 carry the home DID; moving back picks the office DID again without asking,
//! because the office network is known. The plan is recomputed on each move, never at dial time.

mod support;

use locus_core::locating::ConfirmRequest;
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use support::lab::{self, Lab};
use support::sipp::{Sipp, header};

const TEST: &str = "the_next_911_uses_the_did_registered_where_the_laptop_now_is";
const OFFICE_DID: &str = "6145550111";
const HOME_DID: &str = "6145550222";

fn office() -> Value {
    json!({"country": "US", "a1": "OH", "a3": "Columbus", "hno": "50", "rd": "Broad", "sts": "St", "flr": "4",
        "pc": "43215"})
}

fn home() -> Value {
    json!({"country": "US", "a1": "OH", "a3": "Dublin", "hno": "12", "rd": "Oak", "sts": "Ave", "pc": "43017"})
}

#[test]
fn the_next_911_uses_the_did_registered_where_the_laptop_now_is() {
    if !lab::inside_laptop() {
        let mut lab = Lab::new("didpool");
        let office = lab.add_gateway("10.208.1", "02:00:5e:d1:d0:01");
        let home = lab.add_gateway("10.208.2", "02:00:5e:d1:d0:02");
        lab.move_to(&office);
        lab.warm_neighbour_cache(&office);
        lab.warm_neighbour_cache(&home);
        let to_home = format!("default via {} dev {}", home.ip, home.laptop_if);
        let to_office = format!("default via {} dev {}", office.ip, office.laptop_if);
        return lab.rerun_test_inside(
            TEST,
            &[
                ("LOCUS_TEST_LAPTOP", lab.laptop()),
                ("LOCUS_TEST_TO_HOME", &to_home),
                ("LOCUS_TEST_TO_OFFICE", &to_office),
            ],
        );
    }
    let laptop = std::env::var("LOCUS_TEST_LAPTOP").expect("laptop namespace");
    let move_route = |variable: &str| {
        let route = std::env::var(variable).expect("route");
        let mut args = vec!["-n", laptop.as_str(), "route", "replace"];
        args.extend(route.split_whitespace());
        lab::ip(&args);
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let mut gateway = Sipp::start_for_calls("sipp-busy.xml", &[], 3);
        let home_dir = tempfile::tempdir().expect("LOCUS_HOME");
        let config = home_dir.path().join("config");
        std::fs::create_dir_all(&config).expect("config");
        let accounts = json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
            "registrar": format!("127.0.0.1:{}", gateway.port)}]});
        std::fs::write(config.join("accounts.json"), accounts.to_string()).expect("accounts");
        let e911 = json!({"accounts": {"work": {"strategy": "did_pool", "default_did": OFFICE_DID, "dids": [
            {"number": OFFICE_DID, "carrier": "voipms", "status": "active", "registered_address": office()},
            {"number": HOME_DID, "carrier": "voipms", "status": "active", "registered_address": home()}]}}});
        std::fs::write(config.join("e911.json"), e911.to_string()).expect("E911 settings");
        let service = LocusService::open(
            LocusPaths::under(home_dir.path()),
            Arc::new(SystemSource::default()),
            Arc::new(HeadlessHost::default()),
        )
        .await
        .expect("service");
        let confirm = |label: &str, address: Value| {
            let request: ConfirmRequest = serde_json::from_value(
                json!({"choice": {"choice": "new", "label": label, "address": address}, "moving_with_user": false}),
            )
            .expect("request");
            request
        };
        let dial = |expected: &'static str, service: Arc<LocusService>| async move {
            let placed = service.dial("911", Default::default()).await.expect("911 dials");
            assert_eq!(placed.emergency.as_ref().map(|e| e.callback_did.as_str()), Some(expected));
            let mut call = placed.call;
            while call.next_event().await.is_some() {}
        };

        // At the office: confirm it once; 911 carries the office DID.
        service.confirm_location(confirm("Office", office()), time::OffsetDateTime::now_utc()).await.expect("office");
        dial(OFFICE_DID, service.clone()).await;

        // Home: a new network, confirmed once; the plan follows and 911 carries the home DID.
        move_route("LOCUS_TEST_TO_HOME");
        service.refresh_network().await.expect("home network");
        service.confirm_location(confirm("Home", home()), time::OffsetDateTime::now_utc()).await.expect("home");
        dial(HOME_DID, service.clone()).await;

        // Back at the office: a known network, no question asked; the office DID again.
        move_route("LOCUS_TEST_TO_OFFICE");
        service.refresh_network().await.expect("office network");
        let plan = service.emergency_plan().expect("plan");
        assert_eq!(plan.caller_id, OFFICE_DID, "{plan:?}");
        dial(OFFICE_DID, service.clone()).await;

        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
        let from_users: Vec<String> = gateway
            .received()
            .into_iter()
            .filter(|m| m.starts_with("INVITE "))
            .map(|invite| header(&invite, "P-Asserted-Identity").unwrap_or_default())
            .collect();
        assert_eq!(from_users.len(), 3, "{from_users:?}");
        for (pai, did) in from_users.iter().zip([OFFICE_DID, HOME_DID, OFFICE_DID]) {
            assert!(pai.contains(did), "{pai} should carry {did}");
        }
    });
}
