//! `locusctl e911`: an account's E911 settings (strategy, E911 DIDs and the address the carrier holds for each,
//! test number) set from a JSON file, and the emergency plan in force (caller ID, lint, location sent,
//! readiness) shown, and the 933 readback test run (`readback.rs`).

use locus_core::e911_book::E911Book;
use locus_core::{CoreError, LocusPaths, LocusService};
use locus_emergency::E911Settings;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// `locusctl e911 …`
#[derive(Debug, clap::Subcommand)]
pub(crate) enum E911Command {
    /// Set an account's E911 settings from a JSON file (`strategy`, `dids`, `default_did`, `test_number`).
    Set {
        /// The account.
        #[arg(long)]
        account: String,
        /// The settings file.
        #[arg(long)]
        file: PathBuf,
    },
    /// Show the emergency plan in force: caller ID, its lint, the location sent, readiness.
    Plan {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Run the 933 readback test: dial the test number through the emergency path, then record whether the
    /// readback matched (asked on the terminal unless --answer is given).
    Test {
        /// The answer to "Did the readback match?", for scripts.
        #[arg(long, value_enum)]
        answer: Option<crate::readback::AnswerArg>,
        /// Print JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Writes the settings (field-level errors; nothing changes when they are invalid).
pub(crate) fn set(paths: &LocusPaths, account: &str, file: &PathBuf) -> Result<ExitCode, CoreError> {
    let text = std::fs::read_to_string(file).map_err(|source| CoreError::Io {
        action: "could not read",
        path: file.display().to_string(),
        source,
    })?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let settings: E911Settings =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|err| CoreError::ConfigInvalid {
            path: file.display().to_string(),
            errors: vec![locus_core::FieldError {
                field: err.path().to_string(),
                message: err.into_inner().to_string(),
            }],
        })?;
    E911Book::set(paths, account, settings)?;
    println!("E911 settings saved for account {account}");
    Ok(ExitCode::SUCCESS)
}

/// Prints the plan; exit 1 when there is none (no account).
pub(crate) fn plan(service: &Arc<LocusService>, json: bool) -> ExitCode {
    let Some(plan) = service.emergency_plan() else {
        eprintln!("no SIP account is set up, so there is no emergency plan: 911 from this app will not work");
        return ExitCode::from(1);
    };
    crate::output::print(&plan, json, plan_text)
}

fn plan_text(plan: &locus_emergency::PlanSummary) -> String {
    format!(
        "caller ID {} ({:?}) · location sent: {} · readiness {:?}: {}\n",
        plan.caller_id,
        plan.did_choice,
        plan.location_sent.as_deref().unwrap_or("none"),
        plan.readiness.level,
        plan.readiness.summary
    )
}
