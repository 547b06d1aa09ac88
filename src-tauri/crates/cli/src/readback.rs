//! `locusctl e911 test`: the 933 readback test from a terminal, the same test as the window's "Test emergency
//! calling…": dials the account's test number through the emergency path, says what the readback should be,
//! waits for the call to end (the readback line hangs up), then records the answer to "Did the readback match?"
//! — from `--answer`, or asked on the terminal — in the audit log, and waits until IT's webhooks have it. Prints JSON lines with `--json`.

use locus_core::calls::{CallState, TestAnswer};
use locus_core::{CoreError, LocusService};
use serde_json::json;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest a readback call may last before we hang up ourselves.
const LONGEST_READBACK: Duration = Duration::from_secs(180);

/// The answer as given on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum AnswerArg {
    /// The number and address read back were right.
    Matched,
    /// Something read back was wrong.
    Mismatched,
    /// The readback could not be heard.
    Inaudible,
}

impl From<AnswerArg> for TestAnswer {
    fn from(answer: AnswerArg) -> Self {
        match answer {
            AnswerArg::Matched => TestAnswer::Matched,
            AnswerArg::Mismatched => TestAnswer::Mismatched,
            AnswerArg::Inaudible => TestAnswer::Inaudible,
        }
    }
}

/// Runs the test; exit 0 when the readback matched, 1 when it did not or could not be heard.
pub(crate) async fn run(
    service: &Arc<LocusService>,
    answer: Option<AnswerArg>,
    json: bool,
) -> Result<ExitCode, CoreError> {
    let test = service.start_test_call().await?;
    let expected = &test.expected;
    if json {
        println!("{}", json!({"event": "test_started", "call_id": test.call.call_id, "expected": expected}));
    } else {
        println!("Calling {} through the emergency path. The readback should say:", expected.dialed);
        println!("  callback number: {}", expected.callback_spoken);
        match (&expected.address, &expected.address_source) {
            (Some(address), Some(source)) => println!("  address: {address} ({source})"),
            (Some(address), None) => println!("  address: {address}"),
            (None, _) => println!("  address: none is known — the readback may give no address or an old one"),
        }
    }
    let end_reason = wait_for_end(service, &test.call.call_id).await;
    if json {
        println!("{}", json!({"event": "ended", "reason": end_reason}));
    } else {
        println!("The call ended ({end_reason}).");
    }
    let answer = match answer {
        Some(answer) => answer.into(),
        None => ask()?,
    };
    let result = service.answer_test_call(&test.call.call_id, answer, time::OffsetDateTime::now_utc()).await?;
    crate::call::wait_for_notifications(service).await;
    if json {
        println!("{}", json!({"event": "result", "result": result}));
    } else {
        println!("Recorded: {}.", result.outcome);
        match &result.recording_path {
            Some(path) => println!("The readback was recorded to {path}"),
            None => println!("No recording was made."),
        }
    }
    Ok(if answer == TestAnswer::Matched { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Waits until the test call has ended (hanging it up after [`LONGEST_READBACK`]); returns why it ended.
async fn wait_for_end(service: &LocusService, call_id: &str) -> String {
    let started = Instant::now();
    loop {
        let call = service.calls().into_iter().find(|call| call.call_id == call_id);
        match call {
            Some(call) if call.state == CallState::Ended => return call.end_reason.unwrap_or_default(),
            None => return "unknown".into(),
            Some(_) => {}
        }
        if started.elapsed() > LONGEST_READBACK {
            let _ = service.hang_up(call_id);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Asks "Did the readback match?" on the terminal until it gets y, n or c.
fn ask() -> Result<TestAnswer, CoreError> {
    let stdin = std::io::stdin();
    loop {
        print!("Did the readback match? [y]es / [n]o / [c]ouldn't hear: ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        let read = stdin.lock().read_line(&mut line).map_err(|source| CoreError::Io {
            action: "could not read",
            path: "stdin".into(),
            source,
        })?;
        if read == 0 {
            return Err(CoreError::Refused("no answer was given (pass --answer when not on a terminal)".into()));
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(TestAnswer::Matched),
            "n" | "no" => return Ok(TestAnswer::Mismatched),
            "c" | "couldn't hear" | "inaudible" => return Ok(TestAnswer::Inaudible),
            _ => println!("Please answer y, n or c."),
        }
    }
}
