//! Map signatures interoperate with the reference `minisign` tool (Debian package `minisign`), both ways: keys
//! and signatures it makes are accepted by `locusctl map verify` and by the apply pipeline; keys and signatures
//! `locusctl map keygen|sign` makes verify with `minisign -V`, and minisign can sign with our encrypted key.

mod support;

use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use support::{MapHome, example_with_serial, locusctl, text};

fn run(program: &str, args: &[&str], cwd: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not run {program} (is the minisign package installed?): {e}"));
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("wait")
}

/// `locusctl map verify DIR/MAP --pubkey DIR/KEY`, with `LOCUS_HOME` in the test's directory.
fn verify_with(dir: &Path, map: &str, key: &str) -> Output {
    let (map, key) = (dir.join(map), dir.join(key));
    locusctl(dir, &["map", "verify", map.to_str().expect("path"), "--pubkey", key.to_str().expect("path")])
}

fn write_map(dir: &Path, name: &str, serial: u64) {
    std::fs::write(dir.join(name), serde_json::to_vec_pretty(&example_with_serial(serial)).expect("json"))
        .expect("map");
}

#[test]
fn keys_and_signatures_made_by_minisign_are_accepted() {
    let home = MapHome::new(json!({}));
    let dir = home.path();
    let keygen = run("minisign", &["-G", "-W", "-p", "ms.pub", "-s", "ms.key"], dir, None);
    assert!(keygen.status.success(), "minisign -G: {}", text(&keygen));
    write_map(dir, "map.json", 2);
    let sign = run("minisign", &["-S", "-s", "ms.key", "-m", "map.json"], dir, None);
    assert!(sign.status.success(), "minisign -S: {}", text(&sign));

    let verify = verify_with(dir, "map.json", "ms.pub");
    assert!(verify.status.success(), "{}", text(&verify));
    assert!(text(&verify).contains("signature OK"), "{}", text(&verify));

    // Pin minisign's key in the policy and apply the map it signed.
    let public = std::fs::read_to_string(dir.join("ms.pub")).expect("pub");
    let policy = json!({ "trusted_keys": [public.lines().last().expect("key line")] });
    std::fs::write(dir.join("policy/policy.json"), policy.to_string()).expect("policy");
    let apply = home.locusctl(&["map", "apply", dir.join("map.json").to_str().expect("path")]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert_eq!(home.serial_in_force(), Some(2));

    // One changed byte and both tools refuse it.
    let tampered = std::fs::read_to_string(dir.join("map.json")).expect("map").replace("Wacker", "Wecker");
    std::fs::write(dir.join("map.json"), tampered).expect("tamper");
    let verify = verify_with(dir, "map.json", "ms.pub");
    assert_eq!(verify.status.code(), Some(1), "{}", text(&verify));
    assert!(!run("minisign", &["-V", "-p", "ms.pub", "-m", "map.json"], dir, None).status.success());
}

#[test]
fn our_keys_and_signatures_verify_with_minisign() {
    let home = tempfile::tempdir().expect("home");
    let dir = home.path();
    let keygen = run(
        env!("CARGO_BIN_EXE_locusctl"),
        &["map", "keygen", "--out-dir", dir.to_str().expect("path"), "--password-stdin"],
        dir,
        Some("correct horse\n"),
    );
    assert!(keygen.status.success(), "keygen: {}", text(&keygen));
    write_map(dir, "map.json", 3);
    let sign = run(
        env!("CARGO_BIN_EXE_locusctl"),
        &["map", "sign", "map.json", "--key", "locus-map.key", "--password-stdin"],
        dir,
        Some("correct horse\n"),
    );
    assert!(sign.status.success(), "sign: {}", text(&sign));
    let verify = run("minisign", &["-V", "-p", "locus-map.pub", "-m", "map.json"], dir, None);
    assert!(verify.status.success(), "minisign -V: {}", text(&verify));
    assert!(text(&verify).contains("locus-map org=Example Contact Centres Inc. serial=3"), "{}", text(&verify));

    // The reference tool signs with our (encrypted) secret key, and we verify it.
    write_map(dir, "map4.json", 4);
    let sign = run("minisign", &["-S", "-s", "locus-map.key", "-m", "map4.json"], dir, Some("correct horse\n"));
    assert!(sign.status.success(), "minisign -S with our key: {}", text(&sign));
    let verify = verify_with(dir, "map4.json", "locus-map.pub");
    assert!(verify.status.success(), "{}", text(&verify));

    // A wrong password signs nothing.
    let wrong = run(
        env!("CARGO_BIN_EXE_locusctl"),
        &["map", "sign", "map4.json", "--key", "locus-map.key", "--password-stdin"],
        dir,
        Some("wrong\n"),
    );
    assert!(!wrong.status.success(), "{}", text(&wrong));
    assert!(text(&wrong).contains("password"), "{}", text(&wrong));
}
