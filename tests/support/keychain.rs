//! A keychain sandbox for tests: the test re-runs itself with HOME, the XDG directories and LOCUS_HOME in a
//! temporary directory, no DISPLAY (so no unlock prompt can wait for a person), and either a private D-Bus session
//! (`dbus-run-session`) in which `start_unlocked_gnome_keyring` starts a fresh gnome-keyring whose login keyring is
//! unlocked with a throwaway password, or no D-Bus session at all. The user's own keyring is never touched. Needs
//! the Debian packages dbus-daemon, gnome-keyring and libsecret-tools (`.ci/setup.sh --tests`). Shared by
//! `src-tauri/crates/core/tests/keychain_holds_secrets.rs` and the `locusctl account` tests.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set in the re-run copy of a test; its value is the sandbox directory.
const SANDBOX: &str = "LOCUS_TEST_KEYCHAIN_SANDBOX";
/// The password of the throwaway login keyring.
const KEYRING_PASSWORD: &str = "locus-test-keyring";
/// The Secret Service's well-known bus name.
pub const SECRET_SERVICE: &str = "org.freedesktop.secrets";

/// Which D-Bus session the re-run gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bus {
    /// `dbus-run-session`; the test starts gnome-keyring in it.
    PrivateSessionWithGnomeKeyring,
    /// `DBUS_SESSION_BUS_ADDRESS` names a socket that does not exist.
    None,
}

/// The sandbox directory when this is the re-run copy.
pub fn sandbox() -> Option<PathBuf> {
    std::env::var_os(SANDBOX).map(PathBuf::from)
}

/// Re-runs the test `test_name` of this binary in a fresh sandbox and fails if that run fails or hangs.
pub fn rerun_in_sandbox(test_name: &str, bus: Bus) {
    let root = tempfile::tempdir().expect("temporary directory");
    let sandbox = root.path();
    for dir in ["home", "data", "config", "cache", "run"] {
        std::fs::create_dir_all(sandbox.join(dir)).expect("create sandbox directory");
    }
    // gnome-keyring puts its control socket in XDG_RUNTIME_DIR, which must be private.
    std::fs::set_permissions(sandbox.join("run"), std::fs::Permissions::from_mode(0o700)).expect("chmod run");
    let exe = std::env::current_exe().expect("test binary path");
    let mut command = match bus {
        Bus::PrivateSessionWithGnomeKeyring => {
            for (program, package) in [("gnome-keyring-daemon", "gnome-keyring"), ("secret-tool", "libsecret-tools")] {
                assert!(
                    Command::new("sh")
                        .args(["-c", &format!("command -v {program}")])
                        .output()
                        .is_ok_and(|o| o.status.success()),
                    "{program} is missing: install the Debian package {package} (.ci/setup.sh --tests does)"
                );
            }
            let mut command = Command::new("dbus-run-session");
            command.arg("--").arg(&exe).env_remove("DBUS_SESSION_BUS_ADDRESS");
            command
        }
        Bus::None => {
            let mut command = Command::new(&exe);
            let nowhere = sandbox.join("run").join("no-such-bus");
            command.env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={}", nowhere.display()));
            command
        }
    };
    command
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env(SANDBOX, sandbox)
        .env("HOME", sandbox.join("home"))
        .env("XDG_DATA_HOME", sandbox.join("data"))
        .env("XDG_CONFIG_HOME", sandbox.join("config"))
        .env("XDG_CACHE_HOME", sandbox.join("cache"))
        .env("XDG_RUNTIME_DIR", sandbox.join("run"))
        .env("LOCUS_HOME", sandbox.join("locus"))
        .env("RUST_LOG", "trace")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("GNOME_KEYRING_CONTROL")
        .process_group(0);
    let mut child = command.spawn().expect("re-run the test (dbus-run-session is in the Debian package dbus-daemon)");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the re-run test") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
            let _ = child.wait();
            panic!("the sandboxed test hung for 2 minutes (a keychain call waiting for a prompt?)");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "the sandboxed test failed (its output is above)");
}

/// Starts gnome-keyring's Secret Service in this D-Bus session with a new login keyring, unlocked, and waits
/// until it owns the Secret Service name (else D-Bus activation could start a second, locked daemon).
pub fn start_unlocked_gnome_keyring() {
    start_unlocked_gnome_keyring_on(None);
}

/// `start_unlocked_gnome_keyring` on the session bus at `bus` (the desktop app's own session in the desktop
/// tests), or on the inherited one.
pub fn start_unlocked_gnome_keyring_on(bus: Option<&str>) {
    let mut daemon = Command::new("gnome-keyring-daemon");
    if let Some(bus) = bus {
        daemon.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    let mut daemon = daemon
        .args(["--unlock", "--components=secrets"])
        .stdin(Stdio::piped())
        // The daemon it forks keeps inherited pipes open forever; only stdin is read.
        .stdout(Stdio::null())
        .spawn()
        .expect("start gnome-keyring-daemon (package gnome-keyring)");
    daemon.stdin.take().expect("daemon stdin").write_all(KEYRING_PASSWORD.as_bytes()).expect("send the password");
    assert!(daemon.wait().expect("wait for gnome-keyring-daemon").success(), "gnome-keyring-daemon failed to start");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !dbus_send_on(
        bus,
        &[
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            &format!("string:{SECRET_SERVICE}"),
        ],
    )
    .contains("boolean true")
    {
        assert!(Instant::now() < deadline, "gnome-keyring did not take {SECRET_SERVICE} within 10 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Locks the default collection (the login keyring), as the desktop does on screen lock or logout.
pub fn lock_default_collection() {
    dbus_send(&[
        &format!("--dest={SECRET_SERVICE}"),
        "/org/freedesktop/secrets",
        "org.freedesktop.Secret.Service.Lock",
        "array:objpath:/org/freedesktop/secrets/aliases/default",
    ]);
}

/// Runs `dbus-send --session --print-reply` with `args`; panics if it fails. Returns the reply.
pub fn dbus_send(args: &[&str]) -> String {
    dbus_send_on(None, args)
}

/// `dbus-send` on the session bus at `bus`, or on the inherited one.
fn dbus_send_on(bus: Option<&str>, args: &[&str]) -> String {
    let mut command = Command::new("dbus-send");
    if let Some(bus) = bus {
        command.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    let output = command
        .args(["--session", "--print-reply"])
        .args(args)
        .output()
        .expect("run dbus-send (package dbus-bin, with dbus-daemon)");
    assert!(output.status.success(), "dbus-send {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(kind) if kind.is_file() => {
                    let bytes = std::fs::read(&path).unwrap_or_default();
                    if bytes.windows(needle.len()).any(|window| window == needle) {
                        found.push(path);
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// The secret libsecret (not Locus's code) finds for `service` and `username`, or `None`.
pub fn secret_tool_lookup(service: &str, username: &str) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", username])
        .output()
        .expect("run secret-tool (package libsecret-tools)");
    let found = String::from_utf8_lossy(&output.stdout).trim_end_matches('\n').to_owned();
    (output.status.success() && !found.is_empty()).then_some(found)
}
