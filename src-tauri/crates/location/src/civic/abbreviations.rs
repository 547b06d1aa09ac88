//! The standard (USPS-style) abbreviations of street directions and street suffixes, one table for every
//! comparison of street lines in Locus (the carrier read-back check, the emergency DID match). Pure.

/// Directions and their abbreviations.
const DIRECTIONS: &[(&str, &str)] = &[
    ("NORTH", "N"),
    ("SOUTH", "S"),
    ("EAST", "E"),
    ("WEST", "W"),
    ("NORTHEAST", "NE"),
    ("NORTHWEST", "NW"),
    ("SOUTHEAST", "SE"),
    ("SOUTHWEST", "SW"),
];

/// Common street suffixes and their standard abbreviations (plus a few spellings seen in the wild).
const SUFFIXES: &[(&str, &str)] = &[
    ("ALLEY", "ALY"),
    ("AVENUE", "AVE"),
    ("AV", "AVE"),
    ("BOULEVARD", "BLVD"),
    ("CIRCLE", "CIR"),
    ("COURT", "CT"),
    ("COVE", "CV"),
    ("CRESCENT", "CRES"),
    ("CROSSING", "XING"),
    ("DRIVE", "DR"),
    ("EXPRESSWAY", "EXPY"),
    ("FREEWAY", "FWY"),
    ("HIGHWAY", "HWY"),
    ("LANE", "LN"),
    ("PARKWAY", "PKWY"),
    ("PLACE", "PL"),
    ("PLAZA", "PLZ"),
    ("POINT", "PT"),
    ("RIDGE", "RDG"),
    ("ROAD", "RD"),
    ("ROUTE", "RTE"),
    ("SQUARE", "SQ"),
    ("STREET", "ST"),
    ("STR", "ST"),
    ("TERRACE", "TER"),
    ("TRAIL", "TRL"),
    ("TURNPIKE", "TPKE"),
];

/// Words that are suffixes already in their short form but have no longer spelling to map from.
const SHORT_ONLY_SUFFIXES: &[&str] = &["WAY", "LOOP", "PIKE", "PATH", "RUN", "WALK", "ROW"];

/// The standard abbreviation of an upper-case word that is a spelled-out direction or street suffix
/// ("STREET" → "ST", "NORTHWEST" → "NW"); `None` for any other word, abbreviations included.
pub fn street_abbreviation(word_upper: &str) -> Option<&'static str> {
    DIRECTIONS.iter().chain(SUFFIXES).find(|(long, _)| *long == word_upper).map(|(_, short)| *short)
}

/// `word` in its standard abbreviation when it is a spelled-out direction or street suffix, upper-cased
/// either way: "Street" → "ST", "Main" → "MAIN".
pub fn normalize_street_word(word: &str) -> String {
    let upper = word.to_uppercase();
    street_abbreviation(&upper).map_or(upper, str::to_owned)
}

/// True when `word` (any case, trailing period allowed) is a direction, long or short ("North", "n.", "NW").
pub fn is_direction(word: &str) -> bool {
    let upper = word.trim_end_matches('.').to_ascii_uppercase();
    DIRECTIONS.iter().any(|(long, short)| *long == upper || *short == upper)
}

/// True when `word` (any case, trailing period allowed) is a street suffix, long or short ("Street", "St.").
pub fn is_street_suffix(word: &str) -> bool {
    let upper = word.trim_end_matches('.').to_ascii_uppercase();
    SUFFIXES.iter().any(|(long, short)| *long == upper || *short == upper) || SHORT_ONLY_SUFFIXES.contains(&&*upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelled_out_directions_and_suffixes_have_an_abbreviation() {
        assert_eq!(street_abbreviation("STREET"), Some("ST"));
        assert_eq!(street_abbreviation("NORTHWEST"), Some("NW"));
        assert_eq!(street_abbreviation("AV"), Some("AVE"));
        assert_eq!(street_abbreviation("MAIN"), None);
        assert_eq!(street_abbreviation("ST"), None);
    }

    #[test]
    fn a_street_word_normalises_to_upper_case_and_its_abbreviation() {
        assert_eq!(normalize_street_word("Street"), "ST");
        assert_eq!(normalize_street_word("north"), "N");
        assert_eq!(normalize_street_word("Main"), "MAIN");
    }

    #[test]
    fn directions_and_suffixes_are_recognised_long_or_short() {
        assert!(is_direction("north") && is_direction("NW") && is_direction("n."));
        assert!(!is_direction("Main"));
        assert!(is_street_suffix("Street") && is_street_suffix("st.") && is_street_suffix("Way"));
        assert!(!is_street_suffix("Main"));
    }
}
