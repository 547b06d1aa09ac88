//! `locusctl carrier set|dids|sync`: an account's E911 carrier from the command line. `set` stores the VoIP.ms
//! settings (the API password comes from standard input and goes straight to the OS keychain, never an
//! argument); `dids` lists the account's DIDs with the address the carrier holds; `sync` makes the carrier hold
//! a location's address for one DID and proves it, one line per step. Exit codes of `sync`: 0 verified,
//! 2 the carrier suggests corrections (accept one with `--accept-suggestion N`), 1 anything else.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use locus_carrier::voipms::Language;
use locus_carrier::{Did, DidRecord, PollSchedule, ReconcileState};
use locus_core::carrier_link::{self, CarrierLinkError, CarrierSettings};
use locus_core::secrets::{OsKeychain, SecretStore};
use locus_core::{CoreError, HeadlessHost, LocusPaths, LocusService, SystemSource};
use locus_location::civic::CivicAddress;
use serde::Serialize;

/// `locusctl carrier …`.
#[derive(Debug, Subcommand)]
pub(crate) enum CarrierCommand {
    /// Set an account's carrier (VoIP.ms or your own backend); the API password or signing secret is read from
    /// standard input into the OS keychain.
    Set(SetArgs),
    /// The DIDs on the carrier account, with their E911 state and the address the carrier holds.
    Dids {
        /// The SIP account (default: the only one with a carrier).
        #[arg(long)]
        account: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Make the carrier hold an address for a DID, then read it back until it does (one line per step).
    Sync(SyncArgs),
}

/// `locusctl carrier set`: VoIP.ms (`--voipms-user` and `--email`) or the organisation's own provisioning backend
/// (`--webhook-submit-url` and `--webhook-status-url`).
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("kind").required(true).args(["voipms_user", "webhook_submit_url"]))]
pub(crate) struct SetArgs {
    /// The SIP account this carrier serves.
    #[arg(long)]
    account: String,
    /// The VoIP.ms API user name (the account's e-mail address); the API password is read from standard input.
    #[arg(long, requires = "email")]
    voipms_user: Option<String>,
    /// Where VoIP.ms sends E911 notices.
    #[arg(long, requires = "voipms_user")]
    email: Option<String>,
    /// Another REST endpoint (a sandbox); https://, or http:// to this computer only.
    #[arg(long, default_value = "", requires = "voipms_user")]
    base_url: String,
    /// The name on the E911 record when the address has none.
    #[arg(long, default_value = "", requires = "voipms_user")]
    full_name: String,
    /// The record's language.
    #[arg(long, value_enum, default_value = "en")]
    language: LanguageArg,
    /// Your own backend: where each confirmed location is POSTed, signed with the secret read from standard
    /// input (https://, or http:// to this computer only).
    #[arg(long, requires = "webhook_status_url")]
    webhook_submit_url: Option<String>,
    /// Your own backend: where each DID's record is read back (`?did=…`, signed the same way).
    #[arg(long, requires = "webhook_submit_url")]
    webhook_status_url: Option<String>,
}

