//! The user's answer on a network IT maps. The laptop sits on a network whose gateway MAC IT maps to HQ-3; the
//! user says "I'm somewhere else" and confirms HQ-5: HQ-5 is the place in force, also after a restart, and HQ-3
//! never comes back green. Typing a new address ("Home") there works the same way. When IT later changes the map
//! for this network, the user is asked again (`it_map_changed`), and a change elsewhere asks nothing. Real SQLite
//! file, the real store and service; the network comes from a fixed snapshot source (the service's input).

use locus_core::events::Event;
use locus_core::locating::{ConfirmRequest, LocateReport};
use locus_core::{HeadlessHost, LocusPaths, LocusService, ReadinessReason};
use locus_location::civic::CivicAddress;
use locus_location::confirmation::{ConfirmReason, LocationState};
use locus_location::matcher::{HowObtained, NetworkRule, RuleKind, RuleSource, Verdict};
use locus_location::{PlaceChoice, Places, Store};
use locus_netprobe::{DefaultGateway, InterfaceKind, NetprobeError, NetworkSnapshot, SnapshotSource, Underlay};
use std::path::Path;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

const GATEWAY_MAC: &str = "02:00:5e:17:c4:01";

/// The network the service reads: always the office LAN.
struct Fixed(NetworkSnapshot);

impl SnapshotSource for Fixed {
    fn snapshot(&self) -> Result<NetworkSnapshot, NetprobeError> {
        Ok(self.0.clone())
    }
}

fn office_lan() -> NetworkSnapshot {
    let gateway = DefaultGateway { ip: "10.207.1.1".into(), mac: Some(GATEWAY_MAC.into()), interface: "eth0".into() };
    NetworkSnapshot {
        default_gateway: Some(gateway.clone()),
        underlay: Some(Underlay {
            interface: "eth0".into(),
            kind: InterfaceKind::Wired,
            gateway,
            addrs: vec!["10.207.1.50/24".into()],
        }),
        ..NetworkSnapshot::default()
    }
}

fn address(street: &str, floor: &str) -> CivicAddress {
    CivicAddress {
        country: "US".into(),
        a1: "NY".into(),
        a3: "New York".into(),
        hno: "100".into(),
        rd: street.into(),
        flr: floor.into(),
        pc: "10005".into(),
        ..CivicAddress::default()
    }
}

/// IT's map: two floors of HQ (on the streets given), and this gateway mapped to floor 3.
async fn write_it_map(paths: &LocusPaths, [floor_3_street, floor_5_street]: [&str; 2], at: OffsetDateTime) {
    let locations = vec![
        ("hq-3".to_owned(), "HQ floor 3".to_owned(), address(floor_3_street, "3")),
        ("hq-5".to_owned(), "HQ floor 5".to_owned(), address(floor_5_street, "5")),
    ];
    let rules = vec![NetworkRule::from_it_map(RuleKind::GatewayMac, GATEWAY_MAC, "hq-3")];
    let store = Store::open(&paths.database_file()).await.expect("store");
    Places::new(store.clone()).replace_it_map(&locations, &rules, &[], serde_json::json!({}), at).await.expect("map");
    store.close().await;
}

async fn open(home: &Path) -> (Arc<LocusService>, Arc<HeadlessHost>) {
    let host = Arc::new(HeadlessHost::default());
    let service = LocusService::open(LocusPaths::under(home), Arc::new(Fixed(office_lan())), host.clone())
        .await
        .expect("service");
    (service, host)
}

fn resolved_at(report: &LocateReport) -> Option<(&str, HowObtained)> {
    match &report.state {
        LocationState::Resolved { location_id, how_obtained } => Some((location_id.as_str(), *how_obtained)),
        _ => None,
    }
}

fn confirm(choice: PlaceChoice) -> ConfirmRequest {
    ConfirmRequest { choice, moving_with_user: false }
}

