//! From map types to what the location store keeps: effective civic addresses (site + place), normalised
//! network rules, and the metadata recorded with an applied map.

use crate::{PolicyHints, RuleSpec};
use locus_location::civic::CivicAddress;
use locus_location::matcher::keys::{format_mac, parse_bssid_prefix, parse_mac, parse_subnet};
use locus_location::matcher::{NetworkRule, RuleKind};
use time::OffsetDateTime;

/// Who issued a map and for how long it is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapMeta {
    /// Organisation name.
    pub org: String,
    /// Serial (monotonic).
    pub serial: u64,
    /// Issue time.
    pub issued: OffsetDateTime,
    /// Expiry time.
    pub expires: OffsetDateTime,
    /// Policy hints.
    pub policy: PolicyHints,
}

/// What a map puts in the location store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapContent {
    /// (place id, name, effective address) for every place.
    pub locations: Vec<(String, String, CivicAddress)>,
    /// Every rule, normalised, pointing at its place id.
    pub rules: Vec<NetworkRule>,
    /// Trusted public IP ranges as written.
    pub trusted_public_ips: Vec<String>,
    /// (place id, DID) for every E911 DID assignment (site DIDs expanded to their places).
    pub dids: Vec<(String, String)>,
}

/// The place's address: the site's, with every field the place gives replacing the site's.
pub(crate) fn effective_address(site: &CivicAddress, place: &CivicAddress) -> CivicAddress {
    let pick = |s: &String, p: &String| if p.trim().is_empty() { s.trim().to_owned() } else { p.trim().to_owned() };
    CivicAddress {
        country: pick(&site.country, &place.country).to_ascii_uppercase(),
        a1: pick(&site.a1, &place.a1).to_ascii_uppercase(),
        a2: pick(&site.a2, &place.a2),
        a3: pick(&site.a3, &place.a3),
        prd: pick(&site.prd, &place.prd),
        rd: pick(&site.rd, &place.rd),
        sts: pick(&site.sts, &place.sts),
        pod: pick(&site.pod, &place.pod),
        hno: pick(&site.hno, &place.hno),
        hns: pick(&site.hns, &place.hns),
        loc: pick(&site.loc, &place.loc),
        flr: pick(&site.flr, &place.flr),
        unit: pick(&site.unit, &place.unit),
        room: pick(&site.room, &place.room),
        seat: pick(&site.seat, &place.seat),
        bld: pick(&site.bld, &place.bld),
        pc: pick(&site.pc, &place.pc).to_ascii_uppercase(),
        nam: pick(&site.nam, &place.nam),
        multi_storey: site.multi_storey || place.multi_storey,
    }
}

/// A rule problem: the field suffix of its JSON pointer (`/mac`, or empty for the rule) and the message.
type SpecProblem = (String, String);

