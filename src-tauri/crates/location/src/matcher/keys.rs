//! Parsing and normalising network identifiers into compact lookup keys: MACs and BSSIDs as 48-bit integers,
//! BSSID wildcards as (hex digits, prefix), IPv4 subnets as (prefix length, network), CIDR ranges for trusted
//! public IPs. Every parse error is a sentence a map author or user can act on.

use std::net::IpAddr;

/// A MAC or BSSID as a 48-bit integer.
pub type Mac48 = u64;

/// Parses `aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF` or `aabb.ccdd.eeff`.
pub fn parse_mac(text: &str) -> Result<Mac48, String> {
    let hex: String = text.chars().filter(|c| !matches!(c, ':' | '-' | '.')).collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("\"{text}\" is not a MAC address (expected six hex pairs, e.g. a4:c3:f0:11:22:33)"));
    }
    u64::from_str_radix(&hex, 16).map_err(|e| e.to_string())
}

/// Formats a 48-bit MAC as lower-case colon form.
pub fn format_mac(mac: Mac48) -> String {
    let bytes = mac.to_be_bytes();
    bytes[2..].iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// A BSSID wildcard: the first `digits` hex digits (1–11) of a BSSID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BssidPrefix {
    /// How many leading hex digits are fixed.
    pub digits: u8,
    /// Those digits, right-aligned.
    pub value: u64,
}

/// Parses `a4:c3:f0:11:22:3*` or `a4:c3:f0:11:22:3` (Teams-style wildcard on the last one or two digits, or any
/// shorter prefix of whole hex digits).
pub fn parse_bssid_prefix(text: &str) -> Result<BssidPrefix, String> {
    let hex: String = text.trim_end_matches('*').chars().filter(|c| !matches!(c, ':' | '-' | '.')).collect();
    if hex.is_empty() || hex.len() >= 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "\"{text}\" is not a BSSID wildcard (expected 1 to 11 leading hex digits, e.g. a4:c3:f0:11:22:3*)"
        ));
    }
    let value = u64::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
    Ok(BssidPrefix { digits: hex.len() as u8, value })
}

/// The prefix of `bssid` with `digits` hex digits.
pub fn bssid_prefix_of(bssid: Mac48, digits: u8) -> BssidPrefix {
    BssidPrefix { digits, value: bssid >> (4 * (12 - u32::from(digits))) }
}

/// An IPv4 subnet as (prefix length, network address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Subnet4 {
    /// Prefix length, 0–32.
    pub prefix: u8,
    /// Network address with host bits cleared.
    pub network: u32,
}

/// Parses `10.1.2.0/24` (host bits must be zero: a subnet, not an address).
pub fn parse_subnet(text: &str) -> Result<Subnet4, String> {
    let err = || format!("\"{text}\" is not an IPv4 subnet (expected network/prefix, e.g. 10.1.2.0/24)");
    let (addr, prefix) = text.split_once('/').ok_or_else(err)?;
    let addr: std::net::Ipv4Addr = addr.parse().map_err(|_| err())?;
    let prefix: u8 = prefix.parse().ok().filter(|p| *p <= 32).ok_or_else(err)?;
    let network = u32::from(addr);
    if network & !mask(prefix) != 0 {
        return Err(format!(
            "\"{text}\" has host bits set: the subnet is {}/{prefix}",
            std::net::Ipv4Addr::from(network & mask(prefix))
        ));
    }
    Ok(Subnet4 { prefix, network })
}

/// The subnet of `addr` with `prefix` bits.
pub fn subnet_of(addr: u32, prefix: u8) -> Subnet4 {
    Subnet4 { prefix, network: addr & mask(prefix) }
}

fn mask(prefix: u8) -> u32 {
    if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) }
}

/// A CIDR range of IPv4 or IPv6 addresses (trusted public IPs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `203.0.113.0/24`, `2001:db8::/32` or a single address.
    pub fn parse(text: &str) -> Result<Self, String> {
        let err = || format!("\"{text}\" is not an IP address or CIDR range");
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network: IpAddr = addr.trim().parse().map_err(|_| err())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(err)?,
            None => max,
        };
        Ok(Self { network, prefix })
    }

    /// True when `ip` is inside the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let m = mask(self.prefix);
                u32::from(net) & m == u32::from(ip) & m
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let m = if self.prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(self.prefix)) };
                u128::from(net) & m == u128::from(ip) & m
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_in_any_common_notation_parse_to_the_same_key() {
        let a = parse_mac("A4:C3:F0:11:22:33").expect("colon");
        assert_eq!(parse_mac("a4-c3-f0-11-22-33"), Ok(a));
        assert_eq!(parse_mac("a4c3.f011.2233"), Ok(a));
        assert_eq!(format_mac(a), "a4:c3:f0:11:22:33");
        assert!(parse_mac("a4:c3:f0:11:22").is_err());
        assert!(parse_mac("zz:c3:f0:11:22:33").is_err());
    }

    #[test]
    fn bssid_wildcards_match_their_prefix() {
        let prefix = parse_bssid_prefix("a4:c3:f0:11:22:3*").expect("prefix");
        assert_eq!(prefix.digits, 11);
        let bssid = parse_mac("a4:c3:f0:11:22:3f").expect("mac");
        assert_eq!(bssid_prefix_of(bssid, 11), prefix);
        assert_ne!(bssid_prefix_of(parse_mac("a4:c3:f0:11:22:4f").expect("mac"), 11), prefix);
        assert!(parse_bssid_prefix("a4:c3:f0:11:22:33").is_err(), "a full BSSID is not a wildcard");
    }

    #[test]
    fn subnets_must_be_networks() {
        assert_eq!(parse_subnet("10.1.2.0/24"), Ok(Subnet4 { prefix: 24, network: 0x0a01_0200 }));
        assert!(parse_subnet("10.1.2.5/24").expect_err("host bits").contains("10.1.2.0/24"));
        assert!(parse_subnet("10.1.2.0/33").is_err());
        assert_eq!(subnet_of(0x0a01_0205, 24), Subnet4 { prefix: 24, network: 0x0a01_0200 });
    }

    #[test]
    fn cidr_ranges_contain_their_addresses() {
        let range = Cidr::parse("203.0.113.0/24").expect("cidr");
        assert!(range.contains("203.0.113.77".parse().expect("ip")));
        assert!(!range.contains("203.0.114.1".parse().expect("ip")));
        let v6 = Cidr::parse("2001:db8::/32").expect("cidr");
        assert!(v6.contains("2001:db8:1::5".parse().expect("ip")));
        assert!(!v6.contains("203.0.113.77".parse().expect("ip")));
        assert!(Cidr::parse("203.0.113.1").expect("single").contains("203.0.113.1".parse().expect("ip")));
    }
}
