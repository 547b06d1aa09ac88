//! Runs one test again in a child process whose alsa-lib sees only the sandbox's configuration: `HOME` and
//! `XDG_CONFIG_HOME` point into a temporary directory (no `~/.asoundrc`), and `ALSA_CONFIG_PATH` names our file
//! as alsa-lib's only top-level file. That is also the only kind of file alsa-lib watches for changes
//! (`snd_config_update` compares the top-level files' inode and mtime; files loaded by hooks such as
//! `~/.asoundrc` are not re-read), which is what lets a test unplug a device. Setting these in the test process
//! itself would need `unsafe` (`std::env::set_var`), hence the child.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// Set in the child; its value is the sandbox directory.
const SANDBOX: &str = "LOCUS_AUDIO_SANDBOX";

/// The sandbox directory when this is the child.
pub fn sandbox() -> Option<PathBuf> {
    std::env::var_os(SANDBOX).map(PathBuf::from)
}

/// Runs `test_name` of this test binary in a fresh sandbox; fails if it fails or runs over a minute.
pub fn rerun_in_sandbox(test_name: &str) {
    let root = tempfile::tempdir().expect("temporary directory");
    let dir = root.path();
    for sub in ["home", "config"] {
        std::fs::create_dir_all(dir.join(sub)).expect("sandbox directory");
    }
    let exe = std::env::current_exe().expect("test binary path");
    // Its output (logs, alsa-lib's own complaints about the broken pipes it is made to meet) is shown on failure.
    let log_path = dir.join("output.log");
    let log = std::fs::File::create(&log_path).expect("create the output log");
    let mut child = Command::new(exe)
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env(SANDBOX, dir)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("ALSA_CONFIG_PATH", dir.join("asound.conf"))
        .env("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "locus_audio=debug".into()))
        .stdout(log.try_clone().expect("share the output log"))
        .stderr(log)
        // Its own process group: a hung test is killed with every pacer it started.
        .process_group(0)
        .spawn()
        .expect("re-run the test in the ALSA sandbox");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the sandboxed test") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
            let _ = child.wait();
            panic!("the sandboxed test ran over a minute; its output:\n{}", read_log(&log_path));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "the sandboxed test failed; its output:\n{}", read_log(&log_path));
}

fn read_log(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| format!("(cannot read {}: {e})", path.display()))
}
