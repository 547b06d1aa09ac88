//! Microsoft Teams LIS importer: turns a directory of Teams Location Information Service CSV exports (civic
//! addresses, locations, and the subnet, wireless access point, switch and port wiremap) into an IT map v1
//! document, with a note naming the file and line of every row it could not map. See `docs/teams-import.md`.

mod sites;
mod source;
mod values;
mod wiremap;

use crate::{FORMAT_V1, MapDocument, MapError, Place, PolicyHints, RuleSpec, Site};
use locus_location::matcher::RuleKind;
use source::Listing;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use wiremap::Network;

const CIVIC_ADDRESSES: &str = "civic-addresses.csv";
const LOCATIONS: &str = "locations.csv";
const SUBNETS: &str = "subnets.csv";
const ACCESS_POINTS: &str = "wireless-access-points.csv";
const SWITCHES: &str = "switches.csv";
const PORTS: &str = "ports.csv";
/// Every file read, in the order notes are sorted by.
const FILES: [&str; 6] = [CIVIC_ADDRESSES, LOCATIONS, SUBNETS, ACCESS_POINTS, SWITCHES, PORTS];

/// What the map needs besides the Teams data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamsImportOptions {
    /// Organisation name shown to users ("Locations provided by …").
    pub org: String,
    /// Map serial; laptops only apply a map with a greater serial than the one they have.
    pub serial: u64,
    /// When the map is issued; the imported map is also validated as of this time.
    pub issued: OffsetDateTime,
    /// When the map stops being valid.
    pub expires: OffsetDateTime,
    /// The organisation's public egress ranges (CIDR); subnet rules only count behind one of them.
    pub trusted_public_ips: Vec<String>,
}

/// Something in the export that was left out or changed on the way in, for the administrator to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportNote {
    /// The export file concerned (e.g. `subnets.csv`); empty for a problem of the map as a whole.
    pub file: String,
    /// 1-based line where the row starts, counting the header (and a `#TYPE` line); 0 when not about one row.
    pub line: u64,
    /// What happened and why. Rows not imported start with "left out:".
    pub message: String,
}

/// The result of an import: the map and every note about it, in file and line order.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamsImport {
    /// The map document, unsigned.
    pub document: MapDocument,
    /// Rows left out, assumptions made, and any validation problem left in the document.
    pub notes: Vec<ImportNote>,
}

/// Imports the Teams LIS export in `dir`: `civic-addresses.csv` and `locations.csv` are required;
/// `subnets.csv`, `wireless-access-points.csv`, `switches.csv` and `ports.csv` are read when present. A missing
/// required file, an unreadable file or a missing required column is an error; a row that cannot be mapped is
/// left out with a note.
pub fn import_teams_dir(dir: &Path, options: &TeamsImportOptions) -> Result<TeamsImport, MapError> {
    let listing = Listing::read(dir)?;
    let mut import = Import::default();
    for name in listing.unexpected_csv(&FILES) {
        let message = format!("not read: it is none of the export files this importer reads ({})", FILES.join(", "));
        import.notes.push(ImportNote { file: name, line: 0, message });
    }
    let civic = listing.table(CIVIC_ADDRESSES, true)?;
    let locations = listing.table(LOCATIONS, true)?;
    if let Some(table) = &civic {
        import.civic_addresses(table)?;
    }
    if let Some(table) = &locations {
        import.locations(table)?;
    }
    import.whole_building_places();
    for (file, network) in [
        (SUBNETS, Network::Subnet),
        (ACCESS_POINTS, Network::AccessPoint),
        (SWITCHES, Network::Switch),
        (PORTS, Network::Port),
    ] {
        if let Some(table) = listing.table(file, false)? {
            import.network(&table, network)?;
        }
    }
    Ok(import.finish(options))
}

