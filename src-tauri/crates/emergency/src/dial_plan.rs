//! The dial plan: is a dialed string an emergency call (911, also after a configured outside-line prefix — Kari's
//! Law), an emergency test (933 or the account's carrier test number, e.g. VoIP.ms `15555550911`), or a normal
//! call? It reads every form a number arrives in — the dialer, redial, call history, `tel:` and `sip:` links,
//! `locusctl call` — and tolerates the separators people type. It is the gate of S1: whatever it calls an
//! emergency goes out at once on the emergency path, so it recognises generously but never guesses a number
//! into 911 (`9112`, `19115`, `+1 911` stay normal calls).
//!
//! It does not decide whether a normal call is allowed (policy) or which account places it (core).

use crate::did::E911Settings;
use crate::error::{EmergencyError, FieldProblem};
use crate::phone_text::dial_string;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The emergency number this dial plan serves (US and Canada).
const EMERGENCY_NUMBER: &str = "911";

/// The national emergency test number; always a test, whatever the carrier.
const NATIONAL_TEST_NUMBER: &str = "933";

/// Longest outside-line prefix accepted.
const MAX_PREFIX_DIGITS: usize = 4;

/// What the dial plan needs to know.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct DialPlanConfig {
    /// Outside-line prefixes people are used to dialing first (`9`, `8`). 911 works without them too.
    pub outside_line_prefixes: Vec<String>,
    /// Carrier test numbers of the accounts (`15555550911`); 933 is always a test number.
    pub test_numbers: Vec<String>,
}

impl DialPlanConfig {
    /// The dial plan for these outside-line prefixes and the carrier test numbers of these accounts.
    pub fn for_accounts<'a>(
        outside_line_prefixes: Vec<String>,
        accounts: impl IntoIterator<Item = &'a E911Settings>,
    ) -> Self {
        let mut test_numbers: Vec<String> = Vec::new();
        for number in accounts.into_iter().filter_map(|settings| settings.test_number.clone()) {
            if !test_numbers.contains(&number) {
                test_numbers.push(number);
            }
        }
        Self { outside_line_prefixes, test_numbers }
    }

    /// Every problem, each naming its field (`outside_line_prefixes[0]`, `test_numbers[1]`); empty when valid.
    /// `classify` tolerates an invalid configuration (it ignores the bad entries), so 911 always works.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        for (index, prefix) in self.outside_line_prefixes.iter().enumerate() {
            if prefix_digits(prefix).is_none() {
                problems.push(FieldProblem::new(
                    format!("outside_line_prefixes[{index}]"),
                    format!("\"{prefix}\" is not an outside-line prefix: 1 to {MAX_PREFIX_DIGITS} digits, like 9"),
                ));
            }
        }
        for (index, number) in self.test_numbers.iter().enumerate() {
            let field = format!("test_numbers[{index}]");
            match test_digits(number) {
                None => problems.push(FieldProblem::new(field, format!("\"{number}\" is not a phone number"))),
                Some(digits) if is_emergency_digits(&digits) => {
                    problems.push(FieldProblem::new(field, "911 is the emergency number itself, not a test number"));
                }
                Some(_) => {}
            }
        }
        problems
    }

    /// The configuration if valid, or every problem with it.
    pub fn checked(self) -> Result<Self, EmergencyError> {
        let problems = self.problems();
        if problems.is_empty() { Ok(self) } else { Err(EmergencyError::InvalidDialPlan(problems)) }
    }
}

/// What a dialed string is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DialClassification {
    /// An emergency call: sent at once on the emergency path with the precomputed plan.
    Emergency {
        /// The number to send: always `911`, without the outside-line prefix.
        target: String,
        /// The outside-line prefix the user dialed first, if any.
        outside_line_prefix: Option<String>,
    },
    /// An emergency test call (933, or the carrier's test number): the emergency path exactly, to a test line.
    EmergencyTest {
        /// The number to send, as configured (`933`, `15555550911`), without the outside-line prefix.
        target: String,
        /// The outside-line prefix the user dialed first, if any.
        outside_line_prefix: Option<String>,
    },
    /// Any other call.
    Normal {
        /// A number without separators (`+13125550100`, `*67`), or the SIP address as given.
        target: String,
    },
}