/// Converts one rule, normalising identifiers (MACs lower-case with colons, subnets canonical).
pub(crate) fn rule_from_spec(spec: RuleSpec, place_id: &str) -> Result<NetworkRule, SpecProblem> {
    let RuleSpec { kind, bssid, chassis, port, mac, cidr, subnet, ssid } = spec;
    let [bssid, chassis, port, mac, cidr, subnet, ssid] =
        [bssid, chassis, port, mac, cidr, subnet, ssid].map(|field| field.map(String::from));
    let given = [
        ("bssid", bssid.is_some()),
        ("chassis", chassis.is_some()),
        ("port", port.is_some()),
        ("mac", mac.is_some()),
        ("cidr", cidr.is_some()),
        ("subnet", subnet.is_some()),
        ("ssid", ssid.is_some()),
    ];
    let kind = String::from(kind);
    let allowed: &[&str] = match kind.as_str() {
        "bssid" => &["bssid"],
        "switch" => &["chassis", "port"],
        "gateway_mac" => &["mac", "subnet"],
        "subnet" => &["cidr"],
        "ssid" => &["ssid", "subnet"],
        other => {
            return Err((
                "/kind".into(),
                format!("\"{other}\" is not a rule kind (bssid, switch, gateway_mac, subnet or ssid)"),
            ));
        }
    };
    if let Some((field, _)) = given.iter().find(|(field, present)| *present && !allowed.contains(field)) {
        return Err((format!("/{field}"), format!("\"{field}\" is not used by {kind} rules")));
    }
    let required = |value: Option<String>, field: &str| {
        value
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| (format!("/{field}"), format!("{kind} rules need \"{field}\"")))
    };
    fn at(field: &str) -> impl Fn(String) -> SpecProblem + '_ {
        move |message| (format!("/{field}"), message)
    }
    let canonical_subnet = |text: &str, field: &str| {
        parse_subnet(text.trim())
            .map(|s| format!("{}/{}", std::net::Ipv4Addr::from(s.network), s.prefix))
            .map_err(at(field))
    };
    let (kind, value) = match kind.as_str() {
        "bssid" => {
            let bssid = required(bssid, "bssid")?;
            let bssid = bssid.trim();
            // A wildcard must say so with `*`: a BSSID missing a digit is a typo, not a range of 16 radios.
            if bssid.ends_with('*') {
                let prefix = parse_bssid_prefix(bssid).map_err(at("bssid"))?;
                // One access point's radios differ in the last digit or two; a shorter prefix is a vendor's or a
                // product line's, and would locate every such access point anywhere as this place.
                if prefix.digits < MIN_BSSID_WILDCARD_DIGITS {
                    return Err(at("bssid")(format!(
                        "\"{bssid}\" fixes only {} hex digits: a wildcard may leave open the last one or two digits \
                         (one access point's radios, e.g. a4:c3:f0:11:22:3*), not a whole vendor's range",
                        prefix.digits
                    )));
                }
                (RuleKind::BssidPrefix, format!("{}*", bssid.trim_end_matches('*').to_ascii_lowercase()))
            } else {
                (RuleKind::Bssid, format_mac(parse_mac(bssid).map_err(at("bssid"))?))
            }
        }
        "switch" => {
            let chassis = required(chassis, "chassis")?.trim().to_owned();
            if chassis.contains('|') {
                return Err(at("chassis")("a chassis id cannot contain '|'".into()));
            }
            match port.map(|p| p.trim().to_owned()) {
                Some(port) if port.is_empty() => {
                    return Err(at("port")("the port is empty; leave it out to match the whole switch".into()));
                }
                Some(port) => (RuleKind::SwitchPort, format!("{chassis}|{port}")),
                None => (RuleKind::Switch, chassis),
            }
        }
        "gateway_mac" => {
            let mac = format_mac(parse_mac(required(mac, "mac")?.trim()).map_err(at("mac"))?);
            match subnet {
                Some(subnet) => (RuleKind::GatewayMac, format!("{mac}|{}", canonical_subnet(&subnet, "subnet")?)),
                None if is_virtual_router_mac(&mac) => {
                    return Err(at("mac")(format!(
                        "{mac} is a virtual router address (VRRP/HSRP), the same at every site using that group \
                         number: give the rule a \"subnet\" too"
                    )));
                }
                None => (RuleKind::GatewayMac, mac),
            }
        }
        "subnet" => (RuleKind::Subnet, canonical_subnet(&required(cidr, "cidr")?, "cidr")?),
        _ => {
            let ssid = required(ssid, "ssid")?;
            if ssid.len() > 32 {
                return Err(at("ssid")(format!("\"{ssid}\" is longer than 32 bytes, the most an SSID can be")));
            }
            let subnet = required(subnet, "subnet").map_err(|(f, m)| {
                (f, format!("{m}: an SSID alone is shared by every office and coffee shop, so it never locates"))
            })?;
            (RuleKind::Ssid, format!("{ssid}|{}", canonical_subnet(&subnet, "subnet")?))
        }
    };
    Ok(NetworkRule::from_it_map(kind, value, place_id))
}

/// The fewest leading hex digits a BSSID wildcard must fix (all but the last two).
const MIN_BSSID_WILDCARD_DIGITS: u8 = 10;

/// Whether `mac` (lower case, colon-separated) is a virtual router MAC: VRRP for IPv4 (`00:00:5e:00:01:xx`) and
/// IPv6 (`00:00:5e:00:02:xx`), HSRP version 1 (`00:00:0c:07:ac:xx`) and version 2 (`00:00:0c:9f:fx:xx`). Each is
/// derived from a group number that many sites and organisations share.
fn is_virtual_router_mac(mac: &str) -> bool {
    ["00:00:5e:00:01:", "00:00:5e:00:02:", "00:00:0c:07:ac:", "00:00:0c:9f:f"]
        .iter()
        .any(|prefix| mac.starts_with(prefix))
}
