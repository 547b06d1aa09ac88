//! Street lines: joining CLDXF's pre-direction, name, suffix and post-direction into the one "street name" most
//! carriers take, and splitting such a line back (directions and suffixes from `locus_location::civic`'s one
//! abbreviation table). Pure.

use locus_location::civic::{is_direction, is_street_suffix as is_suffix};

/// The parts of a street line, CLDXF names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StreetParts {
    /// Pre-direction (`PRD`).
    pub(crate) prd: String,
    /// Street name (`RD`).
    pub(crate) rd: String,
    /// Suffix (`STS`).
    pub(crate) sts: String,
    /// Post-direction (`POD`).
    pub(crate) pod: String,
}

/// "N Main St NW" from its parts, skipping empty ones.
pub(crate) fn join_street(prd: &str, rd: &str, sts: &str, pod: &str) -> String {
    join_words(&[prd, rd, sts, pod])
}

/// The non-empty, trimmed `parts` separated by one space.
pub(crate) fn join_words(parts: &[&str]) -> String {
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Splits a street line back into its parts. The post-direction and suffix are taken from the end and the
/// pre-direction from the front only while a street name remains, so "North Ave" is the street "North", not a
/// direction with no name.
pub(crate) fn split_street(line: &str) -> StreetParts {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let mut parts = StreetParts::default();
    if words.len() >= 2 && words.last().is_some_and(|w| is_direction(w)) {
        parts.pod = words.pop().unwrap_or_default().to_owned();
    }
    if words.len() >= 2 && words.last().is_some_and(|w| is_suffix(w)) {
        parts.sts = words.pop().unwrap_or_default().to_owned();
    }
    if words.len() >= 2 && is_direction(words[0]) {
        parts.prd = words.remove(0).to_owned();
    }
    parts.rd = words.join(" ");
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> (String, String, String, String) {
        let p = split_street(line);
        (p.prd, p.rd, p.sts, p.pod)
    }

    fn owned(parts: [&str; 4]) -> (String, String, String, String) {
        let [a, b, c, d] = parts.map(str::to_owned);
        (a, b, c, d)
    }

    #[test]
    fn a_full_street_line_splits_into_its_four_parts() {
        assert_eq!(split("N Main St NW"), owned(["N", "Main", "St", "NW"]));
        assert_eq!(split("Robert Pitt Dr"), owned(["", "Robert Pitt", "Dr", ""]));
        assert_eq!(split("WEST 42ND STREET"), owned(["WEST", "42ND", "STREET", ""]));
    }

    #[test]
    fn a_direction_or_suffix_that_is_the_whole_name_stays_the_name() {
        assert_eq!(split("North Ave"), owned(["", "North", "Ave", ""]));
        assert_eq!(split("West St"), owned(["", "West", "St", ""]));
        assert_eq!(split("Broadway"), owned(["", "Broadway", "", ""]));
        assert_eq!(split("Avenue of the Americas"), owned(["", "Avenue of the Americas", "", ""]));
    }

    #[test]
    fn joining_skips_empty_parts() {
        assert_eq!(join_street("", " Main ", "St", ""), "Main St");
        assert_eq!(join_street("N", "Main", "", "NW"), "N Main NW");
    }
}
