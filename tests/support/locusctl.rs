//! Running `locusctl`: inside a lab's laptop namespace (one-shot JSON commands and the `net --watch` stream), or
//! where the test runs, collecting its JSON lines.

use super::binaries;
use super::lab::Lab;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Runs `locusctl ARGS` in the laptop namespace with `LOCUS_HOME=home` and parses its JSON output.
pub fn json_in_laptop(lab: &Lab, home: &Path, args: &[&str]) -> Value {
    let output = lab
        .command_in_laptop(binaries::locusctl())
        .args(args)
        .env("LOCUS_HOME", home)
        .output()
        .expect("run locusctl in the laptop namespace");
    assert!(output.status.success(), "locusctl {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("locusctl prints JSON")
}

/// A running `locusctl net --watch` whose JSON lines can be awaited.
#[derive(Debug)]
pub struct WatchStream {
    child: Child,
    lines: Receiver<(Instant, Value)>,
}

impl WatchStream {
    /// Starts `locusctl net --watch` in the laptop namespace.
    pub fn start(lab: &Lab, home: &Path) -> Self {
        let mut child = lab
            .command_in_laptop(binaries::locusctl())
            .args(["net", "--watch"])
            .env("LOCUS_HOME", home)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn locusctl net --watch");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(value) = serde_json::from_str::<Value>(&line)
                    && tx.send((Instant::now(), value)).is_err()
                {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// The next JSON line and when it arrived, or a panic after `timeout`.
    pub fn next(&self, timeout: Duration) -> (Instant, Value) {
        self.lines.recv_timeout(timeout).unwrap_or_else(|_| panic!("no network change reported within {timeout:?}"))
    }

    /// Waits for a line satisfying `accept`, skipping others, until `timeout`.
    pub fn next_matching(&self, timeout: Duration, accept: impl Fn(&Value) -> bool) -> (Instant, Value) {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, value) = self.next(left);
            if accept(&value) {
                return (at, value);
            }
        }
    }
}

impl Drop for WatchStream {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `locusctl ARGS` with `LOCUS_HOME=home` where the test is: (success, the JSON lines it printed, all of
/// stdout and stderr for failure messages).
pub fn run_lines(home: &Path, args: &[&str]) -> (bool, Vec<Value>, String) {
    let output = std::process::Command::new(super::binaries::locusctl())
        .args(args)
        .env("LOCUS_HOME", home)
        .output()
        .expect("run locusctl");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let lines = stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    (output.status.success(), lines, format!("{stdout}{}", String::from_utf8_lossy(&output.stderr)))
}

/// Confirms 742 Evergreen Ter, Springfield IL as "Home" for the network `home`'s Locus is on now (with
/// `locusctl confirm`), so a desktop test's window opens without the confirmation dialog over it.
pub fn confirm_home_address(home: &Path) {
    let address = serde_json::json!({"country": "US", "a1": "IL", "a3": "Springfield", "hno": "742",
        "rd": "Evergreen", "sts": "Ter", "pc": "62704"});
    let confirmed = std::process::Command::new(super::binaries::locusctl())
        .args(["confirm", "--label", "Home", "--address", &address.to_string()])
        .env("LOCUS_HOME", home)
        .output()
        .expect("locusctl confirm");
    assert!(confirmed.status.success(), "{}", String::from_utf8_lossy(&confirmed.stderr));
}
