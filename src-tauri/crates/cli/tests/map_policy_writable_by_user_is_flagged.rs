//! The managed policy decides which signing keys are trusted, so a policy file the user could edit is a hole:
//! `locusctl map status` (and the Organization page, from the same report) warns when the current user owns
//! the file and it is writable, and is quiet when the file is read-only or owned by someone else (the
//! administrator).

mod support;

use std::os::unix::fs::PermissionsExt;
use support::{MapHome, text};

fn set_mode(path: &std::path::Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn warned(home: &MapHome) -> (bool, bool) {
    let json = home.status()["policy_user_writable"].as_bool().expect("policy_user_writable");
    let output = home.locusctl(&["map", "status"]);
    assert!(output.status.success(), "{}", text(&output));
    (json, text(&output).contains("WARNING: the policy file can be changed by this user"))
}

#[test]
fn a_policy_the_user_can_edit_is_flagged_and_one_they_cannot_is_not() {
    let home = MapHome::new(serde_json::json!({}));
    let policy = home.path().join("policy/policy.json");

    set_mode(&policy, 0o644);
    assert_eq!(warned(&home), (true, true), "owned by this user and writable");

    set_mode(&policy, 0o444);
    assert_eq!(warned(&home), (false, false), "read-only");

    // Owned by an administrator (here: another account) and not writable by others.
    set_mode(&policy, 0o644);
    let running_as_root = std::fs::read_to_string("/proc/self/status")
        .expect("status")
        .lines()
        .any(|line| line.starts_with("Uid:") && line.split_whitespace().nth(1) == Some("0"));
    if running_as_root {
        std::os::unix::fs::chown(&policy, Some(65534), Some(65534)).expect("chown to nobody");
        assert_eq!(warned(&home), (false, false), "owned by someone else");
        std::os::unix::fs::chown(&policy, Some(0), Some(0)).expect("chown back");
    }
    assert_eq!(warned(&home), (true, true), "owned by this user again");
}
