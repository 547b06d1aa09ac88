//! The matcher: given what the network shows (an `Observation`) and the compiled rules, decide which location
//! the laptop is at, and explain why. Pure: no I/O, no clock.
//!
//! Precedence, most specific first (ARCHITECTURE.md §4): BSSID → BSSID wildcard → switch + port → switch →
//! gateway MAC (→ personal fingerprint) → subnet → SSID + subnet. Subnet and SSID rules count only when the
//! public IP is trusted (S2). For the same identifier an IT rule outranks a personal one, unless the caller says
//! the user confirmed this network after IT last changed it (`Precedence::User`): the user is the better witness
//! of where they are (one gateway can serve several floors). Strong signals that point at different locations are
//! never silently resolved: the result is low confidence and needs confirmation.

mod index;
pub mod keys;
mod rules;

pub use index::{RuleError, RuleIndex};
pub use keys::Cidr;
pub use rules::{HowObtained, NetworkRule, RuleKind, RuleSource};

use index::Entry;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use ts_rs::TS;

/// What the network shows, as the matcher needs it (built from a `NetworkSnapshot` by the caller).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observation {
    /// Wi-Fi BSSID.
    pub bssid: Option<String>,
    /// Wi-Fi SSID.
    pub ssid: Option<String>,
    /// LLDP switch chassis id and port, when known.
    pub switch: Option<(String, Option<String>)>,
    /// Physical gateway MAC.
    pub gateway_mac: Option<String>,
    /// Keyed fingerprint id of the network.
    pub fingerprint_id: Option<String>,
    /// IPv4 addresses of the physical interface.
    pub ipv4_addrs: Vec<std::net::Ipv4Addr>,
    /// Public egress IP, when known.
    pub public_ip: Option<IpAddr>,
}

/// How sure the matcher is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A strong identifier matched and nothing disagrees.
    High,
    /// Only a trust-gated subnet or SSID rule matched.
    Medium,
    /// Signals disagree, or nothing matched.
    Low,
}

/// What the matcher did with one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// This rule chose the location.
    Chosen,
    /// Matched and points at the same location.
    Agrees,
    /// Matched but points elsewhere: a conflict.
    Conflicts,
    /// Matched, but an IT rule for the same identifier wins.
    Outranked,
    /// An IT rule that matched, but the user confirmed another place for this network after IT last changed it.
    OverriddenByUser,
    /// Matched, but is a subnet/SSID rule and the public IP is not trusted (S2).
    IgnoredUntrusted,
    /// Matched, but a more specific identifier already decided.
    Superseded,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Evidence {
    /// Rule kind.
    pub kind: RuleKind,
    /// The identifier as observed (fingerprint ids, never raw personal identifiers).
    pub identifier: String,
    /// The location the rule points at.
    pub location_id: String,
    /// Who made the rule.
    pub source: RuleSource,
    /// What the matcher did with it.
    pub verdict: Verdict,
}

/// The matcher's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Resolution {
    /// The chosen location, if any.
    pub location_id: Option<String>,
    /// Every rule that matched, and what was done with it.
    pub evidence: Vec<Evidence>,
    /// How sure.
    pub confidence: Confidence,
    /// How the chosen location was obtained.
    pub how_obtained: Option<HowObtained>,
    /// Strong signals disagree: the user must confirm.
    pub conflict: bool,
}

/// Which rule wins when an IT rule and the user's own answer name the same identifier (a gateway MAC and the
/// personal fingerprint derived from it). Stronger identifiers (BSSID, switch port) keep their precedence either
/// way: a user's answer that disagrees with one is a conflict, and the user is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precedence {
    /// IT's rule wins: the user never confirmed this network, or IT changed it since.
    #[default]
    ItMap,
    /// The user's answer wins: they confirmed this network after IT last changed anything touching it.
    User,
}

/// Matches `observation` against `index` with IT rules first. `trusted` are the organisation's public IP ranges.
pub fn resolve(index: &RuleIndex, observation: &Observation, trusted: &[Cidr]) -> Resolution {
    resolve_with(index, observation, trusted, Precedence::ItMap)
}

