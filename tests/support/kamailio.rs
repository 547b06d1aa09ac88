//! A real Kamailio on loopback for the SIP interop tests: config from `tests/peers/kamailio-registrar.cfg` on a
//! free port, run in the foreground and stopped by PID on drop, its log kept for assertions.

use std::net::{TcpListener, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The password every test user has on this registrar.
pub const PASSWORD: &str = "correct horse";

/// A running Kamailio.
pub struct Kamailio {
    /// UDP and TCP port on 127.0.0.1.
    pub port: u16,
    child: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

/// Which digest algorithm the registrar challenges with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    Md5,
    Sha256,
}

/// A port free for both UDP and TCP on 127.0.0.1 right now.
pub fn free_port() -> u16 {
    loop {
        let tcp = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = tcp.local_addr().expect("addr").port();
        if UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

impl Kamailio {
    /// Starts Kamailio as a registrar challenging with `digest`; returns once it accepts TCP connections.
    pub fn start(digest: Digest) -> Self {
        Self::start_with(digest, &[])
    }

    /// `start`, defining the config's `#!ifdef` switches in `defines` (e.g. `SHORT_EXPIRES`).
    pub fn start_with(digest: Digest, defines: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("kamailio dir");
        let port = free_port();
        let template = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peers/kamailio-registrar.cfg");
        let config = std::fs::read_to_string(template)
            .expect("kamailio config template")
            .replace("@PORT@", &port.to_string())
            .replace("@PASSWORD@", PASSWORD)
            .replace("@REALM@", "locus.test");
        let config_path = dir.path().join("kamailio.cfg");
        std::fs::write(&config_path, config).expect("write kamailio config");
        let log = dir.path().join("kamailio.log");
        let mut command = Command::new("kamailio");
        command
            .args(["-f", config_path.to_str().expect("path"), "-DD", "-E", "-w", dir.path().to_str().expect("path")])
            .args(["-P", dir.path().join("kamailio.pid").to_str().expect("path")]);
        if digest == Digest::Sha256 {
            command.args(["-A", "AUTH_SHA256"]);
        }
        for define in defines {
            command.args(["-A", define]);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start kamailio (package kamailio; .ci/setup.sh installs it)");
        let kamailio = Self { port, child, log, _dir: dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "kamailio did not start: {}", kamailio.log_text());
            std::thread::sleep(Duration::from_millis(50));
        }
        kamailio
    }

    /// Everything Kamailio logged so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The log lines this config writes for each REGISTER (`LOCUS-TEST …`).
    pub fn register_lines(&self) -> Vec<String> {
        self.log_text().lines().filter(|l| l.contains("LOCUS-TEST")).map(str::to_owned).collect()
    }
}

impl Drop for Kamailio {
    fn drop(&mut self) {
        // SIGTERM lets the main process stop its children; then make sure.
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
