//! Validation of map documents: the documented example is valid, and every kind of bad field is reported with
//! its JSON pointer — all of them at once, not just the first.

use locus_itmap::{MapDocument, MapProblem, validate};
use locus_location::matcher::RuleKind;
use serde_json::{Value, json};
use time::macros::datetime;

const NOW: time::OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

fn example() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../docs/examples/map-v1.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("example map")).expect("example JSON")
}

fn problems(map: &Value) -> Vec<MapProblem> {
    let document = MapDocument::parse(map.to_string().as_bytes()).map_err(|p| vec![p]);
    match document.and_then(|d| validate(d, NOW)) {
        Ok(_) => vec![],
        Err(problems) => problems,
    }
}

fn pointers(map: &Value) -> Vec<String> {
    problems(map).into_iter().map(|p| p.pointer).collect()
}

#[test]
fn the_documented_example_is_valid() {
    let document = MapDocument::parse(example().to_string().as_bytes()).expect("parse");
    let map = validate(document, NOW).expect("valid");
    assert_eq!(map.meta.serial, 1);
    assert_eq!(map.content.locations.len(), 3);
    assert_eq!(map.content.rules.len(), 9);
    let floor3 = &map.content.locations[0];
    assert_eq!((floor3.0.as_str(), floor3.2.flr.as_str(), floor3.2.rd.as_str()), ("chi-hq-f3", "3", "Wacker"));
    let kinds: Vec<RuleKind> = map.content.rules.iter().take(6).map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RuleKind::Bssid,
            RuleKind::BssidPrefix,
            RuleKind::SwitchPort,
            RuleKind::GatewayMac,
            RuleKind::Subnet,
            RuleKind::Ssid
        ]
    );
    assert_eq!(map.content.rules[2].value, "02:00:5e:20:00:01|Gi1/0/12");
    assert!(map.content.dids.contains(&("chi-hq-f3".into(), "3125550100".into())), "site DID applies to floor 3");
    assert!(map.content.dids.contains(&("chi-hq-f7".into(), "3125550107".into())), "place DID overrides");
    assert!(!map.content.dids.contains(&("chi-hq-f7".into(), "3125550100".into())));
}

#[test]
fn invalid_identifiers_are_each_named() {
    let mut map = example();
    let rules = &mut map["sites"][0]["places"][0]["rules"];
    rules[0]["bssid"] = json!("02:00:5e:zz:00:31");
    rules[3]["mac"] = json!("02:00:5e:30:00");
    rules[4]["cidr"] = json!("10.3.1.7/24");
    rules[5]["subnet"] = json!("10.3.2.0/33");
    map["trusted_public_ips"][1] = json!("2001:db8::/129");
    assert_eq!(
        pointers(&map),
        [
            "/trusted_public_ips/1",
            "/sites/0/places/0/rules/0/bssid",
            "/sites/0/places/0/rules/3/mac",
            "/sites/0/places/0/rules/4/cidr",
            "/sites/0/places/0/rules/5/subnet"
        ]
    );
    let text = problems(&map).into_iter().map(|p| p.message).collect::<Vec<_>>().join("\n");
    assert!(text.contains("host bits set"), "{text}");
}

#[test]
fn one_identifier_mapped_to_two_places_is_refused_naming_both() {
    let mut map = example();
    map["sites"][1]["places"][0]["rules"] =
        json!([{ "kind": "gateway_mac", "mac": "02-00-5E-30-00-01", "subnet": "10.3.0.0/24" }]);
    let found = problems(&map);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].pointer, "/sites/1/places/0/rules/0");
    assert!(found[0].message.contains("/sites/0/places/0/rules/3"), "{}", found[0].message);
    assert!(found[0].message.contains("chi-hq-f3"), "{}", found[0].message);
}

#[test]
fn the_same_identifier_twice_for_one_place_is_fine() {
    let mut map = example();
    let rules = map["sites"][0]["places"][0]["rules"].as_array_mut().expect("rules");
    rules.push(json!({ "kind": "bssid", "bssid": "02:00:5E:10:00:31" }));
    assert_eq!(pointers(&map), Vec::<String>::new());
}

#[test]
fn an_expired_map_is_refused() {
    let mut map = example();
    map["expires"] = json!("2026-11-20T00:00:00Z");
    let found = problems(&map);
    assert_eq!(found[0].pointer, "/expires");
    assert!(found[0].message.contains("expired"), "{found:?}");
}

#[test]
fn addresses_dids_ids_and_header_fields_are_checked_together() {
    let mut map = example();
    map["format"] = json!("locus-map/2");
    map["serial"] = json!(0);
    map["sites"][0]["places"][1]["id"] = json!("chi-hq-f3");
    map["sites"][0]["places"][1]["address"] = json!({ "flr": "" , "unit": "" });
    map["sites"][1]["address"]["pc"] = json!("12345");
    map["sites"][1]["e911_dids"] = json!(["416555010"]);
    let found = pointers(&map);
    assert_eq!(
        found,
        [
            "/format",
            "/serial",
            "/sites/0/places/1/id",
            "/sites/0/places/1/address/flr",
            "/sites/1/e911_dids/0",
            "/sites/1/places/0/address/pc"
        ],
        "{:?}",
        problems(&map)
    );
}

#[test]
fn structural_errors_carry_their_pointer() {
    let mut map = example();
    map["sites"][0]["places"][0]["rules"][1]["colour"] = json!("blue");
    assert_eq!(pointers(&map), ["/sites/0/places/0/rules/1/colour"]);
    let mut map = example();
    map["serial"] = json!("one");
    assert_eq!(pointers(&map), ["/serial"]);
}

#[test]
fn a_truncated_file_says_so() {
    let text = example().to_string();
    let problem = MapDocument::parse(&text.as_bytes()[..text.len() / 2]).expect_err("truncated");
    assert!(problem.message.contains("truncated"), "{problem:?}");
}

#[test]
fn a_rule_field_that_does_not_belong_to_its_kind_is_named() {
    let mut map = example();
    map["sites"][0]["places"][0]["rules"][0]["port"] = json!("Gi1/0/1");
    map["sites"][0]["places"][0]["rules"][5] = json!({ "kind": "ssid", "ssid": "ECC-Corp" });
    map["sites"][0]["places"][1]["rules"][0]["kind"] = json!("vlan");
    assert_eq!(
        pointers(&map),
        ["/sites/0/places/0/rules/0/port", "/sites/0/places/0/rules/5/subnet", "/sites/0/places/1/rules/0/kind"]
    );
}
