//! Driving the SIP side of `locusctl` from tests: commands with a password on standard input, adding an account
//! that registers with a test Kamailio, and the `register --watch` event stream.

use super::binaries;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Runs `locusctl ARGS`, writing `stdin` (if any) to its standard input.
pub fn locusctl(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(binaries::locusctl())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run locusctl");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("locusctl output")
}

/// stdout and stderr together, for assertion messages.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// `locusctl account add` for user alice@locus.test registering at 127.0.0.1:`port`, password on stdin.
pub fn add_account(id: &str, port: u16, password: &str) -> Output {
    let registrar = format!("127.0.0.1:{port}");
    locusctl(
        &["account", "add", "--id", id, "--user", "alice", "--domain", "locus.test", "--registrar", &registrar],
        Some(&format!("{password}\n")),
    )
}

/// A running `locusctl register --watch` and its events; interrupted (like Ctrl-C) on drop.
pub struct RegisterWatch {
    child: Child,
    lines: Receiver<Value>,
}

impl RegisterWatch {
    pub fn start() -> Self {
        let mut child = Command::new(binaries::locusctl())
            .args(["register", "--watch"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("locusctl register --watch");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(value) = serde_json::from_str(&line) {
                    let _ = tx.send(value);
                }
            }
        });
        Self { child, lines }
    }

    /// The next event within `timeout`, as (type, account id, the whole event).
    pub fn next(&self, timeout: Duration) -> Option<(String, String, Value)> {
        let event = self.lines.recv_timeout(timeout).ok()?;
        let kind = event["type"].as_str().unwrap_or_default().to_owned();
        let id = event["payload"]["account_id"].as_str().unwrap_or_default().to_owned();
        Some((kind, id, event))
    }

    /// Events, as (type, account id, event), until `done` says so (or `timeout`, which panics with what was seen).
    pub fn until(
        &self,
        timeout: Duration,
        done: impl Fn(&[(String, String, Value)]) -> bool,
    ) -> Vec<(String, String, Value)> {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while !done(&seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            let event = self.next(left).unwrap_or_else(|| panic!("timed out; saw {seen:?}"));
            seen.push(event);
        }
        seen
    }

    /// How many events of type `kind` for account `id` are in `seen`.
    pub fn count(seen: &[(String, String, Value)], kind: &str, id: &str) -> usize {
        seen.iter().filter(|(k, i, _)| k == kind && i == id).count()
    }

    /// Interrupts it like Ctrl-C and waits for it to exit (it unregisters on the way out).
    pub fn interrupt(mut self) {
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

impl Drop for RegisterWatch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