impl DialClassification {
    /// True for emergency and test calls: both take the emergency path (same DID, headers and body).
    pub fn takes_emergency_path(&self) -> bool {
        !matches!(self, DialClassification::Normal { .. })
    }

    /// What to dial.
    pub fn target(&self) -> &str {
        match self {
            DialClassification::Emergency { target, .. }
            | DialClassification::EmergencyTest { target, .. }
            | DialClassification::Normal { target } => target,
        }
    }
}

/// Classifies what the user dialed or clicked: `911`, `9-911`, `(9) 911`, `tel:911`, `sip:911@pbx;user=phone`,
/// `"Emergency" <sip:9911@pbx>`, `urn:service:sos`, `933`, `tel:+1-555-555-0911`, `+1 (312) 555-0100`,
/// `sip:alice@example.com`.
pub fn classify(input: &str, config: &DialPlanConfig) -> DialClassification {
    let text = input.trim();
    let address = angle_bracketed(text).unwrap_or(text);
    let (number, is_sip_address) = match uri_scheme(address) {
        Some(("urn", rest)) if is_sos_service(rest) => return emergency(None),
        Some(("tel", rest)) => (before_parameters(rest), false),
        Some(("sip" | "sips", rest)) => (before_parameters(rest.split('@').next().unwrap_or(rest)), true),
        _ => (address, false),
    };
    let normal = |target: &str| DialClassification::Normal { target: target.to_owned() };
    let Some(compact) = dial_string(number) else { return normal(address) };
    if let Some(classification) = classify_digits(&compact, config) {
        return classification;
    }
    if is_sip_address { normal(address) } else { normal(&compact) }
}

/// True when `digits` (no separators) is the emergency number itself.
pub(crate) fn is_emergency_digits(digits: &str) -> bool {
    digits == EMERGENCY_NUMBER
}

/// Emergency or test, from a compact dial string; `None` for a normal call.
fn classify_digits(compact: &str, config: &DialPlanConfig) -> Option<DialClassification> {
    let international = compact.starts_with('+');
    let digits = compact.trim_start_matches('+');
    // Kari's Law: 911 itself, and 911 after any configured outside-line prefix. Never after a `+`.
    let mut candidates = vec![(digits, None)];
    if !international {
        for prefix in config.outside_line_prefixes.iter().filter_map(|p| prefix_digits(p)) {
            if let Some(rest) = digits.strip_prefix(prefix.as_str()) {
                candidates.push((rest, Some(prefix)));
            }
        }
    }
    if let Some((_, prefix)) = candidates.iter().find(|(rest, _)| !international && is_emergency_digits(rest)) {
        return Some(emergency(prefix.clone()));
    }
    let national_test = (!international).then(|| NATIONAL_TEST_NUMBER.to_owned());
    let tests = national_test.into_iter().chain(config.test_numbers.iter().filter_map(|n| test_digits(n)));
    for test in tests.filter(|t| !is_emergency_digits(t)) {
        if let Some((_, prefix)) = candidates.iter().find(|(rest, _)| same_number(rest, &test)) {
            return Some(DialClassification::EmergencyTest { target: test, outside_line_prefix: prefix.clone() });
        }
    }
    None
}

fn emergency(outside_line_prefix: Option<String>) -> DialClassification {
    DialClassification::Emergency { target: EMERGENCY_NUMBER.to_owned(), outside_line_prefix }
}

/// Equal digits, or the same North American number with and without the leading country code 1.
fn same_number(dialed: &str, configured: &str) -> bool {
    let national = |d: &str| if d.len() == 11 && d.starts_with('1') { d[1..].to_owned() } else { d.to_owned() };
    dialed == configured || (dialed.len() >= 10 && configured.len() >= 10 && national(dialed) == national(configured))
}

/// A prefix as digits, or `None` if it is not 1 to 4 digits.
fn prefix_digits(prefix: &str) -> Option<String> {
    let digits = dial_string(prefix)?;
    let valid = (1..=MAX_PREFIX_DIGITS).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    valid.then_some(digits)
}