async fn confirmed_location_ids(service: &LocusService) -> Vec<String> {
    let entries = service.audit_entries().await.expect("audit");
    entries
        .iter()
        .filter(|e| e.kind == "location.confirmed")
        .map(|e| serde_json::from_str::<serde_json::Value>(&e.payload).expect("payload JSON"))
        .filter_map(|payload| payload["location_id"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn a_place_confirmed_after_the_it_map_wins_until_it_changes_the_map_for_this_network() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let paths = LocusPaths::under(home.path());
        paths.create_all().expect("directories");
        let now = OffsetDateTime::now_utc();
        write_it_map(&paths, ["Broadway", "Broadway"], now - Duration::hours(3)).await;

        let (service, host) = open(home.path()).await;
        assert_eq!(resolved_at(&service.locate().await), Some(("hq-3", HowObtained::Wiremap)));

        // "I'm somewhere else": asked, with IT's other floor among the suggestions.
        let asked = service.report_moved().await.expect("moved");
        assert!(
            matches!(asked.state, LocationState::ConfirmRequired { reason: ConfirmReason::UserMoved, .. }),
            "{asked:?}"
        );
        assert!(asked.suggestions.iter().any(|s| s.id == "hq-5"), "{:?}", asked.suggestions);

        // The user is on floor 5: that is the place in force, not the floor-3 address they refused.
        let answered = service
            .confirm_location(confirm(PlaceChoice::Existing { location_id: "hq-5".into() }), now - Duration::hours(2))
            .await
            .expect("confirm");
        assert_eq!(resolved_at(&answered), Some(("hq-5", HowObtained::UserConfirmed)), "{answered:?}");
        assert_eq!(answered.location.as_ref().map(|l| l.id.as_str()), Some("hq-5"));
        assert!(!answered.evidence.iter().any(|e| e.verdict == Verdict::Conflicts), "{:?}", answered.evidence);
        assert!(
            answered.evidence.iter().any(|e| e.source == RuleSource::ItMap
                && e.location_id == "hq-3"
                && e.verdict == Verdict::OverriddenByUser),
            "the evidence says IT's rule was overridden by the user: {:?}",
            answered.evidence
        );
        assert_eq!(service.locate().await, answered);
        let readiness = service.readiness().await;
        assert!(
            readiness.reason != ReadinessReason::LocationNotConfirmed
                && !readiness.also.contains(&ReadinessReason::LocationNotConfirmed),
            "{readiness:?}"
        );
        let resolved: Vec<String> = host
            .events()
            .into_iter()
            .filter_map(|e| match e {
                Event::LocationResolved(place) => Some(place.location_id),
                _ => None,
            })
            .collect();
        assert_eq!(resolved.last().map(String::as_str), Some("hq-5"), "{resolved:?}");
        // The audit log says what is in force: the user's answer, HQ-5.
        assert_eq!(confirmed_location_ids(&service).await, ["hq-5"]);

        // A restart (a fresh resolution from the store) keeps the user's answer.
        service.shutdown().await;
        drop(service);
        let (service, _) = open(home.path()).await;
        assert_eq!(resolved_at(&service.locate().await), Some(("hq-5", HowObtained::UserConfirmed)));

        // Another visit, and a typed address this time: the same rule.
        service.report_moved().await.expect("moved again");
        let typed = PlaceChoice::New { label: "Home".into(), address: Box::new(address("Elm", "")) };
        let at_home = service.confirm_location(confirm(typed), now - Duration::hours(1)).await.expect("home");
        let home_id = at_home.location.as_ref().map(|l| l.id.clone()).expect("home location");
        assert_eq!(resolved_at(&at_home), Some((home_id.as_str(), HowObtained::UserEntered)), "{at_home:?}");
        assert_eq!(confirmed_location_ids(&service).await.last(), Some(&home_id));
        service.shutdown().await;
        drop(service);

        // IT changes the map elsewhere (floor 5 moves; neither this network's rule nor the user's place): no question.
        write_it_map(&paths, ["Broadway", "Broad St"], now - Duration::minutes(30)).await;
        let (service, _) = open(home.path()).await;
        assert_eq!(resolved_at(&service.locate().await), Some((home_id.as_str(), HowObtained::UserEntered)));
        service.shutdown().await;
        drop(service);

        // IT changes floor 3, which this network's rule points at: the user's answer is in question again.
        write_it_map(&paths, ["Wall", "Broad St"], now).await;
        let (service, _) = open(home.path()).await;
        let again = service.locate().await;
        assert!(
            matches!(again.state, LocationState::ConfirmRequired { reason: ConfirmReason::ItMapChanged, .. }),
            "{again:?}"
        );
        // Answering with IT's floor 3 resolves there, from the map.
        let back = service
            .confirm_location(confirm(PlaceChoice::Existing { location_id: "hq-3".into() }), OffsetDateTime::now_utc())
            .await
            .expect("confirm floor 3");
        assert_eq!(resolved_at(&back), Some(("hq-3", HowObtained::Wiremap)), "{back:?}");
        service.shutdown().await;
    });
}
