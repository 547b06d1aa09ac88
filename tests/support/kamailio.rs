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
    /// TLS port on 127.0.0.1, when started with a certificate.
    pub tls_port: Option<u16>,
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
        Self::launch(digest, defines, None, None)
    }

    /// `start`, relaying calls for `user` to a peer that does not register, at 127.0.0.1:`port` (SIPp).
    pub fn start_routing(digest: Digest, user: &str, port: u16) -> Self {
        Self::launch(digest, &["STATIC_ROUTE"], None, Some((user, port)))
    }

    /// `start`, also listening for TLS with `certificate` (PEM) and its `private_key` (PEM).
    pub fn start_tls(digest: Digest, certificate: &str, private_key: &str) -> Self {
        Self::launch(digest, &[], Some((certificate, private_key)), None)
    }

    fn launch(digest: Digest, defines: &[&str], tls: Option<(&str, &str)>, route: Option<(&str, u16)>) -> Self {
        let dir = tempfile::tempdir().expect("kamailio dir");
        let port = free_port();
        let tls_port = tls.map(|_| free_port());
        let tls_config = dir.path().join("tls.cfg");
        if let Some((certificate, private_key)) = tls {
            let (cert_path, key_path) = (dir.path().join("server.pem"), dir.path().join("server.key"));
            std::fs::write(&cert_path, certificate).expect("write certificate");
            std::fs::write(&key_path, private_key).expect("write key");
            let server = format!(
                "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n\
                 certificate = {}\nprivate_key = {}\n\n[client:default]\nverify_certificate = no\n",
                cert_path.display(),
                key_path.display()
            );
            std::fs::write(&tls_config, server).expect("write tls.cfg");
        }
        let template = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peers/kamailio-registrar.cfg");
        let config = std::fs::read_to_string(template)
            .expect("kamailio config template")
            .replace("@PORT@", &port.to_string())
            .replace("@PASSWORD@", PASSWORD)
            .replace("@REALM@", "locus.test")
            .replace("@TLS_PORT@", &tls_port.unwrap_or(0).to_string())
            .replace("@TLS_CONFIG@", tls_config.to_str().expect("path"))
            .replace("@ROUTE_USER@", route.map_or("nobody", |(user, _)| user))
            .replace("@ROUTE_PORT@", &route.map_or(0, |(_, port)| port).to_string());
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
        if tls.is_some() {
            command.args(["-A", "WITH_TLS"]);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start kamailio (package kamailio; .ci/setup.sh installs it)");
        let kamailio = Self { port, tls_port, child, log, _dir: dir };
        // Starting takes well under a second, but a loaded CI machine has been seen to need several (TLS setup).
        let deadline = Instant::now() + Duration::from_secs(30);
        let last_port = tls_port.unwrap_or(port);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
            || std::net::TcpStream::connect(("127.0.0.1", last_port)).is_err()
        {
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
        // SIGTERM lets the main process stop its children.
        stop_by_pid(&mut self.child, Duration::from_secs(5));
    }
}

/// Stops a peer by its PID: SIGTERM, up to `grace` to exit, then SIGKILL.
pub fn stop_by_pid(child: &mut Child, grace: Duration) {
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
