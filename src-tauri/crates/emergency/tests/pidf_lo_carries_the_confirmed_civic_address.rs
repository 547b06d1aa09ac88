//! The PIDF-LO (RFC 4119 / 5139 / 5491), parsed with a real XML parser: the presence entity is the callback
//! DID, the location is a civic address in a `dm:device` with the CLDXF elements of the confirmed location —
//! only the non-empty ones, every value intact however odd — a method and an RFC 3339 timestamp.

mod common;

use common::*;
use locus_emergency::{LocationMethod, PidfLoInput, build_pidf_lo};
use locus_location::civic::CivicAddress;
use locus_location::matcher::HowObtained;
use roxmltree::{Document, Node};

const PIDF: &str = "urn:ietf:params:xml:ns:pidf";
const DATA_MODEL: &str = "urn:ietf:params:xml:ns:pidf:data-model";
const GEOPRIV: &str = "urn:ietf:params:xml:ns:pidf:geopriv10";
const CIVIC: &str = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr";
const BASIC_POLICY: &str = "urn:ietf:params:xml:ns:basicPolicy";

fn child<'a, 'input>(node: Node<'a, 'input>, namespace: &str, name: &str) -> Node<'a, 'input> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().namespace() == Some(namespace) && n.tag_name().name() == name)
        .unwrap_or_else(|| panic!("no {namespace} {name} under {:?}", node.tag_name()))
}

fn civic_elements(document: &Document<'_>) -> Vec<(String, String)> {
    let civic = document.descendants().find(|n| n.has_tag_name((CIVIC, "civicAddress"))).expect("ca:civicAddress");
    civic
        .children()
        .filter(|n| n.is_element())
        .map(|n| {
            assert_eq!(n.tag_name().namespace(), Some(CIVIC));
            (n.tag_name().name().to_owned(), n.text().unwrap_or_default().to_owned())
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn the_location_by_value_plan_carries_the_confirmed_address_in_a_device() {
    let plan = Scenario::location_by_value_at_office().plan();
    let xml = plan.pidf_lo().expect("a PIDF-LO with location by value");
    let document = Document::parse(xml).expect("well-formed XML");
    let presence = document.root_element();
    assert!(presence.has_tag_name((PIDF, "presence")));
    assert_eq!(presence.attribute("entity"), Some("tel:+13125550100"));

    let device = child(presence, DATA_MODEL, "device");
    let geopriv = child(device, GEOPRIV, "geopriv");
    child(child(geopriv, GEOPRIV, "location-info"), CIVIC, "civicAddress");
    assert_eq!(child(geopriv, GEOPRIV, "method").text(), Some("Wiremap"));
    let rules = child(geopriv, GEOPRIV, "usage-rules");
    assert_eq!(child(rules, BASIC_POLICY, "retransmission-allowed").text(), Some("true"));
    assert_eq!(child(rules, BASIC_POLICY, "retention-expiry").text(), Some("2025-03-02T12:00:00Z"));
    assert_eq!(child(device, DATA_MODEL, "timestamp").text(), Some("2025-03-01T12:00:00Z"));
    assert_eq!(child(device, DATA_MODEL, "deviceID").text(), Some("urn:uuid:6f0c2b1e-8d8e-4a52-9a55-3f1c2d4e5f60"));

    assert_eq!(
        civic_elements(&document),
        pairs(&[
            ("country", "US"),
            ("A1", "IL"),
            ("A2", "Cook"),
            ("A3", "Chicago"),
            ("PRD", "N"),
            ("RD", "Wacker"),
            ("STS", "Dr"),
            ("HNO", "233"),
            ("FLR", "12"),
            ("NAM", "Acme Logistics"),
            ("PC", "60606"),
            ("UNIT", "1200"),
        ])
    );
}

#[test]
fn every_cldxf_field_maps_to_its_element_and_hostile_text_survives() {
    let address = CivicAddress {
        country: "CA".into(),
        a1: "QC".into(),
        a2: "Communauté <urbaine>".into(),
        a3: "Montréal".into(),
        prd: "E".into(),
        rd: "Sainte-Catherine".into(),
        sts: "Rue".into(),
        pod: "O".into(),
        hno: "1000".into(),
        hns: "½".into(),
        loc: "Entrée \"B\" & côté 'nord'".into(),
        flr: "3".into(),
        unit: "300".into(),
        room: "B&B <2>".into(),
        seat: "42".into(),
        bld: "Tour ]]> A".into(),
        pc: "H3B 1A1".into(),
        nam: "Dupont & Fils".into(),
        multi_storey: true,
    };
    let xml = build_pidf_lo(&PidfLoInput {
        entity: "pres:alice@pbx.example",
        address: &address,
        method: LocationMethod::Manual,
        device_id: None,
        timestamp: NOW,
    });
    let document = Document::parse(&xml).expect("well-formed XML");
    assert_eq!(document.root_element().attribute("entity"), Some("pres:alice@pbx.example"));
    assert_eq!(
        civic_elements(&document),
        pairs(&[
            ("country", "CA"),
            ("A1", "QC"),
            ("A2", "Communauté <urbaine>"),
            ("A3", "Montréal"),
            ("PRD", "E"),
            ("RD", "Sainte-Catherine"),
            ("STS", "Rue"),
            ("POD", "O"),
            ("HNO", "1000"),
            ("HNS", "½"),
            ("LOC", "Entrée \"B\" & côté 'nord'"),
            ("FLR", "3"),
            ("NAM", "Dupont & Fils"),
            ("PC", "H3B 1A1"),
            ("BLD", "Tour ]]> A"),
            ("UNIT", "300"),
            ("ROOM", "B&B <2>"),
            ("SEAT", "42"),
        ])
    );
    assert!(!document.descendants().any(|n| n.has_tag_name((DATA_MODEL, "deviceID"))));
}

#[test]
fn a_user_confirmed_location_is_manual() {
    let mut scenario = Scenario::location_by_value_at_office();
    scenario.location = Some(place("home", home(), HowObtained::UserConfirmed));
    let plan = scenario.plan();
    let document = Document::parse(plan.pidf_lo().expect("pidf")).expect("xml");
    let method = document.descendants().find(|n| n.has_tag_name((GEOPRIV, "method"))).expect("method");
    assert_eq!(method.text(), Some("Manual"));
    assert_eq!(civic_elements(&document).len(), 7, "only the non-empty fields of the home address");
}

#[test]
fn no_pidf_lo_without_location_by_value_or_without_a_confirmed_location() {
    assert_eq!(Scenario::did_pool_at_home().plan().pidf_lo(), None);
    assert_eq!(Scenario::carrier_update_at_office().plan().pidf_lo(), None);
    let mut unconfirmed = Scenario::location_by_value_at_office();
    unconfirmed.location.iter_mut().for_each(|l| l.confirmed = false);
    let plan = unconfirmed.plan();
    assert_eq!(plan.pidf_lo(), None);
    assert_eq!(plan.invite_parts().header("Geolocation"), None);
}
