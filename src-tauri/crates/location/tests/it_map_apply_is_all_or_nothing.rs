//! Applying IT map rules is all or nothing (S6): a map with any invalid rule is refused with each bad rule named,
//! the previous rules stay in force, and nothing is audited as applied.

use locus_location::{AuditLog, Store};
use serde_json::json;
use time::macros::datetime;

#[tokio::test]
async fn an_it_map_with_a_bad_rule_changes_nothing() {
    use locus_location::Places;
    use locus_location::civic::CivicAddress;
    use locus_location::matcher::{NetworkRule, RuleKind};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("locus.db")).await.expect("open");
    let log = AuditLog::new(store.clone());
    let places = Places::new(store);
    let rule = |kind, value: &str| NetworkRule::from_it_map(kind, value, "hq");
    let site = [("hq".to_owned(), "HQ".to_owned(), CivicAddress::default())];
    let at = datetime!(2026-11-23 12:00:00 UTC);
    places
        .replace_it_map(&site, &[rule(RuleKind::GatewayMac, "02:00:5e:00:00:01")], &[], json!({"serial": 1}), at)
        .await
        .expect("good map");
    let bad = [
        rule(RuleKind::GatewayMac, "02:00:5e:00:00:02"),
        rule(RuleKind::Subnet, "10.0.0.7/24"),
        rule(RuleKind::Ssid, "Corp\u{1e}|10.0.0.0/24"),
    ];
    let err = places.replace_it_map(&site, &bad, &[], json!({"serial": 2}), at).await.expect_err("bad map");
    let message = err.to_string();
    assert!(message.contains("rule 1") && message.contains("rule 2"), "{message}");
    let (index, _) = places.load_rule_index().await.expect("index");
    assert_eq!(index.len(), 1, "the previous map's rules stay in force");
    assert_eq!(log.count().await.expect("count"), 1, "only the good map was audited");
}
