//! Sites and places: one site per civic address that passes civic validation, one place per location, and a
//! whole-building place where Teams has a default location or nothing else.

use super::source::{Row, Table};
use super::{CIVIC_ADDRESSES, Import, Origin, PlaceDraft, SiteDraft, note, values};
use crate::{MapError, Place, Site};
use locus_location::civic::{self, CivicAddress};

impl Import {
    /// One site per civic address whose address passes civic validation.
    pub(super) fn civic_addresses(&mut self, table: &Table) -> Result<(), MapError> {
        let id = table.required("CivicAddressId")?;
        let hno = Some(table.required("HouseNumber")?);
        let rd = Some(table.required("StreetName")?);
        let a3 = Some(table.required("City")?);
        let a1 = Some(table.required("StateOrProvince")?);
        let pc = Some(table.required("PostalCode")?);
        let country = Some(table.required("CountryOrRegion")?);
        let [hns, prd, sts, pod, nam, description, default] = [
            "HouseNumberSuffix",
            "PreDirectional",
            "StreetSuffix",
            "PostDirectional",
            "CompanyName",
            "Description",
            "DefaultLocationId",
        ]
        .map(|name| table.column(name));
        for row in &table.rows {
            let origin = (table.file, row.line);
            let civic_id = row.get(Some(id));
            if civic_id.is_empty() {
                note(&mut self.notes, origin, "left out: the row has no CivicAddressId".into());
                continue;
            }
            let key = values::key(civic_id);
            if let Some(first) = self.civic_lines.get(&key) {
                note(
                    &mut self.notes,
                    origin,
                    format!("left out: CivicAddressId {civic_id} already appears on line {first}"),
                );
                continue;
            }
            self.civic_lines.insert(key.clone(), row.line);
            let country = row.get(country).to_ascii_uppercase();
            let address = CivicAddress {
                a1: values::region_code(&country, row.get(a1)),
                country,
                a3: row.get(a3).to_owned(),
                prd: row.get(prd).to_owned(),
                rd: row.get(rd).to_owned(),
                sts: row.get(sts).to_owned(),
                pod: row.get(pod).to_owned(),
                hno: row.get(hno).to_owned(),
                hns: row.get(hns).to_owned(),
                pc: row.get(pc).to_ascii_uppercase(),
                nam: row.get(nam).to_owned(),
                ..CivicAddress::default()
            };
            let default_location = row.get(default).to_owned();
            let validation = civic::validate(&address);
            let site_id = values::map_id(civic_id);
            let refused = if !validation.is_valid() {
                let problems: Vec<String> =
                    validation.problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect();
                Some(format!(
                    "civic address {civic_id} fails address validation, so neither it nor its locations are imported \
                     ({})",
                    problems.join(" ")
                ))
            } else if !self.site_ids.insert(site_id.clone()) {
                Some(format!("CivicAddressId {civic_id} becomes site id {site_id}, which another civic address has"))
            } else {
                None
            };
            if let Some(reason) = refused {
                note(&mut self.notes, origin, format!("left out: {reason}"));
                self.left_out_sites.insert(key, origin);
                if !default_location.is_empty() {
                    self.left_out_places.insert(values::key(&default_location), origin);
                }
                continue;
            }
            let name = match row.get(description) {
                "" => address.one_line(),
                text => text.to_owned(),
            };
            self.site_by_key.insert(key, self.sites.len());
            let site = Site { id: site_id, name, address, e911_dids: Vec::new(), places: Vec::new() };
            self.sites.push(SiteDraft { site, origin, default_location, places: Vec::new() });
        }
        Ok(())
    }

    /// One place per location of an imported civic address.
    pub(super) fn locations(&mut self, table: &Table) -> Result<(), MapError> {
        let (id, civic_id, text) =
            (table.required("LocationId")?, table.required("CivicAddressId")?, table.required("Location")?);
        for row in &table.rows {
            let origin = (table.file, row.line);
            if let Err(reason) = self.location(row, origin, [id, civic_id, text]) {
                note(&mut self.notes, origin, format!("left out: {reason}"));
            }
        }
        Ok(())
    }

