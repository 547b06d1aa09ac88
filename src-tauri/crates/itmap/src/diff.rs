//! What changed between two maps, for administrators reviewing a map before signing it
//! (`locusctl map diff OLD NEW`): header fields, trusted ranges, places (added, removed, renamed, address
//! fields, DIDs) and rules, each as one human-readable line.

use crate::convert::{effective_address, rule_from_spec};
use crate::{MapDocument, RuleSpec};
use locus_location::civic::CivicAddress;
use std::collections::{BTreeMap, BTreeSet};

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A top-level field changed: (field, old, new).
    Field(String, String, String),
    /// A trusted public IP range appeared.
    TrustedAdded(String),
    /// A trusted public IP range disappeared.
    TrustedRemoved(String),
    /// A place appeared: (id, name, one-line address).
    PlaceAdded(String, String, String),
    /// A place disappeared: (id, name).
    PlaceRemoved(String, String),
    /// A place's field changed: (place id, field, old, new).
    PlaceChanged(String, String, String, String),
    /// A rule now points at a place: (place id, rule text).
    RuleAdded(String, String),
    /// A rule no longer points at a place: (place id, rule text).
    RuleRemoved(String, String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Field(field, old, new) => write!(f, "~ {field}: {old} → {new}"),
            Change::TrustedAdded(cidr) => write!(f, "+ trusted public IP range {cidr}"),
            Change::TrustedRemoved(cidr) => write!(f, "- trusted public IP range {cidr}"),
            Change::PlaceAdded(id, name, address) => write!(f, "+ place {id} \"{name}\": {address}"),
            Change::PlaceRemoved(id, name) => write!(f, "- place {id} \"{name}\""),
            Change::PlaceChanged(id, field, old, new) => write!(f, "~ place {id} {field}: \"{old}\" → \"{new}\""),
            Change::RuleAdded(id, rule) => write!(f, "+ rule {rule} → place {id}"),
            Change::RuleRemoved(id, rule) => write!(f, "- rule {rule} → place {id}"),
        }
    }
}

#[derive(Debug)]
struct PlaceView {
    name: String,
    address: CivicAddress,
    dids: Vec<String>,
}

/// Every change from `old` to `new`, in a stable order (header, trusted ranges, places, rules).
pub fn diff(old: &MapDocument, new: &MapDocument) -> Vec<Change> {
    let mut changes = Vec::new();
    let header = |m: &MapDocument| {
        [
            ("org", m.org.clone()),
            ("serial", m.serial.to_string()),
            ("issued", m.issued.clone()),
            ("expires", m.expires.clone()),
            ("policy.reconfirm_after_days", format!("{:?}", m.policy.reconfirm_after_days)),
            ("policy.restrict_calls_until_confirmed", format!("{:?}", m.policy.restrict_calls_until_confirmed)),
        ]
    };
    for ((field, a), (_, b)) in header(old).into_iter().zip(header(new)) {
        if a != b {
            changes.push(Change::Field(field.into(), a, b));
        }
    }
    let (old_trusted, new_trusted): (BTreeSet<_>, BTreeSet<_>) =
        (old.trusted_public_ips.iter().collect(), new.trusted_public_ips.iter().collect());
    changes.extend(new_trusted.difference(&old_trusted).map(|c| Change::TrustedAdded((*c).clone())));
    changes.extend(old_trusted.difference(&new_trusted).map(|c| Change::TrustedRemoved((*c).clone())));

    let (old_places, new_places) = (places(old), places(new));
    for (id, place) in &new_places {
        match old_places.get(id) {
            None => changes.push(Change::PlaceAdded(id.clone(), place.name.clone(), place.address.one_line())),
            Some(before) => changes.extend(place_changes(id, before, place)),
        }
    }
    for (id, place) in &old_places {
        if !new_places.contains_key(id) {
            changes.push(Change::PlaceRemoved(id.clone(), place.name.clone()));
        }
    }
    let (old_rules, new_rules) = (rules(old), rules(new));
    changes.extend(new_rules.difference(&old_rules).map(|(id, rule)| Change::RuleAdded(id.clone(), rule.clone())));
    changes.extend(old_rules.difference(&new_rules).map(|(id, rule)| Change::RuleRemoved(id.clone(), rule.clone())));
    changes
}

fn places(map: &MapDocument) -> BTreeMap<String, PlaceView> {
    let mut out = BTreeMap::new();
    for site in &map.sites {
        for place in &site.places {
            let dids = if place.e911_dids.is_empty() { &site.e911_dids } else { &place.e911_dids };
            let view = PlaceView {
                name: place.name.clone(),
                address: effective_address(&site.address, &place.address),
                dids: dids.clone(),
            };
            out.insert(place.id.clone(), view);
        }
    }
    out
}

fn place_changes(id: &str, before: &PlaceView, after: &PlaceView) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut field = |name: &str, a: String, b: String| {
        if a != b {
            changes.push(Change::PlaceChanged(id.into(), name.into(), a, b));
        }
    };
    field("name", before.name.clone(), after.name.clone());
    let (a, b) = (address_fields(&before.address), address_fields(&after.address));
    for ((name, x), (_, y)) in a.into_iter().zip(b) {
        field(&format!("address.{name}"), x, y);
    }
    field("e911_dids", before.dids.join(", "), after.dids.join(", "));
    changes
}

fn address_fields(address: &CivicAddress) -> Vec<(String, String)> {
    match serde_json::to_value(address) {
        Ok(serde_json::Value::Object(fields)) => fields
            .into_iter()
            .map(|(k, v)| (k, v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())))
            .collect(),
        _ => Vec::new(),
    }
}

fn rules(map: &MapDocument) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for place in map.sites.iter().flat_map(|s| &s.places) {
        for spec in &place.rules {
            out.insert((place.id.clone(), rule_text(spec, &place.id)));
        }
    }
    out
}

fn rule_text(spec: &RuleSpec, place_id: &str) -> String {
    match rule_from_spec(spec.clone(), place_id) {
        Ok(rule) => format!("{} {}", rule.kind.name(), rule.value),
        Err(_) => format!("(invalid) {}", serde_json::to_string(spec).unwrap_or_default()),
    }
}
