//! Converting single Teams LIS values into map format v1 values: ids, floors named in location text, BSSIDs and
//! BSSID wildcards, switch chassis MACs, subnet IDs and state or province names. Each conversion either succeeds
//! or says why not, in a sentence that ends up in an import note.

use locus_location::matcher::keys::{format_mac, parse_mac, parse_subnet};
use std::net::Ipv4Addr;

/// The longest site or place id the map accepts.
pub(super) const MAX_ID: usize = 128;

/// `id` as a map id: every character other than an ASCII letter, digit, `.`, `_` or `-` becomes `_`, and the
/// result is cut at 128 characters. Teams ids are GUIDs, which pass unchanged.
pub(super) fn map_id(id: &str) -> String {
    id.trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' })
        .take(MAX_ID)
        .collect()
}

/// The key a Teams id is looked up by: GUIDs are case-insensitive, so the trimmed id in lower case.
pub(super) fn key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

/// The floor a Teams location text clearly names ("Floor 3", "3rd floor", "FL 12", "Flr. B1", "FL3"), or `None`
/// when it names none or names two different ones.
pub(super) fn floor_of(location: &str) -> Option<String> {
    let words: Vec<&str> = location.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut found: Option<String> = None;
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_ascii_lowercase();
        let next_is_floor_word = words.get(i + 1).is_some_and(|w| is_floor_word(&w.to_ascii_lowercase()));
        let candidate = if is_floor_word(&lower) {
            words.get(i + 1).and_then(|n| floor_number(n))
        } else if let Some(number) = ordinal(&lower).filter(|_| next_is_floor_word) {
            Some(number.to_owned())
        } else {
            ["floor", "flr", "fl"].iter().find_map(|w| lower.strip_prefix(w)).and_then(floor_number)
        };
        match (candidate, &found) {
            (Some(floor), Some(earlier)) if floor != *earlier => return None,
            (Some(floor), _) => found = Some(floor),
            (None, _) => {}
        }
    }
    found
}

fn is_floor_word(lower: &str) -> bool {
    matches!(lower, "floor" | "flr" | "fl")
}

/// "3", "12", "B1" (basement), "P2" (parking): one to three digits, optionally after B or P.
fn floor_number(word: &str) -> Option<String> {
    let digits = word.strip_prefix(['B', 'b', 'P', 'p']).unwrap_or(word);
    let valid = (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| word.to_ascii_uppercase())
}

