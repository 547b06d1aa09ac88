//! Validation of a parsed map: every field is checked and every problem collected with its JSON pointer, so an
//! administrator fixes a map in one pass. A map is accepted only with no problems at all (S6: nothing partial).

use crate::convert::{MapContent, MapMeta, effective_address, rule_from_spec};
use crate::problems::MapProblem;
use crate::{FORMAT_V1, MapDocument, PolicyHints, Site};
use locus_location::civic;
use locus_location::matcher::keys::Cidr;
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The largest serial (2^53 − 1, exact in JSON numbers everywhere).
pub const MAX_SERIAL: u64 = (1 << 53) - 1;

/// A map that passed every check, ready to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedMap {
    /// Org, serial, validity and policy hints.
    pub meta: MapMeta,
    /// Locations, rules, trusted ranges and DIDs.
    pub content: MapContent,
}

/// Validates `document` as of `now`. Consumes it so a very large map is converted without a second copy.
/// `parse_and_validate` does the same straight from the bytes without ever holding the whole document.
pub fn validate(document: MapDocument, now: OffsetDateTime) -> Result<ValidatedMap, Vec<MapProblem>> {
    let MapDocument { format, org, serial, issued, expires, trusted_public_ips, policy, sites } = document;
    let mut sites_so_far = SiteValidator::default();
    for site in sites {
        sites_so_far.site(site);
    }
    let header = MapHeader { format, org, serial, issued, expires, trusted_public_ips, policy };
    sites_so_far.finish(header, now)
}

/// Every field of a map except its sites.
#[derive(Debug, Default)]
pub(crate) struct MapHeader {
    pub(crate) format: String,
    pub(crate) org: String,
    pub(crate) serial: u64,
    pub(crate) issued: String,
    pub(crate) expires: String,
    pub(crate) trusted_public_ips: Vec<String>,
    pub(crate) policy: PolicyHints,
}

/// Checks and converts sites one at a time, remembering what later sites and the final checks need: the ids
/// seen, where each rule came from, and every problem so far.
#[derive(Debug, Default)]
pub(crate) struct SiteValidator {
    sites: u32,
    problems: Vec<MapProblem>,
    content: MapContent,
    rule_positions: Vec<(u32, u32, u32)>,
    site_ids: HashSet<String>,
    place_ids: HashSet<String>,
}

impl SiteValidator {
    /// Checks and converts the next site of the map.
    pub(crate) fn site(&mut self, site: Site) {
        let s = self.sites;
        self.sites += 1;
        let mut problems = std::mem::take(&mut self.problems);
        let mut problem = |pointer: String, message: String| problems.push(MapProblem { pointer, message });
        let content = &mut self.content;
        let site_pointer = format!("/sites/{s}");
        check_id(&site.id, &format!("{site_pointer}/id"), &mut self.site_ids, "site", &mut problem);
        if site.name.trim().is_empty() {
            problem(format!("{site_pointer}/name"), "the site name is required".into());
        }
        check_dids(&site.e911_dids, &format!("{site_pointer}/e911_dids"), &mut problem);
        if site.places.is_empty() {
            problem(format!("{site_pointer}/places"), "a site needs at least one place".into());
        }
        for (p, place) in site.places.into_iter().enumerate() {
            let place_pointer = format!("{site_pointer}/places/{p}");
            check_id(&place.id, &format!("{place_pointer}/id"), &mut self.place_ids, "place", &mut problem);
            if place.name.trim().is_empty() {
                problem(format!("{place_pointer}/name"), "the place name is required".into());
            }
            let address = effective_address(&site.address, &place.address);
            let validation = civic::validate(&address);
            for bad in &validation.problems {
                problem(format!("{place_pointer}/address/{}", bad.field), bad.message.clone());
            }
            if let Some(why) = validation.not_dispatchable_because.filter(|_| validation.problems.is_empty()) {
                problem(format!("{place_pointer}/address/{}", why.field), format!("not dispatchable: {}", why.message));
            }
            check_dids(&place.e911_dids, &format!("{place_pointer}/e911_dids"), &mut problem);
            let dids = if place.e911_dids.is_empty() { &site.e911_dids } else { &place.e911_dids };
            content.dids.extend(dids.iter().map(|did| (place.id.clone(), did.clone())));
            for (r, spec) in place.rules.into_iter().enumerate() {
                match rule_from_spec(spec, &place.id) {
                    Ok(rule) => {
                        content.rules.push(rule);
                        self.rule_positions.push((s, p as u32, r as u32));
                    }
                    Err((field, message)) => problem(format!("{place_pointer}/rules/{r}{field}"), message),
                }
            }
            content.locations.push((place.id, place.name, address));
        }
        self.problems = problems;
    }

