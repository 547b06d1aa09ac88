//! S1 at the dial plan: every way 911 can reach the app — typed with or without an outside-line prefix (Kari's
//! Law), with separators, as a `tel:` or `sip:` link from history — is an emergency, and nothing else is.

use locus_emergency::{DialClassification, DialPlanConfig, classify};

fn config() -> DialPlanConfig {
    DialPlanConfig { outside_line_prefixes: vec!["9".into(), "8".into()], test_numbers: vec!["15555550911".into()] }
}

/// `number` written the ways people and links write it.
fn written_forms(number: &str) -> Vec<String> {
    let spaced = number.chars().map(String::from).collect::<Vec<_>>().join(" ");
    let dashed = number.chars().map(String::from).collect::<Vec<_>>().join("-");
    let (head, tail) = number.split_at(number.len() - 3);
    let parenthesised = if head.is_empty() { format!("({tail})") } else { format!("({head}) {tail}") };
    let spellings =
        [number.to_owned(), spaced, dashed, parenthesised, format!("{head}.{tail}"), format!("{head}\u{2013}{tail}")];
    let wrappers = [
        "{}",
        "  {}\t",
        "tel:{}",
        "TEL:{};phone-context=+1",
        "sip:{}@pbx.example",
        "sips:{}@pbx.example;user=phone",
        "<sip:{}@pbx.example>",
        "\"Emergency\" <sip:{}@pbx.example;user=phone>",
    ];
    let mut forms = Vec::new();
    for spelling in &spellings {
        for wrapper in wrappers {
            forms.push(wrapper.replace("{}", spelling));
        }
    }
    forms
}

#[test]
fn every_written_form_of_911_is_an_emergency_sent_as_911() {
    for (dialed, prefix) in [("911", None), ("9911", Some("9")), ("8911", Some("8"))] {
        for form in written_forms(dialed) {
            assert_eq!(
                classify(&form, &config()),
                DialClassification::Emergency { target: "911".into(), outside_line_prefix: prefix.map(String::from) },
                "{form:?}"
            );
        }
    }
}

#[test]
fn nine_one_one_needs_no_prefix_even_where_prefixes_are_configured() {
    let classification = classify("911", &config());
    assert!(classification.takes_emergency_path());
    assert_eq!(classification.target(), "911");
    assert!(classify("911", &DialPlanConfig::default()).takes_emergency_path());
}

#[test]
fn the_rfc_5031_sos_service_urn_is_an_emergency() {
    for urn in ["urn:service:sos", "URN:Service:SOS", "urn:service:sos.fire", "<urn:service:sos.police>"] {
        assert!(matches!(classify(urn, &config()), DialClassification::Emergency { .. }), "{urn}");
    }
    assert!(matches!(classify("urn:service:sosx", &config()), DialClassification::Normal { .. }));
}

#[test]
fn near_misses_are_normal_calls() {
    for dialed in [
        "9112",
        "19115",
        "1911",
        "+1 911",
        "+911",
        "99911",
        "0911",
        "91 12",
        "tel:+1-911",
        "sip:9112@pbx.example",
        "911a",
    ] {
        assert!(matches!(classify(dialed, &config()), DialClassification::Normal { .. }), "{dialed}");
    }
}

#[test]
fn a_prefix_that_is_not_configured_does_not_make_an_emergency() {
    assert!(matches!(classify("9911", &DialPlanConfig::default()), DialClassification::Normal { .. }));
}

/// Every digit string up to five digits: emergency exactly for 911 and prefix + 911, test exactly for 933 and
/// prefix + 933, otherwise a normal call to those digits.
#[test]
fn exhaustively_only_911_and_its_prefixed_forms_are_emergencies() {
    let emergencies = ["911", "9911", "8911"];
    let tests = ["933", "9933", "8933"];
    let config = config();
    let mut checked = 0;
    for length in 1..=5u32 {
        for value in 0..10u32.pow(length) {
            let dialed = format!("{value:0width$}", width = length as usize);
            let classification = classify(&dialed, &config);
            match classification {
                DialClassification::Emergency { .. } => assert!(emergencies.contains(&dialed.as_str()), "{dialed}"),
                DialClassification::EmergencyTest { .. } => assert!(tests.contains(&dialed.as_str()), "{dialed}"),
                DialClassification::Normal { target } => {
                    assert!(!emergencies.contains(&dialed.as_str()) && !tests.contains(&dialed.as_str()), "{dialed}");
                    assert_eq!(target, dialed);
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 111_110);
}

#[test]
fn the_national_933_and_the_carrier_test_number_are_tests_in_every_written_form() {
    for (dialed, target, prefix) in [
        ("933", "933", None),
        ("9933", "933", Some("9")),
        ("15555550911", "15555550911", None),
        ("815555550911", "15555550911", Some("8")),
    ] {
        for form in written_forms(dialed) {
            assert_eq!(
                classify(&form, &config()),
                DialClassification::EmergencyTest {
                    target: target.into(),
                    outside_line_prefix: prefix.map(String::from)
                },
                "{form:?}"
            );
        }
    }
    for link in ["tel:+1-555-555-0911", "sip:+15555550911@voip.ms;user=phone", "+1 (555) 555-0911", "555-555-0911"] {
        assert_eq!(classify(link, &config()).target(), "15555550911", "{link}");
        assert!(classify(link, &config()).takes_emergency_path(), "{link}");
    }
}

#[test]
fn a_test_number_configured_as_911_never_turns_911_into_a_test() {
    let config = DialPlanConfig { outside_line_prefixes: vec![], test_numbers: vec!["911".into()] };
    assert!(matches!(classify("911", &config), DialClassification::Emergency { .. }));
}