/// "3rd" → "3", "21st" → "21".
fn ordinal(lower: &str) -> Option<&str> {
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|suffix| lower.strip_suffix(suffix))?;
    ((1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// A Teams BSSID in our form. Teams writes `F0-6E-0B-C2-03-23`, or a wildcard with `*` replacing the last one or
/// two hex digits (`F0-6E-0B-C2-03-2*`, `F0-6E-0B-C2-03-*`); ours is lower case with colons
/// (`f0:6e:0b:c2:03:23`, `f0:6e:0b:c2:03:2*`, `f0:6e:0b:c2:03:*`).
pub(super) fn bssid(text: &str) -> Result<String, String> {
    let invalid = || {
        format!(
            "\"{text}\" is not a BSSID: expected six hex pairs such as A4-C3-F0-11-22-33, or a Teams wildcard on the \
             last one or two digits such as A4-C3-F0-11-22-3*"
        )
    };
    let body = text.trim_end_matches('*');
    let wildcard = body.len() != text.len();
    let mut hex = String::with_capacity(12);
    for c in body.chars() {
        if c.is_ascii_hexdigit() {
            hex.push(c.to_ascii_lowercase());
        } else if !matches!(c, '-' | ':' | '.') {
            return Err(invalid());
        }
    }
    let digits_ok = if wildcard { matches!(hex.len(), 10 | 11) } else { hex.len() == 12 };
    if !digits_ok {
        return Err(invalid());
    }
    let pairs: Vec<&str> = hex.as_bytes().chunks(2).filter_map(|pair| std::str::from_utf8(pair).ok()).collect();
    let mut out = pairs.join(":");
    if wildcard {
        if hex.len().is_multiple_of(2) {
            out.push(':');
        }
        out.push('*');
    }
    Ok(out)
}

/// A switch chassis id: Teams stores the switch MAC (`B8-BE-BF-4A-A3-00`); ours is lower case with colons.
pub(super) fn chassis(text: &str) -> Result<String, String> {
    parse_mac(text).map(format_mac).map_err(|_| {
        format!("\"{text}\" is not a switch chassis MAC (Teams stores chassis ids as e.g. B8-BE-BF-4A-A3-00)")
    })
}

/// A subnet as CIDR, and whether its prefix length was assumed. Teams stores a subnet ID: the network address,
/// usually without a prefix length, so a bare address is taken as a /24 (the caller notes that). IPv6 subnets,
/// and bare addresses that cannot be the network address of a /24, are refused.
pub(super) fn subnet(text: &str) -> Result<(String, bool), String> {
    if text.contains(':') {
        return Err(format!("\"{text}\" is an IPv6 subnet; map format v1 subnet rules are IPv4 only"));
    }
    if text.contains('/') {
        let subnet = parse_subnet(text)?;
        return Ok((format!("{}/{}", Ipv4Addr::from(subnet.network), subnet.prefix), false));
    }
    let address: Ipv4Addr =
        text.parse().map_err(|_| format!("\"{text}\" is not an IPv4 subnet ID (e.g. 10.1.2.0 or 10.1.2.0/24)"))?;
    if address.octets()[3] != 0 {
        return Err(format!(
            "subnet ID {text} has no prefix length and is not the network address of a /24, so its size cannot be \
             guessed; export it as network/prefix (e.g. {text}/30)"
        ));
    }
    Ok((format!("{address}/24"), true))
}

/// The two-letter code for a state, territory or province written out in full ("Massachusetts" → "MA",
/// "Québec" → "QC"); anything else is returned trimmed and upper-cased, for address validation to judge.
pub(super) fn region_code(country: &str, region: &str) -> String {
    let name = region.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let table = match country {
        "US" => US_NAMES,
        "CA" => CA_NAMES,
        _ => &[],
    };
    table
        .iter()
        .find(|(full, _)| *full == name)
        .map_or_else(|| region.trim().to_ascii_uppercase(), |(_, code)| (*code).to_owned())
}

const US_NAMES: &[(&str, &str)] = &[
    ("alabama", "AL"),
    ("alaska", "AK"),
    ("arizona", "AZ"),
    ("arkansas", "AR"),
    ("california", "CA"),
    ("colorado", "CO"),
    ("connecticut", "CT"),
    ("delaware", "DE"),
    ("district of columbia", "DC"),
    ("florida", "FL"),
    ("georgia", "GA"),
    ("hawaii", "HI"),
    ("idaho", "ID"),
    ("illinois", "IL"),
    ("indiana", "IN"),
    ("iowa", "IA"),
    ("kansas", "KS"),
    ("kentucky", "KY"),
    ("louisiana", "LA"),
    ("maine", "ME"),
    ("maryland", "MD"),
    ("massachusetts", "MA"),
    ("michigan", "MI"),
    ("minnesota", "MN"),
    ("mississippi", "MS"),
    ("missouri", "MO"),
    ("montana", "MT"),
    ("nebraska", "NE"),
    ("nevada", "NV"),
    ("new hampshire", "NH"),
    ("new jersey", "NJ"),
    ("new mexico", "NM"),
    ("new york", "NY"),
    ("north carolina", "NC"),
    ("north dakota", "ND"),
    ("ohio", "OH"),
    ("oklahoma", "OK"),
    ("oregon", "OR"),
    ("pennsylvania", "PA"),
    ("rhode island", "RI"),
    ("south carolina", "SC"),
    ("south dakota", "SD"),
    ("tennessee", "TN"),
    ("texas", "TX"),
    ("utah", "UT"),
    ("vermont", "VT"),
    ("virginia", "VA"),
    ("washington", "WA"),
    ("west virginia", "WV"),
    ("wisconsin", "WI"),
    ("wyoming", "WY"),
    ("american samoa", "AS"),
    ("guam", "GU"),
    ("northern mariana islands", "MP"),
    ("puerto rico", "PR"),
    ("u.s. virgin islands", "VI"),
    ("us virgin islands", "VI"),
    ("united states virgin islands", "VI"),
];

const CA_NAMES: &[(&str, &str)] = &[
    ("alberta", "AB"),
    ("british columbia", "BC"),
    ("manitoba", "MB"),
    ("new brunswick", "NB"),
    ("newfoundland and labrador", "NL"),
    ("nova scotia", "NS"),
    ("northwest territories", "NT"),
    ("nunavut", "NU"),
    ("ontario", "ON"),
    ("prince edward island", "PE"),
    ("quebec", "QC"),
    ("québec", "QC"),
    ("saskatchewan", "SK"),
    ("yukon", "YT"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_guids_and_replace_everything_else() {
        assert_eq!(map_id(" 51a8a6e3-dae4-4653-9a99-a6e71c4c24ac "), "51a8a6e3-dae4-4653-9a99-a6e71c4c24ac");
        assert_eq!(map_id("HQ/north wing#2"), "HQ_north_wing_2");
        assert_eq!(map_id("é"), "_");
        assert_eq!(map_id(&"x".repeat(300)).len(), MAX_ID);
    }

    #[test]
    fn floors_are_taken_only_when_clearly_named() {
        for (text, floor) in [
            ("Floor 3", Some("3")),
            ("3rd floor", Some("3")),
            ("FL 12", Some("12")),
            ("Flr. B1 storage", Some("B1")),
            ("FL3", Some("3")),
            ("2nd Floor, East Wing", Some("2")),
            ("3rd Floor Cafe", Some("3")),
            ("Floor 4 / 4th floor", Some("4")),
            ("Floor 3 and Floor 4", None),
            ("Suite 300", None),
            ("Ground floor", None),
            ("Floors 1-2", None),
            ("Mail room", None),
            ("Floor plan room", None),
            ("", None),
        ] {
            assert_eq!(floor_of(text).as_deref(), floor, "{text:?}");
        }
    }

    #[test]
    fn teams_bssids_and_wildcards_become_ours() {
        assert_eq!(bssid("F0-6E-0B-C2-03-23").as_deref(), Ok("f0:6e:0b:c2:03:23"));
        assert_eq!(bssid("A4-C3-F0-11-22-3*").as_deref(), Ok("a4:c3:f0:11:22:3*"));
        assert_eq!(bssid("F0-6E-0B-C2-03-*").as_deref(), Ok("f0:6e:0b:c2:03:*"));
        assert_eq!(bssid("f0:6e:0b:c2:03:**").as_deref(), Ok("f0:6e:0b:c2:03:*"));
        for bad in ["F0-6E-0B-C2-03-2G", "F0-6E-0B-C2-0*", "F0-6E-0B-C2-03", "F0-6E-*B-C2-03-23", "", "*"] {
            assert!(bssid(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn subnet_ids_get_a_prefix_length() {
        assert_eq!(subnet("10.1.2.0/23"), Ok(("10.1.2.0/23".into(), false)));
        assert_eq!(subnet("10.1.2.0"), Ok(("10.1.2.0/24".into(), true)));
        assert!(subnet("10.1.2.5").is_err_and(|m| m.contains("cannot be guessed")));
        assert!(subnet("10.1.2.5/24").is_err_and(|m| m.contains("host bits")));
        assert!(subnet("2001:db8::").is_err_and(|m| m.contains("IPv6")));
        assert!(subnet("ten").is_err());
    }

    #[test]
    fn region_names_become_codes() {
        assert_eq!(region_code("US", "Massachusetts"), "MA");
        assert_eq!(region_code("US", " new  york "), "NY");
        assert_eq!(region_code("CA", "Québec"), "QC");
        assert_eq!(region_code("US", "wa"), "WA");
        assert_eq!(region_code("US", "Ontario"), "ONTARIO");
    }
}