    /// Checks the header and what spans sites (one identifier meaning two places), then accepts the map only
    /// if nothing at all is wrong. Header problems come first, as they appear first in a map.
    pub(crate) fn finish(self, header: MapHeader, now: OffsetDateTime) -> Result<ValidatedMap, Vec<MapProblem>> {
        let SiteValidator { sites, problems: site_problems, mut content, rule_positions, .. } = self;
        let mut problems = Vec::new();
        let mut problem = |pointer: String, message: String| problems.push(MapProblem { pointer, message });
        let MapHeader { format, org, serial, issued: issued_text, expires: expires_text, trusted_public_ips, policy } =
            header;
        if format != FORMAT_V1 {
            problem("/format".into(), format!("\"{format}\" is not a supported format; expected \"{FORMAT_V1}\""));
        }
        if org.trim().is_empty() {
            problem("/org".into(), "the organisation name is required".into());
        }
        if serial == 0 || serial > MAX_SERIAL {
            problem("/serial".into(), format!("the serial must be between 1 and {MAX_SERIAL}"));
        }
        let issued = parse_time(&issued_text, "/issued", &mut problem);
        let expires = parse_time(&expires_text, "/expires", &mut problem);
        if let (Some(issued), Some(expires)) = (issued, expires) {
            if expires <= issued {
                problem("/expires".into(), format!("expires ({expires_text}) must be after issued ({issued_text})"));
            } else if expires <= now {
                problem("/expires".into(), format!("the map expired at {expires_text}; ask IT for a current map"));
            }
        }
        if let Some(days) = policy.reconfirm_after_days
            && !(1..=3650).contains(&days)
        {
            problem("/policy/reconfirm_after_days".into(), format!("{days} is out of range (1 to 3650 days)"));
        }
        for (i, cidr) in trusted_public_ips.iter().enumerate() {
            match Cidr::parse(cidr) {
                Ok(_) => content.trusted_public_ips.push(cidr.trim().to_owned()),
                Err(message) => problem(format!("/trusted_public_ips/{i}"), message),
            }
        }
        if sites == 0 {
            problem("/sites".into(), "a map needs at least one site".into());
        }
        problems.extend(site_problems);
        for (first, second) in conflicting_duplicates(&content.rules) {
            let (a, b) = (rule_positions[first], rule_positions[second]);
            problems.push(MapProblem {
                pointer: format!("/sites/{}/places/{}/rules/{}", b.0, b.1, b.2),
                message: format!(
                    "{} {} is already mapped to place \"{}\" at /sites/{}/places/{}/rules/{}; one identifier cannot mean two places",
                    content.rules[second].kind.name(),
                    content.rules[second].value,
                    content.rules[first].location_id,
                    a.0,
                    a.1,
                    a.2
                ),
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let (Some(issued), Some(expires)) = (issued, expires) else {
            return Err(vec![MapProblem::new("/issued", "unreachable: times were checked")]);
        };
        let meta = MapMeta { org: org.trim().to_owned(), serial, issued, expires, policy };
        Ok(ValidatedMap { meta, content })
    }
}

fn parse_time(text: &str, pointer: &str, problem: &mut impl FnMut(String, String)) -> Option<OffsetDateTime> {
    match OffsetDateTime::parse(text, &Rfc3339) {
        Ok(time) => Some(time),
        Err(_) => {
            problem(pointer.into(), format!("\"{text}\" is not an RFC 3339 time (e.g. 2026-11-01T00:00:00Z)"));
            None
        }
    }
}

fn check_id(id: &str, pointer: &str, seen: &mut HashSet<String>, what: &str, problem: &mut impl FnMut(String, String)) {
    let valid = !id.is_empty()
        && id.len() <= 128
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !valid {
        problem(pointer.into(), format!("\"{id}\" is not a valid {what} id (1–128 letters, digits, '.', '_' or '-')"));
    } else if !seen.insert(id.to_owned()) {
        problem(pointer.into(), format!("{what} id \"{id}\" is used twice"));
    }
}

/// A North American DID: exactly ten digits, area code and exchange not starting with 0 or 1.
fn check_dids(dids: &[String], pointer: &str, problem: &mut impl FnMut(String, String)) {
    for (i, did) in dids.iter().enumerate() {
        let bytes = did.as_bytes();
        let valid = bytes.len() == 10
            && bytes.iter().all(u8::is_ascii_digit)
            && !matches!(bytes[0], b'0' | b'1')
            && !matches!(bytes[3], b'0' | b'1');
        if !valid {
            problem(
                format!("{pointer}/{i}"),
                format!("\"{did}\" is not a 10-digit North American number (NPA-NXX-XXXX, digits only)"),
            );
        }
    }
}

/// Pairs (first, later) of rules with the same identifier pointing at different places. Hash-sorted rather than
/// a map of strings, so a million rules cost 16 MB here.
fn conflicting_duplicates(rules: &[locus_location::matcher::NetworkRule]) -> Vec<(usize, usize)> {
    let hasher = std::collections::hash_map::RandomState::new();
    let mut keyed: Vec<(u64, u32)> = rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let mut h = hasher.build_hasher();
            h.write_u8(rule.kind as u8);
            h.write(rule.value.as_bytes());
            (h.finish(), i as u32)
        })
        .collect();
    keyed.sort_unstable();
    let mut conflicts = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        for (n, &(_, later)) in group.iter().enumerate().skip(1) {
            let later = later as usize;
            let first = group[..n].iter().map(|&(_, i)| i as usize).find(|&i| {
                rules[i].kind == rules[later].kind
                    && rules[i].value == rules[later].value
                    && rules[i].location_id != rules[later].location_id
            });
            if let Some(first) = first {
                conflicts.push((first.min(later), first.max(later)));
            }
        }
    }
    conflicts.sort_unstable();
    conflicts.dedup_by_key(|pair| pair.1);
    conflicts
}
