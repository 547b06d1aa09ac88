//! Logging: `tracing` to stderr and to a daily rolling file in the log directory. Secrets are never passed to
//! tracing fields (invariant S7); this module only decides where lines go.

use crate::{CoreError, LocusPaths};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, fmt};

/// `info`, except the SIP stack's transport, which logs every raw message at `info`: that would put addresses
/// (PIDF-LO), caller identities and digest responses in the log (S7).
const DEFAULT_FILTER: &str = "info,rsipstack=warn";

/// Lines the background writer may hold before new ones are dropped (logging never blocks a call). The
/// crate's default, 128,000, is a 4 MB array filled in at start-up: the largest single allocation of the idle
/// app (found with heaptrack, docs/BENCHMARKS.md). The writer drains a burst of thousands of lines long before
/// this fills; `a_burst_of_lines_all_reaches_the_file` checks it.
const BUFFERED_LINES: usize = 8_192;

/// Keeps the background log writer alive; drop it at exit to flush.
#[derive(Debug)]
pub struct LoggingGuard {
    _file: tracing_appender::non_blocking::WorkerGuard,
}

/// Starts logging for the process. `RUST_LOG` overrides the default filter (`info`).
pub fn init_logging(paths: &LocusPaths, to_stderr: bool) -> Result<LoggingGuard, CoreError> {
    std::fs::create_dir_all(&paths.log_dir).map_err(|source| CoreError::Io {
        action: "could not create directory",
        path: paths.log_dir.display().to_string(),
        source,
    })?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("locus")
        .filename_suffix("log")
        .max_log_files(14)
        .build(&paths.log_dir)
        .map_err(|e| CoreError::Logging(e.to_string()))?;
    let (file_writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(BUFFERED_LINES)
        .finish(appender);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let file_layer = fmt::layer().with_ansi(false).with_writer(file_writer);
    let stderr_layer = to_stderr.then(|| fmt::layer().with_writer(std::io::stderr));
    tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init()
        .map_err(|e| CoreError::Logging(e.to_string()))?;
    Ok(LoggingGuard { _file: guard })
}
