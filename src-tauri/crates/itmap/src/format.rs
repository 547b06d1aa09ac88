//! Map format v1 as Rust types: what an IT department writes (see `docs/map-format.md` and
//! `docs/map-format.schema.json`). These types only describe the shape; `validate` decides what is acceptable.

use locus_location::civic::CivicAddress;
use serde::{Deserialize, Serialize};

/// The value of `format` every v1 map carries.
pub const FORMAT_V1: &str = "locus-map/1";

/// A whole map document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapDocument {
    /// Always `locus-map/1`.
    pub format: String,
    /// Organisation name, shown to users ("Locations provided by …").
    pub org: String,
    /// Monotonic serial: a laptop only applies a map whose serial is greater than the one it has (no rollback).
    pub serial: u64,
    /// When the map was issued (RFC 3339).
    pub issued: String,
    /// When the map stops being valid (RFC 3339); an expired map is refused.
    pub expires: String,
    /// The organisation's public egress ranges (IPv4 or IPv6 CIDR). Subnet and SSID rules only count when the
    /// laptop's public IP is inside one of them.
    #[serde(default)]
    pub trusted_public_ips: Vec<String>,
    /// Policy hints for the client.
    #[serde(default)]
    pub policy: PolicyHints,
    /// Sites (buildings or campuses).
    pub sites: Vec<Site>,
}

/// Policy hints carried by the map.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyHints {
    /// Ask users to re-confirm a personal location older than this many days (1–3650).
    #[serde(default)]
    pub reconfirm_after_days: Option<u32>,
    /// Restrict non-emergency calls until the location is confirmed (emergency calls are never restricted).
    #[serde(default)]
    pub restrict_calls_until_confirmed: Option<bool>,
}

/// A site: one civic address (a building), holding one or more places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Unique id within the map (letters, digits, `.`, `_`, `-`).
    pub id: String,
    /// Human name, e.g. "Chicago HQ".
    pub name: String,
    /// The building's civic address; places inherit it.
    pub address: CivicAddress,
    /// E911 DIDs (10 digits) for every place of this site that names none of its own.
    #[serde(default)]
    pub e911_dids: Vec<String>,
    /// The places in this site.
    pub places: Vec<Place>,
}

/// A place: what a caller is located to (a floor, wing, room or the whole building).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Unique id within the map; becomes the location id on the laptop.
    pub id: String,
    /// Human name, e.g. "Floor 3, east wing".
    pub name: String,
    /// Fields that refine the site's address (FLR, UNIT, ROOM, …); any field given here replaces the site's.
    #[serde(default)]
    pub address: CivicAddress,
    /// E911 DIDs for this place; when empty the site's apply.
    #[serde(default)]
    pub e911_dids: Vec<String>,
    /// Network identifiers that mean "the laptop is here".
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}

/// One network rule (boxed strings: a map can hold a million of these). `kind` says which of the other fields
/// apply:
/// `bssid` (`bssid`, a trailing `*` makes it a wildcard), `switch` (`chassis`, optional `port`),
/// `gateway_mac` (`mac`, optional `subnet`), `subnet` (`cidr`), `ssid` (`ssid` and `subnet`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// `bssid`, `switch`, `gateway_mac`, `subnet` or `ssid`.
    pub kind: Box<str>,
    /// Access point BSSID, or a wildcard such as `a4:c3:f0:11:22:3*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bssid: Option<Box<str>>,
    /// LLDP chassis id of the switch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chassis: Option<Box<str>>,
    /// LLDP port id on that switch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Box<str>>,
    /// The router's MAC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<Box<str>>,
    /// IPv4 subnet (CIDR) for `subnet` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<Box<str>>,
    /// IPv4 subnet (CIDR) qualifying a `gateway_mac` or `ssid` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet: Option<Box<str>>,
    /// Wi-Fi network name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssid: Option<Box<str>>,
}

impl MapDocument {
    /// Parses a map from JSON bytes. A structural problem (wrong type, unknown field, missing field) is reported
    /// with its JSON pointer; semantic checks are `validate`'s job.
    pub fn parse(bytes: &[u8]) -> Result<Self, crate::MapProblem> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let document = serde_path_to_error::deserialize(&mut deserializer).map_err(structural_problem)?;
        end_of_document(&mut deserializer)?;
        Ok(document)
    }
}

/// A structural problem (wrong type, unknown or missing field, bad JSON) at its JSON pointer.
pub(crate) fn structural_problem(err: serde_path_to_error::Error<serde_json::Error>) -> crate::MapProblem {
    let pointer = pointer_of(err.path());
    let inner = err.into_inner();
    let message =
        if inner.is_eof() { format!("the file ends too early (truncated?): {inner}") } else { inner.to_string() };
    crate::MapProblem::new(pointer, message)
}

/// Only whitespace may follow the map.
pub(crate) fn end_of_document(
    deserializer: &mut serde_json::Deserializer<serde_json::de::SliceRead<'_>>,
) -> Result<(), crate::MapProblem> {
    deserializer.end().map_err(|err| crate::MapProblem::new("", format!("trailing data after the map: {err}")))
}

/// The JSON pointer of a serde path (`sites[3].places[0].id` → `/sites/3/places/0/id`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&crate::problems::escape_token(key))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}