    fn location(&mut self, row: &Row, origin: Origin, [id, civic_id, text]: [usize; 3]) -> Result<(), String> {
        let (location_id, civic_id, text) = (row.get(Some(id)), row.get(Some(civic_id)), row.get(Some(text)));
        if location_id.is_empty() {
            return Err("the row has no LocationId".into());
        }
        let key = values::key(location_id);
        if let Some(first) = self.location_lines.get(&key) {
            return Err(format!("LocationId {location_id} already appears on line {first}"));
        }
        self.location_lines.insert(key.clone(), origin.1);
        let site_index = match self.site_by_key.get(&values::key(civic_id)) {
            Some(&index) => index,
            None => {
                self.left_out_places.insert(key, origin);
                return Err(match self.left_out_sites.get(&values::key(civic_id)) {
                    _ if civic_id.is_empty() => format!("location {location_id} has no CivicAddressId"),
                    Some((file, line)) => {
                        format!(
                            "location {location_id} belongs to civic address {civic_id}, left out ({file} line {line})"
                        )
                    }
                    None => format!(
                        "location {location_id} names CivicAddressId {civic_id}, which is not in {CIVIC_ADDRESSES}"
                    ),
                });
            }
        };
        let place_id = values::map_id(location_id);
        if !self.place_ids.insert(place_id.clone()) {
            self.left_out_places.insert(key, origin);
            return Err(format!("LocationId {location_id} becomes place id {place_id}, which another location has"));
        }
        let site = &mut self.sites[site_index];
        let default = values::key(&site.default_location) == key;
        let (name, address) = if text.is_empty() {
            (site.site.name.clone(), CivicAddress::default())
        } else {
            let floor = values::floor_of(text).unwrap_or_default();
            let address = CivicAddress { loc: text.to_owned(), flr: floor, ..CivicAddress::default() };
            (format!("{}, {text}", site.site.name), address)
        };
        let place = Place { id: place_id, name, address, e911_dids: Vec::new(), rules: Vec::new() };
        self.place_by_key.insert(key, (site_index, site.places.len()));
        site.places.push(PlaceDraft { place, origin, default, rule_origins: Vec::new() });
        Ok(())
    }

    /// A whole-building place for each site whose default location is not in `locations.csv`, and for each site
    /// left with no place at all.
    pub(super) fn whole_building_places(&mut self) {
        for (site_index, draft) in self.sites.iter_mut().enumerate() {
            let default_key = values::key(&draft.default_location);
            for step in 0..2 {
                let (place_id, key) = match step {
                    0 if !default_key.is_empty() && !self.location_lines.contains_key(&default_key) => {
                        (values::map_id(&draft.default_location), Some(default_key.clone()))
                    }
                    1 if draft.places.is_empty() => {
                        let stem: String = draft.site.id.chars().take(values::MAX_ID - ".building".len()).collect();
                        (format!("{stem}.building"), None)
                    }
                    _ => continue,
                };
                if !self.place_ids.insert(place_id.clone()) {
                    let message = format!(
                        "left out: the whole-building place of civic address {} would get place id {place_id}, which a \
                         location has",
                        draft.site.id
                    );
                    note(&mut self.notes, draft.origin, message);
                    continue;
                }
                if let Some(key) = key {
                    self.place_by_key.insert(key, (site_index, draft.places.len()));
                }
                let place = Place {
                    id: place_id,
                    name: draft.site.name.clone(),
                    address: CivicAddress::default(),
                    e911_dids: Vec::new(),
                    rules: Vec::new(),
                };
                draft.places.push(PlaceDraft { place, origin: draft.origin, default: true, rule_origins: Vec::new() });
            }
        }
    }
}
