//! `locusctl`: the headless and admin front end of Locus. Every command goes through `locus-core`, exactly as
//! the desktop app does; nothing here re-implements engine logic.

mod account;
mod call;
mod carrier;
mod e911;
mod explain;
mod map;
mod notify;
mod output;
mod readback;
mod stdin;
mod watch;

use clap::{Parser, Subcommand};
use locus_core::locating::ConfirmRequest;
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use locus_location::PlaceChoice;
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
    /// Where the laptop is: resolved, confirm_required (and why) or no_network, with the evidence.
    Locate {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Answer a confirmation request for the current network: an existing place or a new address.
    Confirm {
        /// An existing location id (see `locusctl locations`).
        #[arg(long, conflicts_with_all = ["label", "address"])]
        location: Option<String>,
        /// Name of a new place.
        #[arg(long, requires = "address")]
        label: Option<String>,
        /// The new place's civic address as JSON with CLDXF keys, e.g.
        /// '{"country":"US","a1":"IL","a3":"Springfield","hno":"123","rd":"Main","sts":"St","pc":"62701"}'.
        #[arg(long, requires = "label")]
        address: Option<String>,
        /// This network moves with me (phone hotspot, travel router): ask every time.
        #[arg(long)]
        moving: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List known locations (IT first, then personal).
    Locations {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// IT map tools: keygen, sign, verify, validate, diff, explain, import-teams, apply, sync, status.
    Map {
        #[command(subcommand)]
        command: map::MapCommand,
    },
    /// Call a number: 911, 933 and test numbers on the emergency plan (never blocked), others on an account.
    Call(call::CallArgs),
    /// E911 settings per account, and the emergency plan in force.
    E911 {
        #[command(subcommand)]
        command: e911::E911Command,
    },
    /// E911 carrier per account: set (API password from standard input, kept in the OS keychain), dids, sync.
    Carrier {
        #[command(subcommand)]
        command: carrier::CarrierCommand,
    },
    /// Kari's Law notifications: store a webhook signing secret or the SMTP password (from standard input) in the
    /// OS keychain.
    Notify {
        #[command(subcommand)]
        command: notify::NotifyCommand,
    },
    /// SIP accounts: add (password from standard input, kept in the OS keychain), list, remove.
    Account {
        #[command(subcommand)]
        command: account::AccountCommand,
    },
    /// Register a SIP account once and report the result (`--check`), then unregister.
    #[command(group = clap::ArgGroup::new("mode").required(true).args(["check", "watch"]))]
    Register {
        /// Register once, report, unregister (a connection test).
        #[arg(long)]
        check: bool,
        /// Keep every account registered (refreshing, and starting over when the network changes), printing
        /// Registering / RegisterOk / RegisterFailed as JSON lines until interrupted.
        #[arg(long)]
        watch: bool,
        /// The account's id (default: the first account).
        #[arg(long)]
        account: Option<String>,
        /// Seconds to wait for the registrar.
        #[arg(long, default_value_t = 5)]
        timeout: u64,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Audit log commands.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Export every entry, in chain order.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
    },
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
    let cli = match cli.command {
        Command::Map { command } if !command.needs_service() => return map::run_tool(command, &paths).await,
        Command::Account { command } => return account::run(command, &paths).await,
        Command::Carrier { command } => return carrier::run(command, &paths).await,
        Command::Notify { command } => return notify::run(command).await,
        Command::E911 { command: e911::E911Command::Set { account, file } } => {
            return e911::set(&paths, &account, &file);
        }
        Command::Register { check: true, account, timeout, json, .. } => {
            return account::check(&paths, account, timeout, json).await;
        }
        command => Cli { command },
    };
    let host: Arc<dyn locus_core::Host> = match &cli.command {
        Command::Map { command: map::MapCommand::Watch } => Arc::new(map::MapEventPrinter),
        Command::Register { .. } => Arc::new(account::RegistrationPrinter),
        Command::Call(args) => Arc::new(args.printer()),
        Command::Confirm { .. } => Arc::new(carrier::CarrierProgressPrinter),
        _ => Arc::new(HeadlessHost::default()),
    };
    let service = LocusService::open(paths, Arc::new(SystemSource::default()), host).await?;
    service.refresh_public_ip().await;
    let code = match cli.command {
        Command::Status { json } => {
            let status = service.status().await?;
            output::print(&status, json, output::status_text)
        }
        Command::Net { json, .. } => {
            let network = service.network().await;
            output::print(&network, json, output::network_text)
        }
        Command::Locate { json } => {
            let report = service.locate().await;
            output::print(&report, json, output::locate_text)
        }
        Command::Confirm { location, label, address, moving, json } => {
            let choice = match (location, label, address) {
                (Some(location_id), _, _) => PlaceChoice::Existing { location_id },
                (None, Some(label), Some(address)) => {
                    let address = serde_json::from_str(&address).map_err(|e| {
                        locus_core::CoreError::Internal(format!("--address is not valid address JSON: {e}"))
                    })?;
                    PlaceChoice::New { label, address: Box::new(address) }
                }
                _ => {
                    eprintln!("locusctl confirm: give --location ID, or --label and --address");
                    return Ok(ExitCode::from(2));
                }
            };
            let request = ConfirmRequest { choice, moving_with_user: moving };
            match service.confirm_location(request, time::OffsetDateTime::now_utc()).await {
                Ok(report) => {
                    let code = output::print(&report, json, output::locate_text);
                    // With carrier update, stay until the carrier shows the place (every step is audited).
                    if service.carrier_update_running() {
                        eprintln!("locusctl: updating the carrier's E911 record (Ctrl-C stops waiting)");
                        tokio::select! {
                            () = service.carrier_update_settled() => {}
                            _ = tokio::signal::ctrl_c() => {}
                        }
                    }
                    code
                }
                Err(err) => {
                    output::print_error(&err, json);
                    ExitCode::from(1)
                }
            }
        }
        Command::Locations { json } => {
            let locations = service.list_locations().await?;
            output::print(locations.as_slice(), json, output::locations_text)
        }
        Command::Map { command } => map::run_with_service(command, &service).await?,
        Command::Register { .. } => account::watch(&service).await,
        Command::Call(args) => call::run(&service, args).await?,
        Command::E911 { command: e911::E911Command::Plan { json } } => e911::plan(&service, json),
        Command::E911 { command: e911::E911Command::Test { answer, json } } => {
            readback::run(&service, answer, json).await?
        }
        Command::E911 { command: e911::E911Command::Set { .. } } => {
            return Err(locus_core::CoreError::Internal("e911 set runs without the service".into()));
        }
        Command::Account { .. } => {
            return Err(locus_core::CoreError::Internal("account commands run without the service".into()));
        }
        Command::Carrier { .. } => {
            return Err(locus_core::CoreError::Internal("carrier commands run without the service".into()));
        }
        Command::Notify { .. } => {
            return Err(locus_core::CoreError::Internal("notify commands run without the service".into()));
        }
        Command::Audit { command: AuditCommand::Export { format } } => {
            let entries = service.audit_entries().await?;
            match format {
                ExportFormat::Json => output::print(entries.as_slice(), true, |_| String::new()),
                ExportFormat::Csv => {
                    print!("{}", output::audit_csv(&entries));
                    ExitCode::SUCCESS
                }
            }
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
