//! Parsing and validating a map in one pass over its bytes: each site is checked and converted as soon as it
//! is read and then dropped, so a 100,000-site map never sits in memory as a whole document next to what it
//! converts to. Gives exactly what `MapDocument::parse` followed by `validate` gives (tested on every map the
//! validation tests use).

use crate::format::{end_of_document, structural_problem};
use crate::validate::{MapHeader, SiteValidator, ValidatedMap};
use crate::{MapProblem, PolicyHints, Site};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use time::OffsetDateTime;

/// Parses and validates a map from its JSON bytes as of `now`, reporting a structural problem alone (as
/// `MapDocument::parse` does) or every semantic problem at once.
pub fn parse_and_validate(bytes: &[u8], now: OffsetDateTime) -> Result<ValidatedMap, Vec<MapProblem>> {
    let mut sites = SiteValidator::default();
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let header = DocumentSeed { sites: &mut sites }
        .deserialize(serde_path_to_error::Deserializer::new(&mut json, &mut track))
        .map_err(|err| vec![structural_problem(serde_path_to_error::Error::new(track.path(), err))])?;
    end_of_document(&mut json).map_err(|problem| vec![problem])?;
    sites.finish(header, now)
}

/// The top-level keys, named as `MapDocument` names them (so unknown keys get the same message).
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Format,
    Org,
    Serial,
    Issued,
    Expires,
    TrustedPublicIps,
    Policy,
    Sites,
}

/// Reads the document's header fields and hands each site to the validator as it goes by.
struct DocumentSeed<'a> {
    sites: &'a mut SiteValidator,
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = MapHeader;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<MapHeader, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_> {
    type Value = MapHeader;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("struct MapDocument")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MapHeader, A::Error> {
        let (mut format, mut org, mut serial, mut issued, mut expires) = (None, None, None, None, None);
        let (mut trusted_public_ips, mut policy, mut sites_seen) = (None::<Vec<String>>, None::<PolicyHints>, false);
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Format => once(&mut format, "format", &mut map)?,
                Field::Org => once(&mut org, "org", &mut map)?,
                Field::Serial => once(&mut serial, "serial", &mut map)?,
                Field::Issued => once(&mut issued, "issued", &mut map)?,
                Field::Expires => once(&mut expires, "expires", &mut map)?,
                Field::TrustedPublicIps => once(&mut trusted_public_ips, "trusted_public_ips", &mut map)?,
                Field::Policy => once(&mut policy, "policy", &mut map)?,
                Field::Sites if sites_seen => return Err(de::Error::duplicate_field("sites")),
                Field::Sites => {
                    sites_seen = true;
                    map.next_value_seed(SitesSeed { sites: &mut *self.sites })?;
                }
            }
        }
        let required = |name: &'static str| de::Error::missing_field(name);
        let header = MapHeader {
            format: format.ok_or_else(|| required("format"))?,
            org: org.ok_or_else(|| required("org"))?,
            serial: serial.ok_or_else(|| required("serial"))?,
            issued: issued.ok_or_else(|| required("issued"))?,
            expires: expires.ok_or_else(|| required("expires"))?,
            trusted_public_ips: trusted_public_ips.unwrap_or_default(),
            policy: policy.unwrap_or_default(),
        };
        if !sites_seen {
            return Err(required("sites"));
        }
        Ok(header)
    }
}

/// Reads a field's value, refusing a field given twice.
fn once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The `sites` array, one site at a time.
struct SitesSeed<'a> {
    sites: &'a mut SiteValidator,
}

impl<'de> DeserializeSeed<'de> for SitesSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SitesSeed<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(site) = seq.next_element::<Site>()? {
            self.sites.site(site);
        }
        Ok(())
    }
}
