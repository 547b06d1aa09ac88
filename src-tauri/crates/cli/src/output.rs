//! How `locusctl` prints results: stable JSON for scripts, short text for people.

use locus_core::ipc::StatusReport;
use locus_core::{AuditVerification, NetworkSnapshot};
use serde::Serialize;
use std::process::ExitCode;

/// Prints `value` as pretty JSON or through `text`, and returns success.
pub(crate) fn print<T: Serialize>(value: &T, json: bool, text: fn(&T) -> String) -> ExitCode {
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