/// Matches `observation` against `index`; `precedence` decides between IT and the user for the same identifier.
pub fn resolve_with(
    index: &RuleIndex,
    observation: &Observation,
    trusted: &[Cidr],
    precedence: Precedence,
) -> Resolution {
    let mut matched: Vec<(&Entry, Seen<'_>)> = Vec::new();
    if let Some(bssid) = observation.bssid.as_deref().and_then(|b| keys::parse_mac(b).ok()) {
        matched.extend(index.by_bssid(bssid).map(|e| (e, Seen::Mac(bssid))));
        index.by_bssid_prefix(bssid, |e| matched.push((e, Seen::Mac(bssid))));
    }
    if let Some((chassis, port)) = &observation.switch {
        if let Some(port) = port {
            matched.extend(index.by_switch_port(chassis, port).map(|e| (e, Seen::SwitchPort(chassis, port))));
        }
        matched.extend(index.by_switch(chassis).map(|e| (e, Seen::Text(chassis))));
    }
    if let Some(mac) = observation.gateway_mac.as_deref().and_then(|m| keys::parse_mac(m).ok()) {
        let in_subnet =
            |q: keys::Subnet4| observation.ipv4_addrs.iter().any(|a| keys::subnet_of(u32::from(*a), q.prefix) == q);
        matched.extend(
            index.by_gateway_mac(mac).filter(|e| e.qualifier.is_none_or(in_subnet)).map(|e| (e, Seen::Mac(mac))),
        );
    }
    if let Some(id) = &observation.fingerprint_id {
        matched.extend(index.by_fingerprint(id).map(|e| (e, Seen::Fingerprint(id))));
    }
    for addr in &observation.ipv4_addrs {
        let addr = u32::from(*addr);
        index.by_subnet(addr, |e, s| matched.push((e, Seen::Subnet(s))));
        if let Some(ssid) = &observation.ssid {
            index.by_ssid(ssid, addr, |e, s| matched.push((e, Seen::Ssid(ssid, s))));
        }
    }
    let trusted = observation.public_ip.is_some_and(|ip| trusted.iter().any(|c| c.contains(ip)));
    decide(index, matched, trusted, precedence)
}

/// What was observed, formatted only when it becomes evidence.
#[derive(Debug, Clone, Copy)]
enum Seen<'a> {
    Mac(keys::Mac48),
    SwitchPort(&'a str, &'a str),
    Text(&'a str),
    Fingerprint(&'a str),
    Subnet(keys::Subnet4),
    Ssid(&'a str, keys::Subnet4),
}

impl Seen<'_> {
    fn describe(self) -> String {
        match self {
            Seen::Mac(mac) => keys::format_mac(mac),
            Seen::SwitchPort(chassis, port) => format!("{chassis}|{port}"),
            Seen::Text(text) => text.to_owned(),
            Seen::Fingerprint(id) => format!("fingerprint {id}"),
            Seen::Subnet(subnet) => subnet_text(subnet),
            Seen::Ssid(ssid, subnet) => format!("{ssid}|{}", subnet_text(subnet)),
        }
    }
}

/// A personal fingerprint is derived from the gateway MAC, so the two name the same identifier.
fn identifier_class(kind: RuleKind) -> RuleKind {
    if kind == RuleKind::Fingerprint { RuleKind::GatewayMac } else { kind }
}

fn same_identifier(a: RuleKind, b: RuleKind) -> bool {
    identifier_class(a) == identifier_class(b)
}

fn subnet_text(subnet: keys::Subnet4) -> String {
    format!("{}/{}", std::net::Ipv4Addr::from(subnet.network), subnet.prefix)
}

fn decide(
    index: &RuleIndex,
    mut matched: Vec<(&Entry, Seen<'_>)>,
    trusted: bool,
    precedence: Precedence,
) -> Resolution {
    // Precedence by identifier (the enum is ordered strongest first; a fingerprint is its gateway MAC), then the
    // preferred source, then the kind; stable for ties.
    let preferred = match precedence {
        Precedence::ItMap => RuleSource::ItMap,
        Precedence::User => RuleSource::Personal,
    };
    matched.sort_by_key(|(e, _)| (identifier_class(e.kind), e.source != preferred, e.kind));
    let usable = |e: &Entry| !e.kind.needs_trust_gate() || trusted;
    let chosen = matched.iter().position(|(e, _)| usable(e));
    let mut evidence = Vec::with_capacity(matched.len());
    let mut conflict = false;
    for (position, (entry, seen)) in matched.iter().enumerate() {
        let location = index.location(entry);
        let verdict = match chosen {
            _ if !usable(entry) => Verdict::IgnoredUntrusted,
            Some(c) if c == position => Verdict::Chosen,
            Some(c) => {
                let (winner, _) = matched[c];
                if index.location(winner) == location {
                    Verdict::Agrees
                } else if same_identifier(entry.kind, winner.kind) && entry.source != winner.source {
                    match winner.source {
                        RuleSource::ItMap => Verdict::Outranked,
                        RuleSource::Personal => Verdict::OverriddenByUser,
                    }
                } else if entry.kind.is_strong() && winner.kind.is_strong() {
                    conflict = true;
                    Verdict::Conflicts
                } else {
                    Verdict::Superseded
                }
            }
            None => Verdict::IgnoredUntrusted,
        };
        evidence.push(Evidence {
            kind: entry.kind,
            identifier: seen.describe(),
            location_id: location.to_owned(),
            source: entry.source,
            verdict,
        });
    }
    let winner = chosen.map(|c| matched[c].0);
    let confidence = match winner {
        None => Confidence::Low,
        Some(_) if conflict => Confidence::Low,
        Some(e) if e.kind.needs_trust_gate() => Confidence::Medium,
        Some(_) => Confidence::High,
    };
    Resolution {
        location_id: winner.map(|e| index.location(e).to_owned()),
        evidence,
        confidence,
        how_obtained: winner.map(|e| e.how),
        conflict,
    }
}

#[cfg(test)]
mod tests;