/// A configured test number as digits (a leading `+` dropped), or `None` if it is not a number.
fn test_digits(number: &str) -> Option<String> {
    let digits = dial_string(number)?.trim_start_matches('+').to_owned();
    digits.chars().all(|c| c.is_ascii_digit()).then_some(digits)
}

/// `Name <sip:…>` → `sip:…`.
fn angle_bracketed(text: &str) -> Option<&str> {
    let start = text.find('<')? + 1;
    let end = start + text[start..].find('>')?;
    Some(text[start..end].trim())
}

/// `("tel", "911")` for `TEL:911`; `None` when `text` has no scheme (digits only, or a bare name).
fn uri_scheme(text: &str) -> Option<(&'static str, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    ["tel", "sip", "sips", "urn"]
        .into_iter()
        .find(|known| scheme.eq_ignore_ascii_case(known))
        .map(|known| (known, rest))
}

/// `service:sos` and its sub-services (`service:sos.fire`) — RFC 5031.
fn is_sos_service(urn: &str) -> bool {
    let urn = urn.to_ascii_lowercase();
    urn == "service:sos" || urn.starts_with("service:sos.")
}

/// The part before URI parameters or headers: `911;phone-context=+1` → `911`.
fn before_parameters(text: &str) -> &str {
    text.split([';', '?']).next().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> DialPlanConfig {
        DialPlanConfig { outside_line_prefixes: vec!["9".into()], test_numbers: vec!["1-555-555-0911".into()] }
    }

    #[test]
    fn a_bad_configuration_names_each_field_and_911_still_works() {
        let bad = DialPlanConfig {
            outside_line_prefixes: vec!["9".into(), "nine".into(), "12345".into()],
            test_numbers: vec!["911".into(), "call me".into()],
        };
        let fields: Vec<String> =
            bad.clone().checked().expect_err("invalid").problems().iter().map(|p| p.field.clone()).collect();
        assert_eq!(
            fields,
            vec!["outside_line_prefixes[1]", "outside_line_prefixes[2]", "test_numbers[0]", "test_numbers[1]"]
        );
        assert!(classify("911", &bad).takes_emergency_path());
        assert!(classify("9911", &bad).takes_emergency_path());
        assert!(matches!(classify("911", &bad), DialClassification::Emergency { .. }));
    }

    #[test]
    fn normal_numbers_lose_their_separators_and_sip_addresses_stay_whole() {
        assert_eq!(
            classify("+1 (312) 555-0100", &config()),
            DialClassification::Normal { target: "+13125550100".into() }
        );
        assert_eq!(classify("tel:+1-312-555-0100;ext=2", &config()).target(), "+13125550100");
        assert_eq!(classify("<sip:3125550100@pbx.example>", &config()).target(), "sip:3125550100@pbx.example");
        assert_eq!(classify(" alice ", &config()).target(), "alice");
    }

    #[test]
    fn the_test_number_is_sent_as_configured() {
        for dialed in ["15555550911", "5555550911", "+1 555 555 0911", "9 1 555 555 0911", "tel:+1-555-555-0911"] {
            assert_eq!(
                classify(dialed, &config()),
                DialClassification::EmergencyTest {
                    target: "15555550911".into(),
                    outside_line_prefix: dialed.starts_with('9').then(|| "9".to_owned()),
                },
                "{dialed}"
            );
        }
    }

    #[test]
    fn every_account_contributes_its_test_number_once() {
        let voip_ms = E911Settings { test_number: Some("15555550911".into()), ..E911Settings::default() };
        let without = E911Settings::default();
        let config = DialPlanConfig::for_accounts(vec!["9".into()], [&voip_ms, &without, &voip_ms]);
        assert_eq!(config.test_numbers, vec!["15555550911"]);
        assert!(matches!(classify("9 1 555 555 0911", &config), DialClassification::EmergencyTest { .. }));
    }

    #[test]
    fn classification_serialises_with_a_kind_tag() {
        let json = serde_json::to_value(classify("9-911", &config())).expect("json");
        assert_eq!(json, serde_json::json!({"kind": "emergency", "target": "911", "outside_line_prefix": "9"}));
    }
}
