//! Validation of map documents: the documented example is valid, and every kind of bad field is reported with
//! its JSON pointer — all of them at once, not just the first.

use locus_itmap::{MapDocument, MapProblem, ValidatedMap, parse_and_validate, validate};
use locus_location::matcher::RuleKind;
use serde_json::{Value, json};
use time::macros::datetime;

const NOW: time::OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

fn example() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../docs/examples/map-v1.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("example map")).expect("example JSON")
}

/// Both ways of reading a map: the whole document then `validate`, and the streaming `parse_and_validate`
/// the apply pipeline uses. Every test here checks that they agree.
fn both_ways(bytes: &[u8]) -> Result<ValidatedMap, Vec<MapProblem>> {
    let whole = MapDocument::parse(bytes).map_err(|p| vec![p]).and_then(|d| validate(d, NOW));
    let streamed = parse_and_validate(bytes, NOW);
    assert_eq!(whole, streamed, "streaming validation disagrees with whole-document validation");
    whole
}

fn problems(map: &Value) -> Vec<MapProblem> {
    both_ways(map.to_string().as_bytes()).err().unwrap_or_default()
}

fn pointers(map: &Value) -> Vec<String> {
    problems(map).into_iter().map(|p| p.pointer).collect()
}

#[test]
fn the_documented_example_is_valid() {
    let map = both_ways(example().to_string().as_bytes()).expect("valid");
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
fn identifiers_shared_far_beyond_one_place_are_refused() {
    let mut map = example();
    let rules = &mut map["sites"][0]["places"][0]["rules"];
    // A vendor's whole range of access points, and a VRRP router address without a subnet to pin it down.
    rules[1]["bssid"] = json!("a4:c3:f0*");
    rules[3] = json!({ "kind": "gateway_mac", "mac": "00:00:5E:00:01:0A" });
    assert_eq!(pointers(&map), ["/sites/0/places/0/rules/1/bssid", "/sites/0/places/0/rules/3/mac"]);
    let text = problems(&map).into_iter().map(|p| p.message).collect::<Vec<_>>().join("\n");
    assert!(text.contains("fixes only 6 hex digits") && text.contains("virtual router"), "{text}");

    // The same, narrowed to one access point's radios and to one site's subnet, is fine.
    let rules = &mut map["sites"][0]["places"][0]["rules"];
    rules[1]["bssid"] = json!("a4:c3:f0:11:22:3*");
    rules[3] = json!({ "kind": "gateway_mac", "mac": "00:00:5E:00:01:0A", "subnet": "10.3.0.0/24" });
    assert_eq!(pointers(&map), Vec::<String>::new());
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
    let problems = both_ways(&text.as_bytes()[..text.len() / 2]).expect_err("truncated");
    assert!(problems[0].message.contains("truncated"), "{problems:?}");
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

/// The map's text with `sites` first (serde_json would sort the keys, putting most header fields first).
fn sites_first(map: &Value) -> String {
    let object = map.as_object().expect("object");
    let mut fields = vec![format!(r#""sites":{}"#, object.get("sites").unwrap_or(&Value::Null))];
    fields
        .extend(object.iter().filter(|(k, _)| *k != "sites").map(|(k, v)| format!("{}:{v}", Value::from(k.as_str()))));
    format!("{{{}}}", fields.join(","))
}

fn pointers_sites_first(map: &Value) -> Vec<String> {
    both_ways(sites_first(map).as_bytes()).err().unwrap_or_default().into_iter().map(|p| p.pointer).collect()
}

#[test]
fn header_mistakes_read_the_same_whichever_order_the_keys_come_in() {
    let example = example();
    assert!(sites_first(&example).starts_with(r#"{"sites":"#));
    assert_eq!(pointers_sites_first(&example), Vec::<String>::new());

    let mut unknown = example.clone();
    unknown["colour"] = json!("blue");
    assert_eq!(pointers_sites_first(&unknown), ["/colour"]);
    let mut missing = example.clone();
    missing.as_object_mut().expect("object").remove("org");
    let found = both_ways(sites_first(&missing).as_bytes()).expect_err("no org");
    assert!(found[0].message.contains("missing field `org`"), "{found:?}");
    let mut no_sites = example.clone();
    no_sites.as_object_mut().expect("object").remove("sites");
    assert!(problems(&no_sites)[0].message.contains("missing field `sites`"));
    let mut mixed = example;
    mixed["sites"][1]["e911_dids"] = json!(["123"]);
    mixed["serial"] = json!(0);
    assert_eq!(pointers_sites_first(&mixed), ["/serial", "/sites/1/e911_dids/0"], "header problems come first");
    mixed["sites"][1]["places"][0]["rules"][0]["kind"] = json!(7);
    assert_eq!(pointers_sites_first(&mixed), ["/sites/1/places/0/rules/0/kind"]);
}

#[test]
fn a_field_given_twice_or_trailing_data_is_refused_both_ways() {
    let text = example().to_string();
    let twice = format!(r#"{{"org":"Twice Corp",{}"#, &text[1..]);
    let found = both_ways(twice.as_bytes()).expect_err("duplicate org");
    assert!(found[0].message.contains("duplicate field `org`"), "{found:?}");
    let trailing = format!("{text} {{}}");
    let found = both_ways(trailing.as_bytes()).expect_err("trailing data");
    assert!(found[0].message.contains("trailing data"), "{found:?}");
}
