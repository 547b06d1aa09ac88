//! `locusctl map …`: the administrator's tools for IT maps — keys, signing, verification, validation, diff,
//! explain, the Teams LIS importer — and, for the map in force on this machine, apply, sync and status. Tools
//! that do not touch this machine's state run without opening the database.

use clap::Subcommand;
use locus_core::{CoreError, LocusService, MapOutcome, SourceCheck};
use locus_itmap::MapDocument;
use locus_itmap::signature::{self, TrustedKey};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use time::OffsetDateTime;

/// IT map commands.
#[derive(Debug, Subcommand)]
pub(crate) enum MapCommand {
    /// Create a signing key pair: DIR/locus-map.pub (pin it in the managed policy) and DIR/locus-map.key.
    Keygen {
        /// Where to write the two files.
        #[arg(long, default_value = ".")]
        out_dir: PathBuf,
        /// Encrypt the secret key with a password read from standard input (recommended).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sign a map, writing MAP.minisig (the same format `minisign -S` writes).
    Sign {
        /// The map file.
        map: PathBuf,
        /// The secret key file (ours or minisign's).
        #[arg(long)]
        key: PathBuf,
        /// Read the key's password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Check a map's signature against public keys (or the managed policy's pinned keys) and validate it.
    Verify {
        /// The map file.
        map: PathBuf,
        /// The signature file (default MAP.minisig).
        #[arg(long)]
        signature: Option<PathBuf>,
        /// A public key file or `RW…` key; repeatable. Default: the keys pinned by the managed policy.
        #[arg(long = "pubkey")]
        pubkeys: Vec<String>,
    },
    /// Validate a map's content (no signature check) and list every problem with its JSON pointer.
    Validate {
        /// The map file.
        map: PathBuf,
    },
    /// Show what changed between two maps.
    Diff {
        /// The map in force (or the previous version).
        old: PathBuf,
        /// The candidate.
        new: PathBuf,
    },
    /// What this machine's network (or a saved `locusctl net --json` snapshot) would resolve to under a map.
    Explain {
        /// The map file.
        map: PathBuf,
        /// A saved snapshot instead of the live network.
        #[arg(long)]
        snapshot: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Convert a Microsoft Teams LIS export (CSV files in DIR) into a map, reporting what could not be mapped.
    ImportTeams {
        /// The export directory.
        dir: PathBuf,
        /// Organisation name for the map.
        #[arg(long)]
        org: String,
        /// The map serial (greater than the one in force).
        #[arg(long)]
        serial: u64,
        /// Days until the map expires.
        #[arg(long, default_value_t = 365)]
        valid_days: i64,
        /// A trusted public IP range (CIDR); repeatable. Needed for subnet rules to count.
        #[arg(long = "trusted-ip")]
        trusted_ips: Vec<String>,
        /// Write the map here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Apply a signed map file on this machine, exactly as if it had been delivered.
    Apply {
        /// The map file.
        map: PathBuf,
        /// The signature file (default MAP.minisig).
        #[arg(long)]
        signature: Option<PathBuf>,
    },
    /// Check every map source in the managed policy once, now.
    Sync,
    /// Keep watching the policy's sources (URL polling, drop folder) and the network (a new network is checked
    /// for a newer map at once), printing each map applied or rejected, and where it leaves this machine
    /// (location resolved or confirmation required), as JSON lines, for headless machines and scripts.
    Watch,
    /// The map in force, the policy, and each source's last check.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

impl MapCommand {
    /// True for commands that read or change this machine's Locus state.
    pub(crate) fn needs_service(&self) -> bool {
        matches!(self, MapCommand::Apply { .. } | MapCommand::Sync | MapCommand::Status { .. } | MapCommand::Watch)
    }
}

/// Runs a tool that needs no service. `paths` locate the managed policy for `verify`.
pub(crate) async fn run_tool(command: MapCommand, paths: &locus_core::LocusPaths) -> Result<ExitCode, CoreError> {
    match command {
        MapCommand::Keygen { out_dir, password_stdin } => {
            let password = if password_stdin { Some(crate::stdin::read_password()?) } else { None };
            let (public, secret) = signature::generate_keypair(password)?;
            let (pub_path, key_path) = (out_dir.join("locus-map.pub"), out_dir.join("locus-map.key"));
            for path in [&pub_path, &key_path] {
                if path.exists() {
                    eprintln!("locusctl: {} exists; not overwriting a key", path.display());
                    return Ok(ExitCode::from(1));
                }
            }
            write(&pub_path, public.as_bytes())?;
            write_secret(&key_path, secret.as_bytes())?;
            let key = TrustedKey::parse(&public)?;
            println!("public key {} written to {}", key.key_id(), pub_path.display());
            println!("pin it in the managed policy: \"trusted_keys\": [\"{}\"]", key.to_base64());
            println!("secret key written to {} (keep it offline)", key_path.display());
            Ok(ExitCode::SUCCESS)
        }
        MapCommand::Sign { map, key, password_stdin } => {
            let body = read(&map)?;
            let secret = String::from_utf8_lossy(&read(&key)?).into_owned();
            let password = if password_stdin { Some(crate::stdin::read_password()?) } else { None };
            let comment = match MapDocument::parse(&body) {
                Ok(doc) => format!("locus-map org={} serial={}", doc.org, doc.serial),
                Err(_) => "locus-map".to_owned(),
            };
            let signature = signature::sign(&body, &secret, password, &comment)?;
            let out = signature_path(&map, None);
            write(&out, signature.as_bytes())?;
            println!("signed: {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        MapCommand::Verify { map, signature: sig, pubkeys } => {
            let body = read(&map)?;
            let sig_text = String::from_utf8_lossy(&read(&signature_path(&map, sig))?).into_owned();
            let keys = if pubkeys.is_empty() {
                locus_core::ManagedPolicy::load(paths).policy.keys()
            } else {
                pubkeys
                    .iter()
                    .map(|k| match std::fs::read_to_string(k) {
                        Ok(text) => TrustedKey::parse(&text),
                        Err(_) => TrustedKey::parse(k),
                    })
                    .collect::<Result<Vec<_>, _>>()?
            };
            match signature::verify(&body, &sig_text, &keys) {
                Ok(signer) => println!("signature OK: key {} ({})", signer.key_id, signer.trusted_comment),
                Err(err) => {
                    eprintln!("signature FAILED: {err}");
                    return Ok(ExitCode::from(1));
                }
            }
            Ok(report_validation(&body))
        }
        MapCommand::Validate { map } => Ok(report_validation(&read(&map)?)),
        MapCommand::Diff { old, new } => {
            let (old, new) = (parse_or_report(&old)?, parse_or_report(&new)?);
            let (Some(old), Some(new)) = (old, new) else { return Ok(ExitCode::from(1)) };
            let changes = locus_itmap::diff::diff(&old, &new);
            if changes.is_empty() {
                println!("no differences");
            }
            for change in changes {
                println!("{change}");
            }
            Ok(ExitCode::SUCCESS)
        }
        MapCommand::Explain { map, snapshot, json } => crate::explain::run(&map, snapshot.as_deref(), json).await,
        MapCommand::ImportTeams { dir, org, serial, valid_days, trusted_ips, out } => {
            let issued = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc());
            let options = locus_itmap::teams::TeamsImportOptions {
                org,
                serial,
                issued,
                expires: issued + time::Duration::days(valid_days),
                trusted_public_ips: trusted_ips,
            };
            let import = locus_itmap::teams::import_teams_dir(&dir, &options)?;
            let text =
                serde_json::to_string_pretty(&import.document).map_err(|e| CoreError::Internal(e.to_string()))?;
            match &out {
                Some(path) => write(path, text.as_bytes())?,
                None => println!("{text}"),
            }
            let places: usize = import.document.sites.iter().map(|s| s.places.len()).sum();
            let rules: usize = import.document.sites.iter().flat_map(|s| &s.places).map(|p| p.rules.len()).sum();
            eprintln!("imported {} site(s), {places} place(s), {rules} rule(s)", import.document.sites.len());
            for note in &import.notes {
                eprintln!("not mapped: {}:{}: {}", note.file, note.line, note.message);
            }
            Ok(if import.notes.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(3) })
        }
        MapCommand::Apply { .. } | MapCommand::Sync | MapCommand::Status { .. } | MapCommand::Watch => {
            Err(CoreError::Internal("this map command needs the service".into()))
        }
    }
}

/// Prints map and location events as JSON lines as they happen (`locusctl map watch`).
#[derive(Debug, Default)]
pub(crate) struct MapEventPrinter;

impl locus_core::Host for MapEventPrinter {
    fn emit(&self, event: &locus_core::events::Event) {
        use locus_core::events::Event;
        if matches!(
            event,
            Event::MapApplied(_)
                | Event::MapRejected(_)
                | Event::LocationResolved(_)
                | Event::LocationConfirmRequired(_)
        ) && let Ok(line) = serde_json::to_string(event)
        {
            println!("{line}");
            let _ = std::io::Write::flush(&mut std::io::stdout());
        }
    }
}

/// Runs a command against this machine's Locus state.
pub(crate) async fn run_with_service(
    command: MapCommand,
    service: &std::sync::Arc<LocusService>,
) -> Result<ExitCode, CoreError> {
    match command {
        MapCommand::Apply { map, signature: sig } => {
            let body = read(&map)?;
            let sig_text = std::fs::read_to_string(signature_path(&map, sig)).unwrap_or_default();
            let source = std::path::absolute(&map).unwrap_or(map).display().to_string();
            Ok(print_outcome(&source, &service.apply_map(&source, body, &sig_text, OffsetDateTime::now_utc()).await))
        }
        MapCommand::Sync => {
            let mut code = ExitCode::SUCCESS;
            for (source, check) in service.check_maps_now().await {
                match check {
                    SourceCheck::Unchanged => println!("{source}: unchanged"),
                    SourceCheck::Empty => println!("{source}: no map"),
                    SourceCheck::Delivered(outcome) => {
                        if print_outcome(&source, &outcome) != ExitCode::SUCCESS {
                            code = ExitCode::from(1);
                        }
                    }
                    SourceCheck::Failed(err) => {
                        println!("{source}: FAILED: {err}");
                        code = ExitCode::from(1);
                    }
                }
            }
            Ok(code)
        }
        MapCommand::Status { json } => {
            let status = service.map_status().await?;
            Ok(crate::output::print(&status, json, crate::output::map_status_text))
        }
        MapCommand::Watch => {
            let maps = &service.policy().policy.maps;
            let sources = maps.urls.len() + usize::from(maps.drop_folder.is_some());
            eprintln!("watching {sources} map source(s); Ctrl-C to stop");
            tokio::select! {
                () = service.watch_maps() => {}
                () = service.watch_network() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            Ok(ExitCode::SUCCESS)
        }
        tool => Err(CoreError::Internal(format!("{tool:?} runs without the service"))),
    }
}

fn print_outcome(source: &str, outcome: &MapOutcome) -> ExitCode {
    match outcome {
        MapOutcome::Applied(map) => {
            println!("{source}: applied map {} serial {}", map.org, map.serial);
            ExitCode::SUCCESS
        }
        MapOutcome::AlreadyInForce(map) => {
            println!("{source}: map {} serial {} is already in force", map.org, map.serial);
            ExitCode::SUCCESS
        }
        MapOutcome::Rejected(rejection) => {
            println!("{source}: REJECTED (the previous map stays in force)");
            for error in &rejection.errors {
                println!("  {}: {}", if error.field.is_empty() { "(map)" } else { &error.field }, error.message);
            }
            ExitCode::from(1)
        }
    }
}

fn report_validation(body: &[u8]) -> ExitCode {
    let document = match MapDocument::parse(body) {
        Ok(document) => document,
        Err(problem) => {
            println!("INVALID: {}: {}", problem.pointer, problem.message);
            return ExitCode::from(1);
        }
    };
    let (org, serial) = (document.org.clone(), document.serial);
    match locus_itmap::validate(document, OffsetDateTime::now_utc()) {
        Ok(map) => {
            println!(
                "valid: {org} serial {serial}: {} place(s), {} rule(s), {} DID assignment(s)",
                map.content.locations.len(),
                map.content.rules.len(),
                map.content.dids.len()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            println!("INVALID: {} problem(s)", problems.len());
            for problem in problems {
                println!("  {}: {}", problem.pointer, problem.message);
            }
            ExitCode::from(1)
        }
    }
}

fn parse_or_report(path: &Path) -> Result<Option<MapDocument>, CoreError> {
    match MapDocument::parse(&read(path)?) {
        Ok(document) => Ok(Some(document)),
        Err(problem) => {
            eprintln!("locusctl: {}: {}: {}", path.display(), problem.pointer, problem.message);
            Ok(None)
        }
    }
}

fn signature_path(map: &Path, given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        let mut name = map.as_os_str().to_owned();
        name.push(".minisig");
        PathBuf::from(name)
    })
}

fn read(path: &Path) -> Result<Vec<u8>, CoreError> {
    std::fs::read(path).map_err(|source| io_error("could not read", &path.display().to_string(), source))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    std::fs::write(path, bytes).map_err(|source| io_error("could not write", &path.display().to_string(), source))
}

fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file =
        options.open(path).map_err(|source| io_error("could not create", &path.display().to_string(), source))?;
    std::io::Write::write_all(&mut file, bytes)
        .map_err(|source| io_error("could not write", &path.display().to_string(), source))
}

fn io_error(action: &'static str, path: &str, source: std::io::Error) -> CoreError {
    CoreError::Io { action, path: path.to_owned(), source }
}
