//! An IT map change that touches a network the user already confirmed makes Locus ask again; a map change
//! elsewhere does not. Real network namespaces, real SQLite file, `locusctl` as a fresh process each time.

mod support;

use locus_location::civic::CivicAddress;
use locus_location::matcher::{NetworkRule, RuleKind};
use locus_location::{Places, Store};
use serde_json::json;
use std::path::Path;
use support::lab::Lab;
use support::locusctl::json_in_laptop;

fn address(street: &str) -> CivicAddress {
    CivicAddress {
        country: "US".into(),
        a1: "NY".into(),
        a3: "New York".into(),
        hno: "100".into(),
        rd: street.into(),
        pc: "10005".into(),
        ..CivicAddress::default()
    }
}

fn apply_map(home: &Path, sites: &[(&str, &str)], gateway_rules: &[(&str, &str)]) {
    let locations: Vec<_> =
        sites.iter().map(|(id, street)| (id.to_string(), format!("Site {id}"), address(street))).collect();
    let rules: Vec<_> =
        gateway_rules.iter().map(|(mac, site)| NetworkRule::from_it_map(RuleKind::GatewayMac, *mac, *site)).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let places = Places::new(Store::open(&home.join("data/locus.db")).await.expect("store"));
        places
            .replace_it_map(&locations, &rules, &[], json!({}), time::OffsetDateTime::now_utc())
            .await
            .expect("apply");
    });
}

#[test]
fn a_map_change_for_this_network_asks_again_and_one_elsewhere_does_not() {
    let mut lab = Lab::new("itchg");
    let gw = lab.add_gateway("10.207.1", "02:00:5e:17:c4:01");
    lab.move_to(&gw);
    lab.warm_neighbour_cache(&gw);
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    let typed = json!({"country": "US", "a1": "NY", "a3": "New York", "hno": "5", "rd": "Annex", "pc": "10005"});
    let first =
        json_in_laptop(&lab, home.path(), &["confirm", "--label", "Annex", "--address", &typed.to_string(), "--json"]);
    assert_eq!(first["state"], "resolved", "{first}");
    std::thread::sleep(std::time::Duration::from_millis(20));

    // IT maps this very gateway to a site: the user's earlier answer is now in question.
    apply_map(home.path(), &[("hq", "Broadway")], &[(&gw.mac, "hq")]);
    let asked = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(asked["state"], "confirm_required", "{asked}");
    assert_eq!(asked["reason"], "it_map_changed");
    assert!(asked["suggestions"].as_array().expect("suggestions").iter().any(|s| s["id"] == "hq"));

    let confirmed = json_in_laptop(&lab, home.path(), &["confirm", "--location", "hq", "--json"]);
    assert_eq!(confirmed["state"], "resolved", "{confirmed}");
    assert_eq!(confirmed["how_obtained"], "wiremap");
    std::thread::sleep(std::time::Duration::from_millis(20));

    // A change that touches another site only: no new question here.
    apply_map(
        home.path(),
        &[("hq", "Broadway"), ("branch", "Main")],
        &[(&gw.mac, "hq"), ("02:00:5e:99:99:99", "branch")],
    );
    let calm = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(calm["state"], "resolved", "a change elsewhere must not ask: {calm}");

    // The site's address changes: that touches this network again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    apply_map(home.path(), &[("hq", "Wall"), ("branch", "Main")], &[(&gw.mac, "hq"), ("02:00:5e:99:99:99", "branch")]);
    let again = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(again["reason"], "it_map_changed", "{again}");
}
