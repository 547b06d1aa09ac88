//! `locusctl`: the headless and admin front end of Locus. Every command goes through `locus-core`, exactly as
//! the desktop app does; nothing here re-implements engine logic.

mod output;
mod watch;

use clap::{Parser, Subcommand};
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use std::process::ExitCode;
use std::sync::Arc;

/// Locus command-line control.
#[derive(Debug, Parser)]
#[command(name = "locusctl", version, about = "Locus softphone: status, network and audit from the command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show E911 readiness, network, paths and configuration.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show the network snapshot (interfaces, routes, gateway IP and MAC, underlay, VPN, Wi-Fi, fingerprint).
    Net {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Keep running and print the snapshot as one JSON line now and after every material change.
        #[arg(long)]
        watch: bool,
    },
    /// Audit log commands.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check the hash chain and report the first broken link. Exits 1 if the chain is broken.
    Verify {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("locusctl: could not start: {err}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("locusctl: {err} [{:?}]", err.code());
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, locus_core::CoreError> {
    let paths = LocusPaths::from_env()?;
    // Logs go to the log folder only: stdout and stderr belong to the command's output.
    let _logging = locus_core::init_logging(&paths, false)?;
    tracing::info!(command = ?cli.command, "locusctl");
    if let Command::Net { watch: true, .. } = cli.command {
        return watch::run(paths).await;
    }
    let service =
        LocusService::open(paths, Arc::new(SystemSource::default()), Arc::new(HeadlessHost::default())).await?;
    let code = match cli.command {
        Command::Status { json } => {
            let status = service.status().await?;
            output::print(&status, json, output::status_text)
        }
        Command::Net { json, .. } => {
            let network = service.network().await;
            output::print(&network, json, output::network_text)
        }
        Command::Audit { command: AuditCommand::Verify { json } } => {
            let report = service.verify_audit_log().await?;
            output::print(&report, json, output::audit_text);
            if report.is_intact() { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
    };
    service.shutdown().await;
    Ok(code)
}
