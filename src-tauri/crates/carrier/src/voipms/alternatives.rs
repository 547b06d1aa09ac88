//! Turning VoIP.ms's `alternatives` (sent with `invalid_address`) into addresses the user can accept or reject.
//! Two shapes are read: an object of field → value or list of values (the n-th suggestion takes each field's
//! n-th value, or its last), and a list of objects, one per suggestion. A change that only differs in case,
//! spacing or abbreviation is not a change (the carrier upper-cases what it stores). Pure.

use std::collections::BTreeMap;

use locus_location::civic::CivicAddress;
use serde_json::Value;

use super::fields::{LOCATION_FIELDS, apply_fields, canonical_field};
use crate::model::{CarrierForm, FieldChange, SuggestedAddress};
use crate::normalize::same_value;

/// The distinct, real corrections in `alternatives` to the address `ours`, which was sent as `sent`.
pub(crate) fn suggestions(alternatives: &Value, ours: &CivicAddress, sent: &CarrierForm) -> Vec<SuggestedAddress> {
    let mut found: Vec<SuggestedAddress> = Vec::new();
    for candidate in candidates(alternatives) {
        let Some(suggestion) = suggestion(&candidate, ours, sent) else { continue };
        if !found.iter().any(|f| f.address == suggestion.address) {
            found.push(suggestion);
        }
    }
    found
}

fn candidates(alternatives: &Value) -> Vec<BTreeMap<String, String>> {
    match alternatives {
        Value::Object(fields) => {
            let columns: Vec<(String, Vec<String>)> = fields
                .iter()
                .map(|(field, values)| {
                    let values = match values {
                        Value::Array(items) => items.iter().filter_map(scalar).collect(),
                        other => scalar(other).into_iter().collect(),
                    };
                    (canonical_field(field).to_owned(), values)
                })
                .filter(|(_, values): &(String, Vec<String>)| !values.is_empty())
                .collect();
            let rows = columns.iter().map(|(_, values)| values.len()).max().unwrap_or(0);
            (0..rows)
                .map(|row| {
                    columns
                        .iter()
                        .map(|(field, values)| (field.clone(), values[row.min(values.len() - 1)].clone()))
                        .collect()
                })
                .collect()
        }
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_object)
            .map(|fields| {
                fields.iter().filter_map(|(k, v)| Some((canonical_field(k).to_owned(), scalar(v)?))).collect()
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A JSON string or number as text.
pub(crate) fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn suggestion(
    candidate: &BTreeMap<String, String>,
    ours: &CivicAddress,
    sent: &CarrierForm,
) -> Option<SuggestedAddress> {
    let mut changes = Vec::new();
    let mut overlay = BTreeMap::new();
    for (field, suggested) in candidate {
        if !LOCATION_FIELDS.contains(&field.as_str()) {
            continue;
        }
        let current = sent.location.get(field).cloned().unwrap_or_default();
        if same_value(&current, suggested) {
            continue;
        }
        changes.push(FieldChange { field: field.clone(), current, suggested: suggested.clone() });
        overlay.insert(field.clone(), suggested.clone());
    }
    if changes.is_empty() {
        return None;
    }
    // The designator is one pair: a correction of either half keeps the other half as sent.
    for half in ["address_type", "address_number"] {
        if overlay.contains_key("address_type") || overlay.contains_key("address_number") {
            overlay.entry(half.to_owned()).or_insert_with(|| sent.location.get(half).cloned().unwrap_or_default());
        }
    }
    let mut address = ours.clone();
    apply_fields(&mut address, &overlay);
    Some(SuggestedAddress { address, changes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voipms::VoipMsSettings;
    use crate::voipms::fields::{to_civic, to_form};
    use serde_json::json;

    /// A Monsey address as VoIP.ms would hold it (the postal town, not the municipality).
    fn monsey() -> CivicAddress {
        let record = [
            ("street_number", "30"),
            ("street_name", "Robert Pitt Dr"),
            ("address_type", "Suite"),
            ("address_number", "200"),
            ("city", "Monsey"),
            ("state", "NY"),
            ("country", "US"),
            ("zip_code", "10952"),
            ("full_name", "Acme Bakery"),
        ];
        to_civic(&record.map(|(k, v)| (k.to_owned(), v.to_owned())).into())
    }

    fn sent() -> CarrierForm {
        to_form(&monsey(), &VoipMsSettings::new("api@example.test", "e911@example.test")).expect("form")
    }

    #[test]
    fn a_field_map_gives_one_suggestion_per_value() {
        let alternatives = json!({ "city": ["Spring Valley", "Airmont"], "street_name": "ROBERT PITT DR" });
        let found = suggestions(&alternatives, &monsey(), &sent());
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].address.a3, "Spring Valley");
        assert_eq!(found[1].address.a3, "Airmont");
        assert_eq!(
            found[0].changes,
            vec![FieldChange { field: "city".into(), current: "Monsey".into(), suggested: "Spring Valley".into() }],
            "the street only changed case, so it is not a change"
        );
        assert_eq!(found[0].address.rd, "Robert Pitt", "case-only changes are not applied either");
    }

    #[test]
    fn a_list_of_addresses_gives_one_suggestion_each() {
        let alternatives = json!([
            { "street_number": "30", "street_name": "Robert Pitt Drive", "city": "Spring Valley", "zip_code": "10977" },
            { "street_number": 32, "city": "Monsey" }
        ]);
        let found = suggestions(&alternatives, &monsey(), &sent());
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].address.a3.as_str(), found[0].address.pc.as_str()), ("Spring Valley", "10977"));
        assert_eq!(found[1].address.hno, "32");
        assert_eq!(found[1].changes.len(), 1);
    }

    #[test]
    fn nothing_usable_gives_no_suggestion() {
        assert!(suggestions(&json!({ "city": ["MONSEY"] }), &monsey(), &sent()).is_empty());
        assert!(suggestions(&json!("see the portal"), &monsey(), &sent()).is_empty());
        assert!(suggestions(&Value::Null, &monsey(), &sent()).is_empty());
    }

    #[test]
    fn a_corrected_unit_number_keeps_the_unit_type() {
        let found = suggestions(&json!({ "address_number": "210" }), &monsey(), &sent());
        assert_eq!(found[0].address.unit, "Suite 210");
    }
}
