//! Parsers for the kernel's routing and neighbour tables as `/proc/net/route`, `/proc/net/ipv6_route` and
//! `/proc/net/arp` print them. Pure functions over text, so they are tested with fixtures.

use crate::routes::Neighbour;
use crate::snapshot::{DefaultRoute, RouteCoverage};
use std::net::{Ipv4Addr, Ipv6Addr};

const RTF_UP: u32 = 0x1;
const RTF_GATEWAY: u32 = 0x2;

/// Default routes (`0.0.0.0/0`) and half-default pairs (`0.0.0.0/1` + `128.0.0.0/1`) from `/proc/net/route`.
pub fn parse_ipv4_routes(text: &str) -> Vec<DefaultRoute> {
    let mut defaults = Vec::new();
    let mut halves: Vec<(String, Option<String>, u32, u32)> = Vec::new(); // (iface, gw, metric, dest)
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 8 {
            continue;
        }
        let (Some(dest), Some(gateway), Some(flags), Some(mask)) =
            (hex_u32(fields[1]), hex_u32(fields[2]), hex_u32(fields[3]), hex_u32(fields[7]))
        else {
            continue;
        };
        if flags & RTF_UP == 0 {
            continue;
        }
        let metric = fields[6].parse().unwrap_or(0);
        let gateway = (flags & RTF_GATEWAY != 0).then(|| le_ipv4(gateway).to_string());
        let iface = fields[0].to_owned();
        let (dest, mask) = (u32::from(le_ipv4(dest)), u32::from(le_ipv4(mask)));
        if mask == 0 && dest == 0 {
            defaults.push(DefaultRoute { interface: iface, gateway, metric, coverage: RouteCoverage::Default });
        } else if mask == 0x8000_0000 && (dest == 0 || dest == 0x8000_0000) {
            halves.push((iface, gateway, metric, dest));
        }
    }
    // A half-default pair counts when both halves leave by the same interface.
    for (iface, gateway, metric, dest) in &halves {
        let pair = halves.iter().any(|(i, _, _, d)| i == iface && *d != *dest);
        let seen = defaults.iter().any(|r| &r.interface == iface && r.coverage == RouteCoverage::SplitHalves);
        if *dest == 0 && pair && !seen {
            defaults.push(DefaultRoute {
                interface: iface.clone(),
                gateway: gateway.clone(),
                metric: *metric,
                coverage: RouteCoverage::SplitHalves,
            });
        }
    }
    defaults
}

/// Default routes (`::/0`) from `/proc/net/ipv6_route`.
pub fn parse_ipv6_routes(text: &str) -> Vec<DefaultRoute> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() < 10 || fields[1] != "00" || fields[0].chars().any(|c| c != '0') {
                return None;
            }
            let flags = hex_u32(fields[8])?;
            if flags & RTF_UP == 0 || fields[9] == "lo" {
                return None;
            }
            let next_hop = u128::from_str_radix(fields[4], 16).ok()?;
            let gateway = (next_hop != 0).then(|| Ipv6Addr::from(next_hop).to_string());
            Some(DefaultRoute {
                interface: fields[9].to_owned(),
                gateway,
                metric: hex_u32(fields[5]).unwrap_or(0),
                coverage: RouteCoverage::Default,
            })
        })
        .collect()
}

/// Complete entries of `/proc/net/arp` (incomplete ones have the all-zero MAC and flags 0x0).
pub fn parse_arp(text: &str) -> Vec<Neighbour> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() < 6 {
                return None;
            }
            let flags = u32::from_str_radix(fields[2].trim_start_matches("0x"), 16).ok()?;
            let mac = fields[3].to_ascii_lowercase();
            if flags & 0x2 == 0 || mac == "00:00:00:00:00:00" {
                return None;
            }
            Some(Neighbour { ip: fields[0].to_owned(), mac, interface: fields[5].to_owned() })
        })
        .collect()
}

fn hex_u32(field: &str) -> Option<u32> {
    u32::from_str_radix(field, 16).ok()
}

/// `/proc/net/route` prints addresses as the host's (little-endian) u32 of network-order bytes.
fn le_ipv4(value: u32) -> Ipv4Addr {
    Ipv4Addr::from(value.to_le_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTE: &str = "\
Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlp2s0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
wlp2s0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0
tun0\t00000000\t0100080A\t0003\t0\t0\t0\t00000080\t0\t0\t0
tun0\t00000080\t0100080A\t0003\t0\t0\t0\t00000080\t0\t0\t0
eth9\t00000000\t0101A8C0\t0002\t0\t0\t100\t00000000\t0\t0\t0
";

    #[test]
    fn ipv4_defaults_and_half_default_pairs_are_found() {
        let routes = parse_ipv4_routes(ROUTE);
        assert_eq!(routes.len(), 2, "{routes:?}");
        assert_eq!(
            routes[0],
            DefaultRoute {
                interface: "wlp2s0".into(),
                gateway: Some("192.168.1.1".into()),
                metric: 600,
                coverage: RouteCoverage::Default
            }
        );
        assert_eq!(routes[1].interface, "tun0");
        assert_eq!(routes[1].gateway.as_deref(), Some("10.8.0.1"));
        assert_eq!(routes[1].coverage, RouteCoverage::SplitHalves);
    }

    #[test]
    fn a_point_to_point_default_has_no_gateway() {
        let text = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n\
                    tun0\t00000000\t00000000\t0001\t0\t0\t50\t00000000\t0\t0\t0\n";
        assert_eq!(parse_ipv4_routes(text)[0].gateway, None);
    }

    #[test]
    fn ipv6_default_routes_are_found_and_loopback_rejects_skipped() {
        let text = "\
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003 wlp2s0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo
fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 wlp2s0
";
        let routes = parse_ipv6_routes(text);
        assert_eq!(routes.len(), 1, "{routes:?}");
        assert_eq!(routes[0].gateway.as_deref(), Some("fe80::1"));
        assert_eq!(routes[0].metric, 1024);
    }

    #[test]
    fn only_complete_arp_entries_count() {
        let text = "\
IP address       HW type     Flags       HW address            Mask     Device
10.200.7.1       0x1         0x2         02:00:5E:AA:BB:CC     *        lv1g0
10.200.8.1       0x1         0x0         00:00:00:00:00:00     *        lv1g1
";
        let neighbours = parse_arp(text);
        assert_eq!(
            neighbours,
            vec![Neighbour { ip: "10.200.7.1".into(), mac: "02:00:5e:aa:bb:cc".into(), interface: "lv1g0".into() }]
        );
    }
}
