//! `locusctl notify secret --webhook NAME | --smtp`: puts a Kari's Law notification secret in the OS keychain —
//! the signing secret a policy webhook names with `"secret_ref": "NAME"`, or the SMTP relay's password. The
//! secret comes from standard input, never an argument, and never goes into the policy file (S7).

use clap::{Args, Subcommand};
use locus_core::CoreError;
use locus_core::policy::{NotificationSecret, store_notification_secret};
use locus_core::secrets::OsKeychain;
use std::process::ExitCode;
use std::sync::Arc;

/// `locusctl notify …`.
#[derive(Debug, Subcommand)]
pub(crate) enum NotifyCommand {
    /// Store a webhook signing secret or the SMTP password, read from standard input, in the OS keychain.
    Secret(SecretArgs),
}

/// Which secret to store.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["webhook", "smtp"]))]
pub(crate) struct SecretArgs {
    /// The `secret_ref` of a webhook in the managed policy.
    #[arg(long)]
    webhook: Option<String>,
    /// The password of the policy's SMTP relay.
    #[arg(long)]
    smtp: bool,
}

/// Runs a notify command.
pub(crate) async fn run(command: NotifyCommand) -> Result<ExitCode, CoreError> {
    let NotifyCommand::Secret(args) = command;
    let which = match args.webhook {
        Some(secret_ref) => NotificationSecret::Webhook { secret_ref },
        None => NotificationSecret::SmtpPassword,
    };
    if let NotificationSecret::Webhook { secret_ref } = &which
        && let Some(problem) = locus_core::policy::secret_ref_problem(secret_ref)
    {
        eprintln!("locusctl: --webhook: {problem}");
        return Ok(ExitCode::from(1));
    }
    let secret = crate::stdin::read_password()?;
    let key = store_notification_secret(Arc::new(OsKeychain::new()), &which, secret).await?;
    println!("stored {key} in the OS keychain");
    Ok(ExitCode::SUCCESS)
}
