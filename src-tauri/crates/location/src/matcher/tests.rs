//! Matcher behaviour: precedence, IT over personal, trust gating (S2, including a property test over generated
//! networks), conflicts, evidence.

use super::*;

const FP: &str = "0123456789abcdef0123456789abcdef";

fn rule(kind: RuleKind, value: &str, location: &str, source: RuleSource) -> NetworkRule {
    let how_obtained = match source {
        RuleSource::ItMap => HowObtained::Wiremap,
        RuleSource::Personal => HowObtained::UserConfirmed,
    };
    NetworkRule { kind, value: value.into(), location_id: location.into(), source, how_obtained }
}

fn it(kind: RuleKind, value: &str, location: &str) -> NetworkRule {
    rule(kind, value, location, RuleSource::ItMap)
}

fn index(rules: &[NetworkRule]) -> RuleIndex {
    let (index, errors) = RuleIndex::build(rules);
    assert!(errors.is_empty(), "{errors:?}");
    index
}

fn office_network() -> Observation {
    Observation {
        bssid: Some("a4:c3:f0:11:22:3f".into()),
        ssid: Some("Corp".into()),
        gateway_mac: Some("02:00:5e:aa:bb:cc".into()),
        fingerprint_id: Some(FP.into()),
        ipv4_addrs: vec!["10.1.2.50".parse().expect("ip")],
        public_ip: Some("203.0.113.10".parse().expect("ip")),
        ..Observation::default()
    }
}

fn trusted() -> Vec<Cidr> {
    vec![Cidr::parse("203.0.113.0/24").expect("cidr")]
}

#[test]
fn bssid_beats_every_weaker_identifier() {
    let idx = index(&[
        it(RuleKind::Subnet, "10.1.2.0/24", "floor-1"),
        it(RuleKind::GatewayMac, "02:00:5e:aa:bb:cc", "building"),
        it(RuleKind::BssidPrefix, "a4:c3:f0:11:22:3*", "floor-3"),
        it(RuleKind::Bssid, "a4:c3:f0:11:22:3f", "floor-3-east"),
    ]);
    let r = resolve(&idx, &office_network(), &trusted());
    assert_eq!(r.location_id.as_deref(), Some("floor-3-east"));
    assert_eq!(r.how_obtained, Some(HowObtained::Wiremap));
    assert_eq!(r.evidence[0].verdict, Verdict::Chosen);
    assert_eq!(r.evidence[0].kind, RuleKind::Bssid);
}

#[test]
fn a_bssid_wildcard_covers_the_radios_of_one_access_point() {
    let idx = index(&[it(RuleKind::BssidPrefix, "a4:c3:f0:11:22:3*", "floor-3")]);
    let r = resolve(&idx, &office_network(), &[]);
    assert_eq!(r.location_id.as_deref(), Some("floor-3"));
    assert_eq!(r.confidence, Confidence::High);
}

#[test]
fn a_subnet_rule_without_a_trusted_public_ip_never_locates() {
    let idx = index(&[it(RuleKind::Subnet, "10.1.2.0/24", "hq")]);
    let mut home = office_network();
    home.public_ip = Some("198.51.100.7".parse().expect("ip"));
    let r = resolve(&idx, &home, &trusted());
    assert_eq!(r.location_id, None);
    assert_eq!(r.evidence[0].verdict, Verdict::IgnoredUntrusted);
    home.public_ip = None;
    assert_eq!(resolve(&idx, &home, &trusted()).location_id, None, "an unknown public IP is not trusted");
}

#[test]
fn a_subnet_rule_behind_a_trusted_public_ip_locates_with_medium_confidence() {
    let idx = index(&[it(RuleKind::Subnet, "10.1.0.0/16", "campus"), it(RuleKind::Subnet, "10.1.2.0/24", "hq-2")]);
    let r = resolve(&idx, &office_network(), &trusted());
    assert_eq!(r.location_id.as_deref(), Some("hq-2"), "the most specific subnet wins");
    assert_eq!(r.confidence, Confidence::Medium);
}

#[test]
fn an_ssid_alone_is_not_a_rule() {
    let (_, errors) = RuleIndex::build(&[it(RuleKind::Ssid, "Corp", "hq")]);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("SSID alone never locates"), "{errors:?}");
}