/// Where something came from: export file and line.
type Origin = (&'static str, u64);

struct SiteDraft {
    site: Site,
    origin: Origin,
    /// The DefaultLocationId as written (trimmed).
    default_location: String,
    places: Vec<PlaceDraft>,
}

struct PlaceDraft {
    place: Place,
    origin: Origin,
    /// The civic address's default location: listed first.
    default: bool,
    rule_origins: Vec<Origin>,
}

struct RuleDraft {
    site: usize,
    place: usize,
    spec: RuleSpec,
    key: (RuleKind, String),
    /// For notes, e.g. "subnet 10.1.2.0/24".
    what: String,
    origin: Origin,
}

#[derive(Default)]
struct Import {
    notes: Vec<ImportNote>,
    sites: Vec<SiteDraft>,
    /// CivicAddressId key → index in `sites`.
    site_by_key: HashMap<String, usize>,
    /// Every CivicAddressId key seen → its first line.
    civic_lines: HashMap<String, u64>,
    /// CivicAddressId keys left out → where.
    left_out_sites: HashMap<String, Origin>,
    /// LocationId key → (site, place) indices.
    place_by_key: HashMap<String, (usize, usize)>,
    /// Every LocationId key seen → its first line.
    location_lines: HashMap<String, u64>,
    /// LocationId keys left out → where.
    left_out_places: HashMap<String, Origin>,
    site_ids: HashSet<String>,
    place_ids: HashSet<String>,
    rules: Vec<RuleDraft>,
}

fn note(notes: &mut Vec<ImportNote>, (file, line): Origin, message: String) {
    notes.push(ImportNote { file: file.to_owned(), line, message });
}

impl Import {
    /// Settles repeated identifiers, builds the document, validates it and sorts the notes.
    fn finish(mut self, options: &TeamsImportOptions) -> TeamsImport {
        let keep = self.settle_repeats();
        for (rule, keep) in self.rules.into_iter().zip(keep) {
            if keep {
                let place = &mut self.sites[rule.site].places[rule.place];
                place.place.rules.push(rule.spec);
                place.rule_origins.push(rule.origin);
            }
        }
        let subnet_rules = self
            .sites
            .iter()
            .flat_map(|s| &s.places)
            .flat_map(|p| &p.place.rules)
            .filter(|r| &*r.kind == "subnet")
            .count();
        if subnet_rules > 0 && options.trusted_public_ips.is_empty() {
            let message = format!(
                "no trusted public IPs were given: the {subnet_rules} subnet rule(s) will locate no one until the map \
                 lists the organisation's public egress ranges"
            );
            note(&mut self.notes, (SUBNETS, 0), message);
        }
        let mut origins = Vec::with_capacity(self.sites.len());
        let mut sites = Vec::with_capacity(self.sites.len());
        for mut draft in self.sites {
            draft.places.sort_by_key(|p| !p.default);
            origins.push((draft.origin, draft.places.iter().map(|p| (p.origin, p.rule_origins.clone())).collect()));
            draft.site.places = draft.places.into_iter().map(|p| p.place).collect();
            sites.push(draft.site);
        }
        let document = MapDocument {
            format: FORMAT_V1.to_owned(),
            org: options.org.clone(),
            serial: options.serial,
            issued: options.issued.format(&Rfc3339).unwrap_or_default(),
            expires: options.expires.format(&Rfc3339).unwrap_or_default(),
            trusted_public_ips: options.trusted_public_ips.clone(),
            policy: PolicyHints::default(),
            sites,
        };
        if let Err(problems) = crate::validate(document.clone(), options.issued) {
            for problem in problems {
                let (file, line) = origin_of(&origins, &problem.pointer).unwrap_or(("", 0));
                let at = if problem.pointer.is_empty() { "(document)" } else { problem.pointer.as_str() };
                let message = format!("the map fails validation at {at}: {}", problem.message);
                note(&mut self.notes, (file, line), message);
            }
        }
        let rank = |file: &str| FILES.iter().position(|f| *f == file).unwrap_or(if file.is_empty() { 7 } else { 6 });
        self.notes.sort_by_key(|n| (rank(&n.file), n.line));
        TeamsImport { document, notes: self.notes }
    }
}

/// Per site: its origin and, per place, the place's origin and its rules' origins.
type Origins = Vec<(Origin, Vec<(Origin, Vec<Origin>)>)>;

/// The export row behind a JSON pointer such as `/sites/1/places/0/rules/2/cidr`: the deepest site, place or
/// rule it names.
fn origin_of(origins: &Origins, pointer: &str) -> Option<Origin> {
    let parts: Vec<&str> = pointer.split('/').skip(1).collect();
    let index = |at: usize, name: &str| {
        (parts.get(at) == Some(&name)).then(|| parts.get(at + 1)?.parse::<usize>().ok()).flatten()
    };
    let (site_origin, places) = origins.get(index(0, "sites")?)?;
    let Some((place_origin, rules)) = index(2, "places").and_then(|p| places.get(p)) else {
        return Some(*site_origin);
    };
    Some(index(4, "rules").and_then(|r| rules.get(r)).copied().unwrap_or(*place_origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_point_back_at_the_row_they_came_from() {
        let origins: Origins = vec![(
            (CIVIC_ADDRESSES, 3),
            vec![((CIVIC_ADDRESSES, 3), vec![]), ((LOCATIONS, 4), vec![(SUBNETS, 5), (PORTS, 9)])],
        )];
        assert_eq!(origin_of(&origins, "/sites/0/places/1/rules/1/port"), Some((PORTS, 9)));
        assert_eq!(origin_of(&origins, "/sites/0/places/1/rules/7"), Some((LOCATIONS, 4)));
        assert_eq!(origin_of(&origins, "/sites/0/places/1/address/pc"), Some((LOCATIONS, 4)));
        assert_eq!(origin_of(&origins, "/sites/0/name"), Some((CIVIC_ADDRESSES, 3)));
        assert_eq!(origin_of(&origins, "/sites/1/name"), None);
        assert_eq!(origin_of(&origins, "/org"), None);
        assert_eq!(origin_of(&origins, ""), None);
    }
}
