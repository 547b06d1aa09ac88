//! Invariant S2 in real network namespaces: a home network whose subnet equals an IT subnet rule is NOT
//! resolved to the IT location when the public IP is not trusted — while the office network, identified by its
//! gateway MAC, is (the positive control that shows the IT rules are loaded and used).

mod support;

use locus_location::civic::CivicAddress;
use locus_location::matcher::{HowObtained, NetworkRule, RuleKind, RuleSource};
use locus_location::{Places, Store};
use support::lab::Lab;
use support::locusctl::json_in_laptop;

fn load_it_map(home: &std::path::Path) {
    let hq = CivicAddress {
        country: "US".into(),
        a1: "NY".into(),
        a3: "New York".into(),
        hno: "100".into(),
        rd: "Broadway".into(),
        pc: "10005".into(),
        multi_storey: true,
        flr: "12".into(),
        ..CivicAddress::default()
    };
    let rule = |kind, value: &str| NetworkRule {
        kind,
        value: value.into(),
        location_id: "hq-12".into(),
        source: RuleSource::ItMap,
        how_obtained: HowObtained::Wiremap,
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let store = Store::open(&home.join("data/locus.db")).await.expect("store");
        Places::new(store)
            .replace_it_map(
                &[("hq-12".into(), "HQ floor 12".into(), hq)],
                &[rule(RuleKind::Subnet, "10.205.1.0/24"), rule(RuleKind::GatewayMac, "02:00:5e:0f:f1:c0")],
                &["203.0.113.0/24".into()],
                serde_json::json!({"test": "it map"}),
                time::OffsetDateTime::now_utc(),
            )
            .await
            .expect("apply IT map");
    });
}

#[test]
fn a_home_subnet_equal_to_an_it_subnet_rule_is_not_the_office() {
    let mut lab = Lab::new("s2");
    // Home router: same subnet as the IT rule, different MAC, public IP unknown/untrusted.
    let home_gw = lab.add_gateway("10.205.1", "02:00:5e:00:00:99");
    let office_gw = lab.add_gateway("10.205.2", "02:00:5e:0f:f1:c0");
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    lab.move_to(&home_gw);
    lab.warm_neighbour_cache(&home_gw);
    json_in_laptop(&lab, home.path(), &["status", "--json"]); // creates the database
    load_it_map(home.path());

    let at_home = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(at_home["state"], "confirm_required", "S2 broken: {at_home}");
    assert_ne!(at_home["location"]["id"], "hq-12");
    let subnet = at_home["evidence"].as_array().expect("evidence").iter().find(|e| e["kind"] == "subnet").cloned();
    assert_eq!(subnet.expect("the subnet rule matched")["verdict"], "ignored_untrusted");

    lab.move_to(&office_gw);
    lab.warm_neighbour_cache(&office_gw);
    let at_office = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(at_office["state"], "resolved", "{at_office}");
    assert_eq!(at_office["location"]["id"], "hq-12");
    assert_eq!(at_office["how_obtained"], "wiremap");
}