#[test]
fn an_ssid_on_a_subnet_locates_only_when_trusted() {
    let idx = index(&[it(RuleKind::Ssid, "Corp|10.1.2.0/24", "hq")]);
    assert_eq!(resolve(&idx, &office_network(), &trusted()).location_id.as_deref(), Some("hq"));
    assert_eq!(resolve(&idx, &office_network(), &[]).location_id, None);
}

#[test]
fn it_rules_outrank_personal_ones_for_the_same_identifier() {
    let idx = index(&[
        rule(RuleKind::Fingerprint, FP, "my-desk", RuleSource::Personal),
        it(RuleKind::GatewayMac, "02:00:5e:aa:bb:cc", "hq"),
    ]);
    let r = resolve(&idx, &office_network(), &[]);
    assert_eq!(r.location_id.as_deref(), Some("hq"));
    assert!(!r.conflict);
    assert!(r.evidence.iter().any(|e| e.source == RuleSource::Personal && e.verdict == Verdict::Outranked));
}

#[test]
fn the_users_answer_given_after_its_last_change_overrides_it_for_the_same_identifier() {
    let idx = index(&[
        rule(RuleKind::Fingerprint, FP, "hq-5", RuleSource::Personal),
        it(RuleKind::GatewayMac, "02:00:5e:aa:bb:cc", "hq-3"),
    ]);
    let r = resolve_with(&idx, &office_network(), &[], Precedence::User);
    assert_eq!(r.location_id.as_deref(), Some("hq-5"), "{r:?}");
    assert_eq!(r.how_obtained, Some(HowObtained::UserConfirmed));
    assert_eq!((r.conflict, r.confidence), (false, Confidence::High));
    let verdict = |source| r.evidence.iter().find(|e| e.source == source).map(|e| e.verdict);
    assert_eq!(verdict(RuleSource::Personal), Some(Verdict::Chosen));
    assert_eq!(verdict(RuleSource::ItMap), Some(Verdict::OverriddenByUser));
    // Without the user's word the same rules still resolve to IT's place.
    assert_eq!(resolve(&idx, &office_network(), &[]).location_id.as_deref(), Some("hq-3"));
}

#[test]
fn the_users_answer_never_silently_overrides_a_stronger_it_identifier() {
    let idx = index(&[
        rule(RuleKind::Fingerprint, FP, "hq-5", RuleSource::Personal),
        it(RuleKind::Bssid, "a4:c3:f0:11:22:3f", "hq-3-east"),
    ]);
    let r = resolve_with(&idx, &office_network(), &[], Precedence::User);
    assert!(r.conflict, "a known access point elsewhere is a conflict, and the user is asked: {r:?}");
    assert_eq!(r.confidence, Confidence::Low);
}

#[test]
fn user_precedence_without_an_answer_keeps_its_place() {
    let idx = index(&[it(RuleKind::GatewayMac, "02:00:5e:aa:bb:cc", "hq-3")]);
    let r = resolve_with(&idx, &office_network(), &[], Precedence::User);
    assert_eq!((r.location_id.as_deref(), r.how_obtained), (Some("hq-3"), Some(HowObtained::Wiremap)));
}

#[test]
fn a_personal_fingerprint_locates_a_home_network() {
    let idx = index(&[rule(RuleKind::Fingerprint, FP, "home", RuleSource::Personal)]);
    let r = resolve(&idx, &office_network(), &[]);
    assert_eq!(r.location_id.as_deref(), Some("home"));
    assert_eq!(r.how_obtained, Some(HowObtained::UserConfirmed));
}

#[test]
fn conflicting_strong_signals_lower_confidence_and_ask() {
    let idx = index(&[
        it(RuleKind::Bssid, "a4:c3:f0:11:22:3f", "hq-floor-3"),
        it(RuleKind::GatewayMac, "02:00:5e:aa:bb:cc", "branch"),
    ]);
    let r = resolve(&idx, &office_network(), &[]);
    assert!(r.conflict);
    assert_eq!(r.confidence, Confidence::Low);
    assert!(r.evidence.iter().any(|e| e.verdict == Verdict::Conflicts && e.location_id == "branch"));
}

#[test]
fn a_gateway_mac_qualified_by_subnet_needs_that_subnet() {
    let idx = index(&[it(RuleKind::GatewayMac, "02:00:5e:aa:bb:cc|10.9.0.0/24", "lab")]);
    assert_eq!(resolve(&idx, &office_network(), &[]).location_id, None);
    let mut lab = office_network();
    lab.ipv4_addrs = vec!["10.9.0.7".parse().expect("ip")];
    assert_eq!(resolve(&idx, &lab, &[]).location_id.as_deref(), Some("lab"));
}

