//! SIPp on loopback as the far end of a call (a carrier's line, a 911 gateway): runs one scenario from
//! `tests/peers/` for one call, echoes our RTP back (`-rtp_echo`) unless it plays audio of its own, and keeps
//! every SIP message it saw so tests can read exactly what we sent. SIP over UDP, or over TCP only
//! (`Sipp::start_over_tcp`).

use super::kamailio::free_port;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running SIPp.
pub struct Sipp {
    /// Its SIP port on 127.0.0.1 (UDP, or TCP when started over TCP).
    pub port: u16,
    child: Child,
    messages: PathBuf,
    errors: PathBuf,
    _dir: tempfile::TempDir,
}

impl Sipp {
    /// Starts SIPp with `tests/peers/<scenario>` for one call; returns once its port is taken.
    pub fn start(scenario: &str) -> Self {
        Self::start_with_files(scenario, &[])
    }

    /// Like [`Sipp::start`], with `files` (name, bytes) written to SIPp's working directory first — audio
    /// captures a scenario plays, for instance.
    pub fn start_with_files(scenario: &str, files: &[(&str, &[u8])]) -> Self {
        Self::start_for_calls(scenario, files, 1)
    }

    /// Like [`Sipp::start_with_files`], for `calls` calls one after another.
    pub fn start_for_calls(scenario: &str, files: &[(&str, &[u8])], calls: u32) -> Self {
        Self::launch(scenario, files, calls, false)
    }

    /// Like [`Sipp::start`], listening on TCP only (`-t t1`): nothing listens on UDP at its port.
    pub fn start_over_tcp(scenario: &str) -> Self {
        Self::launch(scenario, &[], 1, true)
    }

    fn launch(scenario: &str, files: &[(&str, &[u8])], calls: u32, tcp: bool) -> Self {
        let dir = tempfile::tempdir().expect("sipp dir");
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).expect("write a file for sipp");
        }
        let port = free_port();
        let media_port = free_port();
        let scenario = format!("{}/tests/peers/{scenario}", env!("CARGO_MANIFEST_DIR"));
        let messages = dir.path().join("messages.log");
        let errors = dir.path().join("errors.log");
        let child = Command::new("sipp")
            .args(["-sf", &scenario, "-i", "127.0.0.1", "-p", &port.to_string()])
            .args(if tcp { ["-t", "t1"].as_slice() } else { [].as_slice() })
            .args(["-mi", "127.0.0.1", "-mp", &media_port.to_string(), "-m", &calls.to_string()])
            // A scenario that plays its own audio (a pcap among `files`) must not also echo ours: the caller would
            // get two RTP streams, and whichever came first would decide what it records.
            .args(if files.is_empty() { ["-rtp_echo"].as_slice() } else { [].as_slice() })
            .args(["-trace_msg", "-message_file", messages.to_str().expect("path")])
            .args(["-trace_err", "-error_file", errors.to_str().expect("path"), "-timeout", "30s"])
            .current_dir(dir.path())
            // The message log's timestamps are local time: make that UTC so tests can compare them.
            .env("TZ", "UTC")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sipp (package sip-tester; .ci/setup.sh installs it)");
        let deadline = Instant::now() + Duration::from_secs(10);
        let taken = |port: u16| match tcp {
            true => std::net::TcpListener::bind(("127.0.0.1", port)).is_err(),
            false => std::net::UdpSocket::bind(("127.0.0.1", port)).is_err(),
        };
        while !taken(port) {
            assert!(Instant::now() < deadline, "sipp did not open port {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { port, child, messages, errors, _dir: dir }
    }

    /// Waits for the scenario to finish; true when SIPp counted the call as successful.
    pub fn finished_ok(&mut self, within: Duration) -> bool {
        finished_ok(&mut self.child, within)
    }

    /// Every SIP message SIPp received, as text, in order.
    pub fn received(&self) -> Vec<String> {
        received_messages(&self.messages)
    }

    /// The first received request with this method (`INVITE`, `BYE`, `CANCEL`).
    pub fn request(&self, method: &str) -> Option<String> {
        self.received().into_iter().find(|m| m.starts_with(&format!("{method} ")))
    }

    /// When SIPp received the first request with this method, from its message log (microseconds).
    pub fn received_at(&self, method: &str) -> Option<std::time::SystemTime> {
        let log = std::fs::read_to_string(&self.messages).unwrap_or_default();
        let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second].[subsecond]");
        let (mut stamp, mut receiving) = (None, false);
        for line in log.lines() {
            if let Some(rest) = line.strip_prefix("-----") {
                stamp = time::PrimitiveDateTime::parse(rest.trim_start_matches('-').trim(), &format).ok();
                receiving = false;
            } else if line.contains("message received") {
                receiving = true;
            } else if receiving && !line.trim().is_empty() {
                if line.starts_with(&format!("{method} ")) {
                    return stamp.map(|at| at.assume_utc().into());
                }
                receiving = false;
            }
        }
        None
    }

    /// SIPp's whole message log (what it sent and received, with timestamps), for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.messages).unwrap_or_default()
    }

    /// What SIPp logged as errors, for failure messages.
    pub fn errors(&self) -> String {
        std::fs::read_to_string(&self.errors).unwrap_or_default()
    }
}

/// The value of the first header called `name` (case-insensitive) in a SIP message.
pub fn header(message: &str, name: &str) -> Option<String> {
    message.lines().take_while(|l| !l.trim().is_empty()).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
    })
}

/// The body of a SIP message (after the blank line).
pub fn body(message: &str) -> String {
    message.split_once("\n\n").map(|(_, body)| body.to_owned()).unwrap_or_default()
}

impl Drop for Sipp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to `within` for a SIPp process to exit; true when it counted its calls as successful.
pub fn finished_ok(sipp: &mut Child, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = sipp.try_wait().expect("sipp status") {
            return status.success();
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every SIP message a SIPp `-trace_msg` log at `log` says was received, as text, in order.
pub fn received_messages(log: &std::path::Path) -> Vec<String> {
    let log = std::fs::read_to_string(log).unwrap_or_default();
    let mut messages = Vec::new();
    let mut current: Option<String> = None;
    for line in log.lines() {
        if line.starts_with("-----") || line.contains("message sent") {
            messages.extend(current.take());
        } else if line.contains("message received") {
            current = Some(String::new());
        } else if let Some(message) = current.as_mut() {
            message.push_str(line);
            message.push('\n');
        }
    }
    messages.extend(current);
    messages.into_iter().map(|m| m.trim().to_owned()).filter(|m| !m.is_empty()).collect()
}
