//! SIPp on loopback as someone calling us: runs one caller scenario from `tests/peers/` (`sipp-call-us*.xml`)
//! for one call to a user at a SIP proxy or endpoint on 127.0.0.1, and keeps every SIP message it received so
//! tests can read how we answered.

use super::kamailio::free_port;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running SIPp caller.
pub struct SippCaller {
    child: Child,
    messages: PathBuf,
    errors: PathBuf,
    _dir: tempfile::TempDir,
}

impl SippCaller {
    /// Starts SIPp calling `user` at 127.0.0.1:`port` with `tests/peers/<scenario>`, once; `files` (name, bytes)
    /// are written to its working directory first (the `caller.pcap` an answered call plays).
    pub fn call(scenario: &str, port: u16, user: &str, files: &[(&str, &[u8])]) -> Self {
        let dir = tempfile::tempdir().expect("sipp dir");
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).expect("write a file for sipp");
        }
        let scenario = format!("{}/tests/peers/{scenario}", env!("CARGO_MANIFEST_DIR"));
        let messages = dir.path().join("messages.log");
        let errors = dir.path().join("errors.log");
        let child = Command::new("sipp")
            .args(["-sf", &scenario, &format!("127.0.0.1:{port}"), "-s", user, "-m", "1"])
            .args(["-i", "127.0.0.1", "-p", &free_port().to_string()])
            .args(["-mi", "127.0.0.1", "-mp", &free_port().to_string()])
            .args(["-trace_msg", "-message_file", messages.to_str().expect("path")])
            .args(["-trace_err", "-error_file", errors.to_str().expect("path"), "-timeout", "30s"])
            // Kamailio forwards with two worker processes, so our 180 can reach SIPp after our 200 when we answer
            // at once. A real phone ignores a late provisional; SIPp would abort the answered call (seen in CI),
            // so unexpected messages are logged here, not fatal.
            .args(["-default_behaviors", "all,-abortunexp"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sipp (package sip-tester; .ci/setup.sh installs it)");
        Self { child, messages, errors, _dir: dir }
    }

    /// Waits for the scenario to finish; true when SIPp counted the call as successful.
    pub fn finished_ok(&mut self, within: Duration) -> bool {
        super::sipp::finished_ok(&mut self.child, within)
    }

    /// Every SIP message SIPp received, as text, in order.
    pub fn received(&self) -> Vec<String> {
        super::sipp::received_messages(&self.messages)
    }

    /// The first response SIPp received with this status code.
    pub fn response(&self, status: u16) -> Option<String> {
        self.received().into_iter().find(|m| m.starts_with(&format!("SIP/2.0 {status} ")))
    }

    /// What SIPp logged as errors and the messages it received, for failure messages.
    pub fn explain(&self) -> String {
        let errors = std::fs::read_to_string(&self.errors).unwrap_or_default();
        let log = std::fs::read_to_string(&self.messages).unwrap_or_default();
        format!("sipp errors:\n{errors}\nmessages:\n{log}")
    }
}

impl Drop for SippCaller {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