#[test]
fn switch_port_beats_switch() {
    let idx = index(&[
        it(RuleKind::Switch, "00:11:22:33:44:55", "closet"),
        it(RuleKind::SwitchPort, "00:11:22:33:44:55|Gi1/0/7", "desk-7"),
    ]);
    let mut wired =
        Observation { switch: Some(("00-11-22-33-44-55".into(), Some("Gi1/0/7".into()))), ..Default::default() };
    assert_eq!(resolve(&idx, &wired, &[]).location_id.as_deref(), Some("desk-7"));
    wired.switch = Some(("00:11:22:33:44:55".into(), Some("Gi1/0/8".into())));
    assert_eq!(resolve(&idx, &wired, &[]).location_id.as_deref(), Some("closet"));
}

#[test]
fn nothing_matching_is_low_confidence_and_unresolved() {
    let idx = index(&[it(RuleKind::Bssid, "00:00:00:00:00:01", "x")]);
    let r = resolve(&idx, &office_network(), &[]);
    assert_eq!((r.location_id, r.confidence, r.evidence.len()), (None, Confidence::Low, 0));
}

#[test]
fn bad_rules_are_reported_with_their_position() {
    let (idx, errors) = RuleIndex::build(&[
        it(RuleKind::Bssid, "not-a-mac", "x"),
        it(RuleKind::Subnet, "10.1.2.3/24", "y"),
        it(RuleKind::GatewayMac, "02:00:5e:aa:bb:cc", "z"),
    ]);
    assert_eq!(idx.len(), 1);
    assert_eq!(errors.iter().map(|e| e.index).collect::<Vec<_>>(), vec![0, 1]);
}

/// A small deterministic generator, so the property test needs no extra dependency and replays exactly.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// S2 over generated networks: whatever the rules (IT or personal, any kinds) and whatever the observation, a
/// location chosen by a subnet or SSID rule implies a trusted public IP; and with only subnet/SSID rules and an
/// untrusted public IP nothing is ever resolved.
#[test]
fn property_no_location_from_subnet_or_ssid_without_a_trusted_public_ip() {
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let ranges = trusted();
    for case in 0..2_000 {
        let weak_only = case % 2 == 0;
        let mut rules = Vec::new();
        for n in 0..(1 + rng.below(12)) {
            let net = format!("192.168.{}.0/24", rng.below(4));
            let location = format!("loc-{}", rng.below(5));
            let source = if rng.below(2) == 0 { RuleSource::ItMap } else { RuleSource::Personal };
            let kind = if weak_only {
                [RuleKind::Subnet, RuleKind::Ssid][rng.below(2) as usize]
            } else {
                [RuleKind::Subnet, RuleKind::Ssid, RuleKind::GatewayMac, RuleKind::Bssid][rng.below(4) as usize]
            };
            let value = match kind {
                RuleKind::Subnet => net,
                RuleKind::Ssid => format!("Net{}|{net}", rng.below(3)),
                _ => format!("02:00:00:00:00:{:02x}", rng.below(8)),
            };
            rules.push(rule(kind, &value, &location, source));
            let _ = n;
        }
        let (idx, errors) = RuleIndex::build(&rules);
        assert!(errors.is_empty());
        let trusted_ip = rng.below(3) == 0;
        let observation = Observation {
            bssid: Some(format!("02:00:00:00:00:{:02x}", rng.below(8))),
            ssid: Some(format!("Net{}", rng.below(3))),
            gateway_mac: Some(format!("02:00:00:00:00:{:02x}", rng.below(8))),
            ipv4_addrs: vec![format!("192.168.{}.{}", rng.below(4), 1 + rng.below(250)).parse().expect("ip")],
            public_ip: Some(if trusted_ip { "203.0.113.9" } else { "198.51.100.9" }.parse().expect("ip")),
            ..Observation::default()
        };
        let r = resolve(&idx, &observation, &ranges);
        let chosen = r.evidence.iter().find(|e| e.verdict == Verdict::Chosen);
        if let Some(chosen) = chosen {
            assert!(!chosen.kind.needs_trust_gate() || trusted_ip, "case {case}: {r:?}");
        }
        if weak_only && !trusted_ip {
            assert_eq!(r.location_id, None, "case {case}: {r:?}");
        }
    }
}
