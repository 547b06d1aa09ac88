//! A new IT map rewrites only the locations whose label, address or rules changed, and marks exactly those as
//! changed by IT (so only users who confirmed one of them are asked again). Reordering rules changes nothing;
//! a location that leaves the map loses its rules; a map applied before digests existed is compared by its
//! stored rows; a rule naming a location the map does not define is refused.

use locus_location::civic::CivicAddress;
use locus_location::matcher::{NetworkRule, RuleKind};
use locus_location::{Places, Store};
use serde_json::json;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const START: OffsetDateTime = datetime!(2026-11-24 09:00:00 UTC);

fn address(street: &str) -> CivicAddress {
    CivicAddress {
        country: "US".into(),
        a1: "IL".into(),
        a3: "Chicago".into(),
        hno: "233".into(),
        rd: street.into(),
        sts: "Dr".into(),
        pc: "60606".into(),
        ..CivicAddress::default()
    }
}

fn gateway(location: &str, mac: &str) -> NetworkRule {
    NetworkRule::from_it_map(RuleKind::GatewayMac, mac, location)
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    places: Places,
    applied: u32,
}

impl Fixture {
    async fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("locus.db")).await.expect("open");
        Self { _dir: dir, places: Places::new(store.clone()), store, applied: 0 }
    }

    /// Applies a map, one minute after the previous one; returns when.
    async fn apply(&mut self, locations: &[(&str, &str)], rules: &[NetworkRule]) -> OffsetDateTime {
        self.applied += 1;
        let at = START + Duration::minutes(i64::from(self.applied));
        let locations: Vec<(String, String, CivicAddress)> =
            locations.iter().map(|(id, street)| (id.to_string(), format!("{id} office"), address(street))).collect();
        self.places.replace_it_map(&locations, rules, &[], json!({ "n": self.applied }), at).await.expect("apply");
        at
    }

    async fn changed_since(&self, id: &str, since: OffsetDateTime) -> bool {
        self.places.it_changed_since(&[id.to_owned()], since).await.expect("changed since")
    }

    async fn rules_of(&self, id: &str) -> Vec<String> {
        let mut values: Vec<String> = self
            .places
            .rules()
            .await
            .expect("rules")
            .into_iter()
            .filter(|r| r.location_id == id)
            .map(|r| r.value)
            .collect();
        values.sort();
        values
    }
}

#[tokio::test]
async fn only_changed_locations_are_rewritten_and_marked() {
    let mut f = Fixture::new().await;
    let both = [("hq", "Wacker"), ("branch", "Lake")];
    let first = f.apply(&both, &[gateway("hq", "02:00:5e:00:00:01"), gateway("branch", "02:00:5e:00:00:02")]).await;

    // The same content, rules in another order: nothing changed.
    let same = f.apply(&both, &[gateway("branch", "02:00:5e:00:00:02"), gateway("hq", "02:00:5e:00:00:01")]).await;
    assert!(!f.changed_since("hq", first).await && !f.changed_since("branch", first).await);

    // One rule of the branch changes: only the branch is marked and rewritten.
    f.apply(&both, &[gateway("hq", "02:00:5e:00:00:01"), gateway("branch", "02:00:5e:00:00:22")]).await;
    assert!(f.changed_since("branch", same).await, "the branch's rule changed");
    assert!(!f.changed_since("hq", same).await, "nothing about HQ changed");
    assert_eq!(f.rules_of("branch").await, ["02:00:5e:00:00:22"]);
    assert_eq!(f.rules_of("hq").await, ["02:00:5e:00:00:01"]);

    // The branch's address changes with the same rules: marked.
    let before_move =
        f.apply(&both, &[gateway("hq", "02:00:5e:00:00:01"), gateway("branch", "02:00:5e:00:00:22")]).await;
    f.apply(
        &[("hq", "Wacker"), ("branch", "Canal")],
        &[gateway("hq", "02:00:5e:00:00:01"), gateway("branch", "02:00:5e:00:00:22")],
    )
    .await;
    assert!(f.changed_since("branch", before_move).await, "the branch moved");
    assert_eq!(f.places.get("branch").await.expect("get").expect("branch").address.rd, "Canal");

    // The branch leaves the map: marked, its rules and (unconfirmed) location gone.
    let before_removal = f
        .apply(
            &[("hq", "Wacker"), ("branch", "Canal")],
            &[gateway("hq", "02:00:5e:00:00:01"), gateway("branch", "02:00:5e:00:00:22")],
        )
        .await;
    f.apply(&[("hq", "Wacker")], &[gateway("hq", "02:00:5e:00:00:01")]).await;
    assert!(f.changed_since("branch", before_removal).await, "leaving the map is a change");
    assert!(!f.changed_since("hq", before_removal).await);
    assert!(f.rules_of("branch").await.is_empty());
    assert!(f.places.get("branch").await.expect("get").is_none());
    assert_eq!(f.places.rules().await.expect("rules").len(), 1);
}