impl SetArgs {
    /// The settings these arguments describe.
    fn settings(self) -> CarrierSettings {
        match (self.webhook_submit_url, self.webhook_status_url) {
            (Some(submit_url), Some(status_url)) => CarrierSettings::Webhook { submit_url, status_url },
            _ => CarrierSettings::Voipms {
                api_username: self.voipms_user.unwrap_or_default(),
                email: self.email.unwrap_or_default(),
                base_url: self.base_url,
                full_name: self.full_name,
                language: match self.language {
                    LanguageArg::En => Language::En,
                    LanguageArg::Fr => Language::Fr,
                },
            },
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LanguageArg {
    En,
    Fr,
}

/// `locusctl carrier sync`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["location", "address"]))]
pub(crate) struct SyncArgs {
    /// The SIP account (default: the only one with a carrier).
    #[arg(long)]
    account: Option<String>,
    /// The DID, 10 digits (any usual way of writing it).
    #[arg(long)]
    did: String,
    /// A known location's id (see `locusctl locations`).
    #[arg(long)]
    location: Option<String>,
    /// A civic address as JSON with CLDXF keys.
    #[arg(long)]
    address: Option<String>,
    /// Accept the carrier's suggestion N (as numbered when it offered them) and sync that address instead.
    #[arg(long)]
    accept_suggestion: Option<usize>,
    /// Print each step as a JSON line.
    #[arg(long)]
    json: bool,
    /// Read-back waits in milliseconds (for sandboxes and tests; default 5 s doubling to 10 min).
    #[arg(long, hide = true, value_delimiter = ',')]
    poll_ms: Vec<u64>,
}

/// Runs a carrier command.
pub(crate) async fn run(command: CarrierCommand, paths: &LocusPaths) -> Result<ExitCode, CoreError> {
    let outcome = match command {
        CarrierCommand::Set(args) => set(paths, args).await,
        CarrierCommand::Dids { account, json } => dids(paths, account.as_deref(), json).await,
        CarrierCommand::Sync(args) => sync(paths, args).await,
    };
    match outcome {
        Ok(code) => Ok(code),
        Err(CarrierLinkError::Core(err)) => Err(err),
        Err(err) => {
            eprintln!("locusctl: {err} [{}]", err.code());
            Ok(ExitCode::from(1))
        }
    }
}

async fn set(paths: &LocusPaths, args: SetArgs) -> Result<ExitCode, CarrierLinkError> {
    let account = args.account.clone();
    let settings = args.settings();
    let problems = settings.problems();
    if !problems.is_empty() {
        for problem in problems {
            eprintln!("locusctl: {}: {}", problem.field, problem.message);
        }
        return Ok(ExitCode::from(1));
    }
    let password = crate::stdin::read_password()?;
    carrier_link::set_carrier(paths, keychain(), &account, settings, password).await?;
    println!("carrier of account {account} saved; its API password or signing secret is in the OS keychain");
    Ok(ExitCode::SUCCESS)
}

/// One DID as `carrier dids` shows it.
#[derive(Debug, Serialize)]
struct DidLine {
    did: String,
    description: String,
    e911: String,
    /// The address the carrier holds, one line; `None` without E911.
    address: Option<String>,
    /// The carrier's record in its own fields.
    fields: Option<std::collections::BTreeMap<String, String>>,
}

impl DidLine {
    fn of(record: &DidRecord) -> Self {
        Self {
            did: record.did.to_string(),
            description: record.description.clone(),
            e911: serde_json::to_value(record.e911)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            address: record.carrier_has.as_ref().map(|r| r.address.one_line()),
            fields: record.carrier_has.as_ref().map(|r| r.fields.clone()),
        }
    }
}

async fn dids(paths: &LocusPaths, account: Option<&str>, json: bool) -> Result<ExitCode, CarrierLinkError> {
    let (_, records) = carrier_link::list_dids(paths, keychain(), account).await?;
    let lines: Vec<DidLine> = records.iter().map(DidLine::of).collect();
    Ok(crate::output::print(lines.as_slice(), json, dids_text))
}

fn dids_text(lines: &[DidLine]) -> String {
    if lines.is_empty() {
        return "no DIDs on this carrier account\n".into();
    }
    let mut out = format!("{:<12} {:<16} {}\n", "DID", "E911", "CARRIER HOLDS");
    for line in lines {
        out.push_str(&format!("{:<12} {:<16} {}\n", line.did, line.e911, line.address.as_deref().unwrap_or("-")));
    }
    out
}

async fn sync(paths: &LocusPaths, args: SyncArgs) -> Result<ExitCode, CarrierLinkError> {
    let did = Did::parse(&args.did)?;
    let mut address = match (&args.location, &args.address) {
        (Some(id), _) => location_address(paths, id).await?,
        (None, Some(json)) => serde_json::from_str::<CivicAddress>(json)
            .map_err(|e| CoreError::Internal(format!("--address is not valid address JSON: {e}")))?,
        (None, None) => return Err(CoreError::Internal("give --location ID or --address JSON".into()).into()),
    };
    let schedule = if args.poll_ms.is_empty() {
        PollSchedule::default()
    } else {
        PollSchedule::new(args.poll_ms.iter().map(|ms| Duration::from_millis(*ms)).collect())
    };
    let json = args.json;
    let mut accept = args.accept_suggestion;
    loop {
        let last = carrier_link::sync(paths, keychain(), args.account.as_deref(), &did, &address, &schedule, |s| {
            print_state(s, json)
        })
        .await?;
        match (last, accept.take()) {
            (ReconcileState::Verified { .. }, _) => return Ok(ExitCode::SUCCESS),
            (ReconcileState::NeedsUserDecision { suggestions }, Some(n)) => match suggestions.get(n.wrapping_sub(1)) {
                Some(chosen) => address = chosen.address.clone(),
                None => {
                    eprintln!("locusctl: there is no suggestion {n} (the carrier offered {})", suggestions.len());
                    return Ok(ExitCode::from(2));
                }
            },
            (ReconcileState::NeedsUserDecision { .. }, None) => return Ok(ExitCode::from(2)),
            _ => return Ok(ExitCode::from(1)),
        }
    }
}

/// The address of the known location `id`, read through the service as `locusctl locations` does.
async fn location_address(paths: &LocusPaths, id: &str) -> Result<CivicAddress, CoreError> {
    let host: Arc<dyn locus_core::Host> = Arc::new(HeadlessHost::default());
    let service = LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host).await?;
    let found = service.list_locations().await.map(|all| all.into_iter().find(|l| l.id == id));
    service.shutdown().await;
    found?.map(|l| l.address).ok_or_else(|| CoreError::Internal(format!("there is no location \"{id}\"")))
}

fn print_state(state: &ReconcileState, json: bool) {
    if json {
        match serde_json::to_string(state) {
            Ok(line) => println!("{line}"),
            Err(err) => eprintln!("locusctl: could not encode JSON: {err}"),
        }
    } else {
        print!("{}", state_text(state));
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
}

fn state_text(state: &ReconcileState) -> String {
    match state {
        ReconcileState::Validating => "validating the address with the carrier\n".into(),
        ReconcileState::NeedsUserDecision { suggestions } => {
            let mut out = "needs_user_decision: the carrier suggests corrections\n".to_owned();
            for (i, suggestion) in suggestions.iter().enumerate() {
                let changes: Vec<String> = suggestion
                    .changes
                    .iter()
                    .map(|c| format!("{}: \"{}\" -> \"{}\"", c.field, c.current, c.suggested))
                    .collect();
                out.push_str(&format!(
                    "  suggestion {}: {} ({}); accept with --accept-suggestion {}\n",
                    i + 1,
                    suggestion.address.one_line(),
                    changes.join(", "),
                    i + 1
                ));
            }
            out
        }
        ReconcileState::Updating { action } => format!("updating: {action:?} sent to the carrier\n").to_lowercase(),
        ReconcileState::Pending { attempt, next_check_in_ms: Some(ms) } => {
            format!("pending: read-back {attempt} in {:.1} s\n", *ms as f64 / 1000.0)
        }
        ReconcileState::Pending { next_check_in_ms: None, .. } => {
            "pending: the carrier shows the address but not yet in force; run sync again later\n".into()
        }
        ReconcileState::Verified { carrier_has } => {
            format!("verified: the carrier holds {}\n", carrier_has.address.one_line())
        }
        ReconcileState::Mismatch { carrier_has, differences } => {
            let fields: Vec<String> = differences
                .iter()
                .map(|d| format!("{} (ours \"{}\", carrier \"{}\")", d.field, d.ours, d.carrier))
                .collect();
            format!(
                "mismatch: the carrier holds {}; differs in {}\n",
                carrier_has.address.one_line(),
                fields.join(", ")
            )
        }
        ReconcileState::Failed { code, message } => format!("failed [{code}]: {message}\n"),
    }
}

fn keychain() -> Arc<dyn SecretStore> {
    Arc::new(OsKeychain::new())
}

/// The host of `locusctl confirm`: while the carrier update that follows a confirmation runs, says on standard
/// error where it stands and what E911 readiness is (standard output keeps the confirmation's own report).
#[derive(Debug)]
pub(crate) struct CarrierProgressPrinter;

impl locus_core::Host for CarrierProgressPrinter {
    fn emit(&self, event: &locus_core::events::Event) {
        use locus_core::events::Event;
        match event {
            Event::CarrierStateChanged(state) => {
                eprintln!("locusctl: carrier record for {}: {}", state.did, state.state);
            }
            Event::ReadinessChanged(readiness) => {
                let level = serde_json::to_value(readiness.level).unwrap_or_default();
                let reason = serde_json::to_value(readiness.reason).unwrap_or_default();
                eprintln!(
                    "locusctl: E911 readiness {} ({}): {}",
                    level.as_str().unwrap_or("?"),
                    reason.as_str().unwrap_or("?"),
                    readiness.summary
                );
            }
            _ => {}
        }
    }
}
