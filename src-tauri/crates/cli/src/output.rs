//! How `locusctl` prints results: stable JSON for scripts, short text for people.

use locus_core::CoreError;
use locus_core::ipc::StatusReport;
use locus_core::locating::LocateReport;
use locus_core::{AuditVerification, NetworkSnapshot};
use locus_location::{AuditEntry, Location};
use serde::Serialize;
use std::process::ExitCode;

/// Prints `value` as pretty JSON or through `text`, and returns success.
pub(crate) fn print<T: Serialize + ?Sized>(value: &T, json: bool, text: fn(&T) -> String) -> ExitCode {
    if json {
        match serde_json::to_string_pretty(value) {
            Ok(out) => println!("{out}"),
            Err(err) => {
                eprintln!("locusctl: could not encode JSON: {err}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", text(value));
    }
    ExitCode::SUCCESS
}

pub(crate) fn status_text(status: &StatusReport) -> String {
    let mut out = format!("Locus {}\nE911: {}\n", status.version, status.readiness.summary);
    out.push_str(&network_text(&status.network));
    out.push_str(&format!("Config:  {}\n", status.paths.config_file().display()));
    out.push_str(&format!("Data:    {}\n", status.paths.database_file().display()));
    out.push_str(&format!("Logs:    {}\n", status.paths.log_dir.display()));
    for error in &status.config.errors {
        out.push_str(&format!("Config problem: {}: {}\n", error.field, error.message));
    }
    out
}

pub(crate) fn network_text(network: &NetworkSnapshot) -> String {
    let mut out = match &network.default_gateway {
        Some(gw) => format!(
            "Gateway: {} ({}) via {}\n",
            gw.ip,
            gw.mac.as_deref().unwrap_or("MAC not in neighbour cache"),
            gw.interface
        ),
        None => "Gateway: none (no network)\n".to_owned(),
    };
    for iface in &network.interfaces {
        out.push_str(&format!(
            "  {:<16} {:<9} {:<17} {}\n",
            iface.name,
            format!("{:?}", iface.kind).to_lowercase(),
            iface.mac.as_deref().unwrap_or("-"),
            iface.addrs.join(" ")
        ));
    }
    out
}

pub(crate) fn audit_text(report: &AuditVerification) -> String {
    match report.first_broken_seq {
        None => format!("Audit log intact: {} entries verified.\n", report.entries_checked),
        Some(seq) => {
            format!("Audit log BROKEN at entry {seq}: {}\n", report.reason.as_deref().unwrap_or("unknown reason"))
        }
    }
}

pub(crate) fn locate_text(report: &LocateReport) -> String {
    let state = serde_json::to_value(&report.state).unwrap_or_default();
    let mut out = format!("Location: {}\n", state["state"].as_str().unwrap_or("?"));
    if let Some(reason) = state["reason"].as_str() {
        out.push_str(&format!("Reason:   {reason}\n"));
    }
    if let Some(location) = &report.location {
        out.push_str(&format!("Place:    {} — {}\n", location.label, location.address.one_line()));
    }
    out.push_str(&format!("Confidence: {:?}\n", report.confidence).to_lowercase());
    for evidence in &report.evidence {
        out.push_str(&format!(
            "  {:?} {} → {} ({:?}, {:?})\n",
            evidence.kind, evidence.identifier, evidence.location_id, evidence.source, evidence.verdict
        ));
    }
    for suggestion in &report.suggestions {
        out.push_str(&format!("  suggestion: {} [{}]\n", suggestion.label, suggestion.id));
    }
    out
}

pub(crate) fn locations_text(locations: &[Location]) -> String {
    locations
        .iter()
        .map(|l| format!("{:<24} {:<9} {}  {}\n", l.id, format!("{:?}", l.source), l.label, l.address.one_line()))
        .collect()
}

/// Prints a command error: JSON `{code, message}` or one line on stderr.
pub(crate) fn print_error(err: &CoreError, json: bool) {
    if json {
        println!("{}", serde_json::to_string_pretty(&err.to_ipc()).unwrap_or_default());
    }
    eprintln!("locusctl: {err}");
}

/// RFC 4180 CSV of the audit log.
pub(crate) fn audit_csv(entries: &[AuditEntry]) -> String {
    let field = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("seq,at,kind,actor,payload,prev_hash,hash\r\n");
    for e in entries {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            e.seq,
            field(&e.at),
            field(&e.kind),
            field(&e.actor),
            field(&e.payload),
            field(&e.prev_hash),
            field(&e.hash)
        ));
    }
    out
}

pub(crate) fn map_status_text(status: &locus_core::ipc::MapStatusReport) -> String {
    let mut out = match &status.map {
        Some(map) => format!(
            "IT map: {} serial {} (signed by {}), from {}\n  issued {}, expires {}, applied {}\n",
            map.org, map.serial, map.signed_by, map.source, map.issued, map.expires, map.applied_at
        ),
        None => "IT map: none\n".to_owned(),
    };
    out.push_str(&format!("Policy: {} ({:?})\n", status.policy_file, status.policy_source));
    if status.policy_user_writable {
        out.push_str(
            "  WARNING: the policy file can be changed by this user; it should be writable by administrators only\n",
        );
    }
    for error in &status.policy_errors {
        out.push_str(&format!("  policy problem: {}: {}\n", error.field, error.message));
    }
    for key in &status.trusted_key_ids {
        out.push_str(&format!("  trusted signing key {key}\n"));
    }
    for source in &status.sources {
        out.push_str(&format!(
            "Source {}: last check {}, last success {}{}\n",
            source.source,
            source.last_check.as_deref().unwrap_or("never"),
            source.last_success.as_deref().unwrap_or("never"),
            source.last_error.as_deref().map(|e| format!(", error: {e}")).unwrap_or_default()
        ));
    }
    out
}