#[tokio::test]
async fn a_map_applied_before_digests_existed_is_compared_by_its_stored_rows() {
    let mut f = Fixture::new().await;
    let both = [("hq", "Wacker"), ("branch", "Lake")];
    let rules = [gateway("hq", "02:00:5e:00:00:01"), gateway("branch", "02:00:5e:00:00:02")];
    f.apply(&both, &rules).await;
    sqlx::query("UPDATE locations SET content_digest = NULL").execute(f.store.pool()).await.expect("forget digests");
    let legacy = START + Duration::minutes(i64::from(f.applied));

    f.apply(&both, &[gateway("hq", "02:00:5e:00:00:01"), gateway("branch", "02:00:5e:00:00:03")]).await;
    assert!(!f.changed_since("hq", legacy).await, "HQ's stored rows match the new map");
    assert!(f.changed_since("branch", legacy).await, "the branch's stored rule differs");
    let digests: Vec<Option<String>> = sqlx::query_scalar("SELECT content_digest FROM locations ORDER BY id")
        .fetch_all(f.store.pool())
        .await
        .expect("digests");
    assert!(digests.iter().all(|d| d.as_ref().is_some_and(|d| d.len() == 64)), "{digests:?}");
    assert_eq!(f.rules_of("hq").await, ["02:00:5e:00:00:01"], "HQ's rule was kept");
}

#[tokio::test]
async fn a_rule_for_a_location_the_map_does_not_define_is_refused() {
    let mut f = Fixture::new().await;
    f.apply(&[("hq", "Wacker")], &[gateway("hq", "02:00:5e:00:00:01")]).await;
    let locations = [("hq".to_owned(), "HQ".to_owned(), address("Wacker"))];
    let err = f
        .places
        .replace_it_map(
            &locations,
            &[gateway("nowhere", "02:00:5e:00:00:09")],
            &[],
            json!({}),
            START + Duration::hours(1),
        )
        .await
        .expect_err("dangling rule");
    assert!(err.to_string().contains("nowhere"), "{err}");
    assert_eq!(f.rules_of("hq").await, ["02:00:5e:00:00:01"], "the map in force is untouched");
}

#[tokio::test]
async fn a_large_map_offers_a_few_places_when_asking_those_the_matcher_saw_first() {
    let mut f = Fixture::new().await;
    let ids: Vec<String> = (0..80).map(|i| format!("site-{i:02}")).collect();
    let locations: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), "Wacker")).collect();
    f.apply(&locations, &[]).await;

    let offered = f.places.it_suggestions(&["site-79".to_owned()], 50).await.expect("suggestions");
    assert_eq!(offered.len(), 50, "a bounded list, not the whole map");
    assert_eq!(offered[0].id, "site-79", "what the matcher saw comes first");
    let rest: Vec<&str> = offered[1..].iter().map(|l| l.label.as_str()).collect();
    let mut sorted = rest.clone();
    sorted.sort_unstable();
    assert_eq!(rest, sorted, "then by label");
    assert_eq!(rest[0], "site-00 office");
    let none_preferred = f.places.it_suggestions(&[], 3).await.expect("suggestions");
    assert_eq!(none_preferred.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), ["site-00", "site-01", "site-02"]);
}
