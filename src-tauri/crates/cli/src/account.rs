//! `locusctl account add|list|remove` and `locusctl register --check`: SIP accounts from the command line. The
//! password is read from standard input and goes straight to the OS keychain; it is never an argument (which
//! would show in `ps` and shell history) and never written to a file.

use clap::{Args, Subcommand};
use locus_core::accounts::AccountBook;
use locus_core::secrets::{OsKeychain, SecretStore};
use locus_core::{CoreError, LocusPaths};
use locus_sip::{Account, RegisterOptions, Transport};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// `locusctl account …`.
#[derive(Debug, Subcommand)]
pub(crate) enum AccountCommand {
    /// Add an account (or replace the one with the same id); the password is read from standard input.
    Add(AccountArgs),
    /// The configured accounts (never their passwords).
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove an account and its password from the keychain.
    Remove {
        /// The account's id.
        id: String,
    },
}

/// An account's settings on the command line.
#[derive(Debug, Args)]
pub(crate) struct AccountArgs {
    /// Stable id (`work`, `support-line`).
    #[arg(long)]
    id: String,
    /// User part of the SIP address.
    #[arg(long)]
    user: String,
    /// Domain of the SIP address.
    #[arg(long)]
    domain: String,
    /// Registrar as host or host:port (default: the domain).
    #[arg(long, default_value = "")]
    registrar: String,
    /// udp, tcp or tls.
    #[arg(long, value_enum, default_value = "udp")]
    transport: TransportArg,
    /// Outbound proxy as host:port.
    #[arg(long, default_value = "")]
    outbound_proxy: String,
    /// Authentication user, when it differs from the user.
    #[arg(long, default_value = "")]
    auth_user: String,
    /// Name shown to the people you call.
    #[arg(long, default_value = "")]
    display_name: String,
    /// Caller ID (DID) to present.
    #[arg(long, default_value = "")]
    caller_id: String,
    /// Registration lifetime in seconds.
    #[arg(long, default_value_t = 600)]
    register_interval: u32,
    /// For TLS: a PEM file of extra CA certificates to trust besides the OS trust store.
    #[arg(long, default_value = "")]
    tls_ca_file: String,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum TransportArg {
    Udp,
    Tcp,
    Tls,
}

impl AccountArgs {
    fn account(self) -> Account {
        Account {
            id: self.id,
            display_name: self.display_name,
            user: self.user,
            domain: self.domain,
            registrar: self.registrar,
            transport: match self.transport {
                TransportArg::Udp => Transport::Udp,
                TransportArg::Tcp => Transport::Tcp,
                TransportArg::Tls => Transport::Tls,
            },
            outbound_proxy: self.outbound_proxy,
            auth_user: self.auth_user,
            caller_id: self.caller_id,
            register_interval: self.register_interval,
            tls_ca_file: self.tls_ca_file,
        }
    }
}

/// Runs an account command.
pub(crate) async fn run(command: AccountCommand, paths: &LocusPaths) -> Result<ExitCode, CoreError> {
    match command {
        AccountCommand::Add(args) => {
            let account = args.account();
            let problems = account.validate();
            if !problems.is_empty() {
                for problem in problems {
                    eprintln!("locusctl: {}: {}", problem.field, problem.message);
                }
                return Ok(ExitCode::from(1));
            }
            let password = crate::stdin::read_password()?;
            let id = account.id.clone();
            locus_core::accounts::add_account(paths, keychain(), account, password).await?;
            println!("account {id} saved; its password is in the OS keychain");
            Ok(ExitCode::SUCCESS)
        }
        AccountCommand::List { json } => {
            let book = AccountBook::load(paths)?;
            Ok(crate::output::print(book.accounts.as_slice(), json, account_list_text))
        }
        AccountCommand::Remove { id } => {
            if locus_core::accounts::remove_account(paths, keychain(), &id).await? {
                println!("account {id} removed, with its password");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("locusctl: there is no account \"{id}\"");
                Ok(ExitCode::from(1))
            }
        }
    }
}

/// Prints registration events as JSON lines as they happen (`locusctl register --watch`).
#[derive(Debug, Default)]
pub(crate) struct RegistrationPrinter;

impl locus_core::Host for RegistrationPrinter {
    fn emit(&self, event: &locus_core::events::Event) {
        use locus_core::events::Event;
        if matches!(event, Event::Registering(_) | Event::RegisterOk(_) | Event::RegisterFailed(_))
            && let Ok(line) = serde_json::to_string(event)
        {
            println!("{line}");
            let _ = std::io::Write::flush(&mut std::io::stdout());
        }
    }
}

/// `locusctl register --watch`: keeps every account registered, following the network, until Ctrl-C.
pub(crate) async fn watch(service: &Arc<locus_core::LocusService>) -> ExitCode {
    service.start_registrations().await;
    tokio::select! {
        () = service.watch_network() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    ExitCode::SUCCESS
}

/// `locusctl register --check`: registers the account once with its keychain password, reports, unregisters.
pub(crate) async fn check(
    paths: &LocusPaths,
    account_id: Option<String>,
    timeout_seconds: u64,
    json: bool,
) -> Result<ExitCode, CoreError> {
    let options = RegisterOptions { bind: None, timeout: Duration::from_secs(timeout_seconds), keep_alive: None };
    let report = locus_core::accounts::check_account(paths, keychain(), account_id.as_deref(), options).await?;
    let ok = report.ok;
    crate::output::print(&report, json, |r| {
        if r.ok {
            format!("registered {} with {} (expires in {} s, {} ms)\n", r.account, r.registrar, r.expires, r.took_ms)
        } else {
            format!("FAILED {}: {}\n", r.account, r.error.as_deref().unwrap_or_default())
        }
    });
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn keychain() -> Arc<dyn SecretStore> {
    Arc::new(OsKeychain::new())
}

fn account_list_text(accounts: &[Account]) -> String {
    if accounts.is_empty() {
        return "no SIP accounts (add one with `locusctl account add`)\n".into();
    }
    accounts
        .iter()
        .map(|a| {
            let registrar = if a.registrar.is_empty() { a.domain.as_str() } else { a.registrar.as_str() };
            format!("{}  sip:{}@{}  via {registrar} ({:?})\n", a.id, a.user, a.domain, a.transport)
        })
        .collect()
}
