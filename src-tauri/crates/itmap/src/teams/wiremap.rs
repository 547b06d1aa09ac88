//! Wiremap rules: subnets, wireless access points, switches and ports, each pointing at a location; and what to
//! do when one identifier appears more than once.

use super::source::{Row, Table};
use super::{Import, LOCATIONS, Origin, RuleDraft, note, values};
use crate::convert::rule_from_spec;
use crate::{MapError, RuleSpec};
use locus_location::matcher::RuleKind;
use std::collections::HashMap;

/// Which wiremap file a row comes from.
#[derive(Clone, Copy)]
pub(super) enum Network {
    Subnet,
    AccessPoint,
    Switch,
    Port,
}

/// Where a wiremap file keeps its identifier, port and location.
#[derive(Clone, Copy)]
struct Columns {
    identifier_name: &'static str,
    identifier: usize,
    port: Option<usize>,
    location: usize,
}

impl Import {
    /// Rules from one wiremap file.
    pub(super) fn network(&mut self, table: &Table, network: Network) -> Result<(), MapError> {
        let identifier_name = match network {
            Network::Subnet => "Subnet",
            Network::AccessPoint => "BSSID",
            Network::Switch | Network::Port => "ChassisID",
        };
        let identifier = table.required(identifier_name)?;
        let port = match network {
            Network::Port => Some(table.required("PortID")?),
            _ => None,
        };
        let location = table.required("LocationId")?;
        for row in &table.rows {
            let origin = (table.file, row.line);
            let columns = Columns { identifier_name, identifier, port, location };
            match self.network_rule(row, origin, network, columns) {
                Ok(rule) => self.rules.push(rule),
                Err(reason) => note(&mut self.notes, origin, format!("left out: {reason}")),
            }
        }
        Ok(())
    }

    fn network_rule(
        &mut self,
        row: &Row,
        origin: Origin,
        network: Network,
        cols: Columns,
    ) -> Result<RuleDraft, String> {
        let identifier = row.get(Some(cols.identifier));
        if identifier.is_empty() {
            return Err(format!("the row has no {}", cols.identifier_name));
        }
        let port = match cols.port.map(|c| row.get(Some(c))) {
            Some("") => return Err("the row has no PortID".into()),
            other => other.map(str::to_owned),
        };
        let location = row.get(Some(cols.location));
        if location.is_empty() {
            return Err("the row has no LocationId".into());
        }
        let key = values::key(location);
        let Some(&(site, place)) = self.place_by_key.get(&key) else {
            return Err(match self.left_out_places.get(&key) {
                Some((file, line)) => format!("location {location} was left out ({file} line {line})"),
                None => format!(
                    "LocationId {location} is unknown: not in {LOCATIONS} and no civic address's DefaultLocationId"
                ),
            });
        };
        let mut assumed = None;
        let spec = match network {
            Network::Subnet => {
                let (cidr, prefix_assumed) = values::subnet(identifier)?;
                if prefix_assumed {
                    assumed = Some(format!(
                        "assumed /24: Teams stores subnet ID {identifier} without a prefix length, so it was imported \
                         as {cidr}; check the real size of that subnet"
                    ));
                }
                RuleSpec { kind: "subnet".into(), cidr: Some(cidr.into()), ..RuleSpec::default() }
            }
            Network::AccessPoint => {
                RuleSpec { kind: "bssid".into(), bssid: Some(values::bssid(identifier)?.into()), ..RuleSpec::default() }
            }
            Network::Switch | Network::Port => RuleSpec {
                kind: "switch".into(),
                chassis: Some(values::chassis(identifier)?.into()),
                port: port.map(Into::into),
                ..RuleSpec::default()
            },
        };
        let place_id = &self.sites[site].places[place].place.id;
        let rule = rule_from_spec(spec.clone(), place_id).map_err(|(_, message)| message)?;
        if let Some(message) = assumed {
            note(&mut self.notes, origin, message);
        }
        let what = match rule.kind {
            RuleKind::Subnet => format!("subnet {}", rule.value),
            RuleKind::Bssid | RuleKind::BssidPrefix => format!("BSSID {}", rule.value),
            RuleKind::SwitchPort => format!("switch port {}", rule.value.replacen('|', " port ", 1)),
            _ => format!("switch {}", rule.value),
        };
        Ok(RuleDraft { site, place, spec, key: (rule.kind, rule.value), what, origin })
    }

    /// Which rules to keep: an identifier repeated for the same place is kept once; one mapped to different
    /// places is left out everywhere, since nothing says which of them is right.
    pub(super) fn settle_repeats(&mut self) -> Vec<bool> {
        let mut groups: HashMap<&(RuleKind, String), Vec<usize>> = HashMap::new();
        for (i, rule) in self.rules.iter().enumerate() {
            groups.entry(&rule.key).or_default().push(i);
        }
        let mut keep = vec![true; self.rules.len()];
        for (i, rule) in self.rules.iter().enumerate() {
            let group = &groups[&rule.key];
            let target = |j: usize| (self.rules[j].site, self.rules[j].place);
            let (first_file, first_line) = self.rules[group[0]].origin;
            if let Some(&other) = group.iter().find(|&&j| target(j) != target(i)) {
                keep[i] = false;
                let (file, line) = self.rules[other].origin;
                let message = format!(
                    "left out: {} is also mapped to another location ({file} line {line}); one identifier cannot mean \
                     two places, so every row with it is left out",
                    rule.what
                );
                note(&mut self.notes, rule.origin, message);
            } else if group[0] != i {
                keep[i] = false;
                let message =
                    format!("kept once: {} repeats {first_file} line {first_line} for the same location", rule.what);
                note(&mut self.notes, rule.origin, message);
            }
        }
        keep
    }
}
