//! Civic addresses with PIDF-LO / NENA CLDXF field names (RFC 4119, 5139, 5491), and their validation for the
//! United States and Canada, the two countries E911 serves. Every problem names its field; a location is
//! *dispatchable* (RAY BAUM'S Act) only with a valid street address plus the floor, unit or room needed to find
//! the caller in a multi-storey building.

mod abbreviations;
mod regions;
mod validate;

pub use abbreviations::{is_direction, is_street_suffix, normalize_street_word, street_abbreviation};
pub use validate::{AddressProblem, Validation, validate};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A civic address. Field names follow CLDXF / RFC 5139 so the PIDF-LO builder maps them one to one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CivicAddress {
    /// ISO 3166-1 alpha-2 country code: `US` or `CA`.
    pub country: String,
    /// State or province, two-letter code (`A1`).
    pub a1: String,
    /// County or regional municipality (`A2`), optional.
    pub a2: String,
    /// Incorporated municipality (`A3`): the city the 911 database knows, not the postal town.
    pub a3: String,
    /// Street pre-direction (`PRD`), e.g. `N`.
    pub prd: String,
    /// Street name (`RD`), e.g. `Main`.
    pub rd: String,
    /// Street suffix (`STS`), e.g. `St`, `Ave`.
    pub sts: String,
    /// Street post-direction (`POD`), e.g. `NW`.
    pub pod: String,
    /// House number (`HNO`), digits only, kept apart from the street name.
    pub hno: String,
    /// House number suffix (`HNS`), e.g. `A`, `1/2`.
    pub hns: String,
    /// Additional location text (`LOC`), e.g. "north entrance".
    pub loc: String,
    /// Floor (`FLR`).
    pub flr: String,
    /// Unit, suite or apartment (`UNIT`).
    pub unit: String,
    /// Room (`ROOM`).
    pub room: String,
    /// Seat or desk (`SEAT`).
    pub seat: String,
    /// Building (`BLD`).
    pub bld: String,
    /// Postal code (`PC`): ZIP / ZIP+4 or Canadian postal code.
    pub pc: String,
    /// Occupant or business name (`NAM`).
    pub nam: String,
    /// True when the address is a building with more than one floor or unit, so floor/unit/room is needed to
    /// find the caller. Asked by the address form.
    pub multi_storey: bool,
}

impl CivicAddress {
    /// One line for people and notifications: "123 N Main St NW, Floor 3, Suite 300, Springfield, IL 62701, US".
    pub fn one_line(&self) -> String {
        let number = [self.hno.as_str(), self.hns.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let street = [number.as_str(), &self.prd, &self.rd, &self.sts, &self.pod]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let mut parts = vec![street];
        for (label, value) in
            [("Building", &self.bld), ("Floor", &self.flr), ("Unit", &self.unit), ("Room", &self.room)]
        {
            if !value.is_empty() {
                parts.push(format!("{label} {value}"));
            }
        }
        if !self.loc.is_empty() {
            parts.push(self.loc.clone());
        }
        parts.push(self.a3.clone());
        parts.push(format!("{} {}", self.a1, self.pc).trim().to_owned());
        parts.push(self.country.clone());
        parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", ")
    }
}
