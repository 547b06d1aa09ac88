//! `RuleIndex`: rules compiled into hash maps keyed by compact integers, so a lookup over a million rules costs
//! a handful of hash probes (docs/BENCHMARKS.md). Duplicate keys chain through `next`, so the index stores
//! one small entry per rule. Building it validates every rule and reports each bad one with its position.

use super::keys::{self, BssidPrefix, Mac48, Subnet4};
use super::rules::{HowObtained, NetworkRule, RuleKind, RuleSource};
use std::collections::HashMap;

const NONE: u32 = u32::MAX;

/// A rule as stored in the index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) kind: RuleKind,
    pub(crate) location: u32,
    pub(crate) source: RuleSource,
    pub(crate) how: HowObtained,
    /// Gateway MAC rules may be qualified by a subnet.
    pub(crate) qualifier: Option<Subnet4>,
    next: u32,
}

/// A rule that could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Index of the rule in the input.
    pub index: usize,
    /// What is wrong.
    pub message: String,
}

/// Compiled rules.
#[derive(Debug, Default)]
pub struct RuleIndex {
    pub(crate) entries: Vec<Entry>,
    pub(crate) locations: Vec<String>,
    location_ids: HashMap<String, u32>,
    bssid: HashMap<Mac48, u32>,
    bssid_prefix: HashMap<BssidPrefix, u32>,
    prefix_lengths: Vec<u8>,
    switch_port: HashMap<(String, String), u32>,
    switch: HashMap<String, u32>,
    gateway_mac: HashMap<Mac48, u32>,
    fingerprint: HashMap<String, u32>,
    subnet: HashMap<Subnet4, u32>,
    subnet_lengths: Vec<u8>,
    ssid: HashMap<(String, Subnet4), u32>,
    ssid_lengths: Vec<u8>,
}

impl RuleIndex {
    /// Compiles `rules`; every invalid rule is reported and left out.
    pub fn build(rules: &[NetworkRule]) -> (Self, Vec<RuleError>) {
        let mut index = Self::default();
        let mut errors = Vec::new();
        for (position, rule) in rules.iter().enumerate() {
            let added = index.add(rule.kind, &rule.value, &rule.location_id, rule.source, rule.how_obtained);
            if let Err(message) = added {
                errors.push(RuleError { index: position, message });
            }
        }
        (index, errors)
    }

    /// How many rules are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no rule is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds one rule without building a `NetworkRule` first (for streaming a large table into the index).
    pub fn add(
        &mut self,
        kind: RuleKind,
        value: &str,
        location_id: &str,
        source: RuleSource,
        how: HowObtained,
    ) -> Result<(), String> {
        let mut qualifier = None;
        let slot = match kind {
            RuleKind::Bssid => Key::Bssid(keys::parse_mac(value)?),
            RuleKind::BssidPrefix => Key::BssidPrefix(keys::parse_bssid_prefix(value)?),
            RuleKind::SwitchPort => {
                let (chassis, port) = value
                    .split_once('|')
                    .filter(|(c, p)| !c.trim().is_empty() && !p.trim().is_empty())
                    .ok_or_else(|| format!("\"{}\" is not chassis|port", value))?;
                Key::SwitchPort(normalise_id(chassis), port.trim().to_owned())
            }
            RuleKind::Switch => {
                if value.trim().is_empty() {
                    return Err("a switch rule needs a chassis id".into());
                }
                Key::Switch(normalise_id(value))
            }
            RuleKind::GatewayMac => {
                let (mac, subnet) = match value.split_once('|') {
                    Some((mac, subnet)) => (mac, Some(keys::parse_subnet(subnet.trim())?)),
                    None => (value, None),
                };
                qualifier = subnet;
                Key::GatewayMac(keys::parse_mac(mac.trim())?)
            }
            RuleKind::Fingerprint => {
                if value.len() != 32 || !value.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(format!("\"{}\" is not a network fingerprint id", value));
                }
                Key::Fingerprint(value.to_ascii_lowercase())
            }
            RuleKind::Subnet => Key::Subnet(keys::parse_subnet(value.trim())?),
            RuleKind::Ssid => {
                let (ssid, subnet) = value
                    .rsplit_once('|')
                    .ok_or_else(|| format!("\"{}\" is not SSID|subnet (an SSID alone never locates)", value))?;
                if ssid.is_empty() {
                    return Err("the SSID is empty".into());
                }
                Key::Ssid(ssid.to_owned(), keys::parse_subnet(subnet.trim())?)
            }
        };
        let location = self.intern(location_id);
        let entry = Entry { kind, location, source, how, qualifier, next: NONE };
        let id = self.entries.len() as u32;
        self.entries.push(entry);
        let head = match slot {
            Key::Bssid(k) => self.bssid.entry(k).or_insert(NONE),
            Key::BssidPrefix(k) => {
                if !self.prefix_lengths.contains(&k.digits) {
                    self.prefix_lengths.push(k.digits);
                }
                self.bssid_prefix.entry(k).or_insert(NONE)
            }
            Key::SwitchPort(c, p) => self.switch_port.entry((c, p)).or_insert(NONE),
            Key::Switch(c) => self.switch.entry(c).or_insert(NONE),
            Key::GatewayMac(k) => self.gateway_mac.entry(k).or_insert(NONE),
            Key::Fingerprint(k) => self.fingerprint.entry(k).or_insert(NONE),
            Key::Subnet(k) => {
                if !self.subnet_lengths.contains(&k.prefix) {
                    self.subnet_lengths.push(k.prefix);
                    self.subnet_lengths.sort_unstable_by(|a, b| b.cmp(a));
                }
                self.subnet.entry(k).or_insert(NONE)
            }
            Key::Ssid(s, n) => {
                if !self.ssid_lengths.contains(&n.prefix) {
                    self.ssid_lengths.push(n.prefix);
                    self.ssid_lengths.sort_unstable_by(|a, b| b.cmp(a));
                }
                self.ssid.entry((s, n)).or_insert(NONE)
            }
        };
        self.entries[id as usize].next = *head;
        *head = id;
        Ok(())
    }

    fn intern(&mut self, location_id: &str) -> u32 {
        if let Some(id) = self.location_ids.get(location_id) {
            return *id;
        }
        let id = self.locations.len() as u32;
        self.locations.push(location_id.to_owned());
        self.location_ids.insert(location_id.to_owned(), id);
        id
    }

    /// The rules chained from `head`.
    fn chain(&self, head: Option<&u32>) -> impl Iterator<Item = &Entry> {
        let mut cursor = head.copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            if cursor == NONE {
                return None;
            }
            let entry = &self.entries[cursor as usize];
            cursor = entry.next;
            Some(entry)
        })
    }

    pub(crate) fn by_bssid(&self, bssid: Mac48) -> impl Iterator<Item = &Entry> {
        self.chain(self.bssid.get(&bssid))
    }

    /// Longest matching wildcard first.
    pub(crate) fn by_bssid_prefix<'a>(&'a self, bssid: Mac48, mut found: impl FnMut(&'a Entry)) {
        for digits in &self.prefix_lengths {
            self.chain(self.bssid_prefix.get(&keys::bssid_prefix_of(bssid, *digits))).for_each(&mut found);
        }
    }

    pub(crate) fn by_switch_port(&self, chassis: &str, port: &str) -> impl Iterator<Item = &Entry> {
        self.chain(self.switch_port.get(&(normalise_id(chassis), port.trim().to_owned())))
    }

    pub(crate) fn by_switch(&self, chassis: &str) -> impl Iterator<Item = &Entry> {
        self.chain(self.switch.get(&normalise_id(chassis)))
    }

    pub(crate) fn by_gateway_mac(&self, mac: Mac48) -> impl Iterator<Item = &Entry> {
        self.chain(self.gateway_mac.get(&mac))
    }

    pub(crate) fn by_fingerprint(&self, id: &str) -> impl Iterator<Item = &Entry> {
        self.chain(self.fingerprint.get(&id.to_ascii_lowercase()))
    }

    /// Most specific subnet first.
    pub(crate) fn by_subnet<'a>(&'a self, addr: u32, mut found: impl FnMut(&'a Entry, Subnet4)) {
        for prefix in &self.subnet_lengths {
            let subnet = keys::subnet_of(addr, *prefix);
            self.chain(self.subnet.get(&subnet)).for_each(|e| found(e, subnet));
        }
    }

    pub(crate) fn by_ssid<'a>(&'a self, ssid: &str, addr: u32, mut found: impl FnMut(&'a Entry, Subnet4)) {
        if self.ssid_lengths.is_empty() {
            return;
        }
        let mut key = (ssid.to_owned(), keys::subnet_of(addr, 32));
        for prefix in &self.ssid_lengths {
            key.1 = keys::subnet_of(addr, *prefix);
            self.chain(self.ssid.get(&key)).for_each(|e| found(e, key.1));
        }
    }

    pub(crate) fn location(&self, entry: &Entry) -> &str {
        &self.locations[entry.location as usize]
    }
}

enum Key {
    Bssid(Mac48),
    BssidPrefix(BssidPrefix),
    SwitchPort(String, String),
    Switch(String),
    GatewayMac(Mac48),
    Fingerprint(String),
    Subnet(Subnet4),
    Ssid(String, Subnet4),
}

/// Chassis ids are usually MACs; normalise those, keep other ids as given (trimmed, lower case).
fn normalise_id(id: &str) -> String {
    keys::parse_mac(id.trim()).map(keys::format_mac).unwrap_or_else(|_| id.trim().to_ascii_lowercase())
}
