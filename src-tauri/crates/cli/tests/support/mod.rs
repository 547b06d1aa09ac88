//! Shared by the map tests: an isolated `LOCUS_HOME` with a managed policy pinning a fresh signing key, the
//! documented example map to start from, signing, and running the real `locusctl`.

#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A Locus home with a policy that trusts `public_key`.
pub(crate) struct MapHome {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) public_key: String,
    pub(crate) secret_key: String,
}

impl MapHome {
    /// A home whose policy pins a new key; `maps` is merged into the policy's `maps` object.
    pub(crate) fn new(maps: Value) -> Self {
        let dir = tempfile::tempdir().expect("home");
        let (public_key, secret_key) = locus_itmap::signature::generate_keypair(None).expect("keygen");
        let home = Self { dir, public_key, secret_key };
        home.write_policy(maps);
        home
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write_policy(&self, maps: Value) {
        let key = locus_itmap::signature::TrustedKey::parse(&self.public_key).expect("key").to_base64();
        let policy = serde_json::json!({ "trusted_keys": [key], "maps": maps });
        std::fs::create_dir_all(self.path().join("policy")).expect("policy dir");
        std::fs::write(self.path().join("policy/policy.json"), policy.to_string()).expect("policy");
    }

    /// Writes `map` as `name` with its signature beside it (`name.minisig`), returning the map path.
    pub(crate) fn signed(&self, name: &str, map: &Value) -> PathBuf {
        let body = serde_json::to_vec_pretty(map).expect("json");
        self.signed_bytes(name, &body)
    }

    pub(crate) fn signed_bytes(&self, name: &str, body: &[u8]) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, body).expect("map");
        let signature = locus_itmap::signature::sign(body, &self.secret_key, None, "test").expect("sign");
        std::fs::write(path.with_extension("json.minisig"), signature).expect("signature");
        path
    }

    pub(crate) fn locusctl(&self, args: &[&str]) -> Output {
        locusctl(self.path(), args)
    }

    /// `locusctl map status --json`.
    pub(crate) fn status(&self) -> Value {
        let output = self.locusctl(&["map", "status", "--json"]);
        assert!(output.status.success(), "map status: {}", text(&output));
        serde_json::from_slice(&output.stdout).expect("status JSON")
    }

    /// Serial of the map in force, if any.
    pub(crate) fn serial_in_force(&self) -> Option<u64> {
        self.status()["map"]["serial"].as_u64()
    }

    /// Ids of the IT locations in force.
    pub(crate) fn it_location_ids(&self) -> Vec<String> {
        let output = self.locusctl(&["locations", "--json"]);
        assert!(output.status.success(), "locations: {}", text(&output));
        let locations: Value = serde_json::from_slice(&output.stdout).expect("locations JSON");
        let mut ids: Vec<String> = locations
            .as_array()
            .expect("array")
            .iter()
            .filter(|l| l["source"] == "it_map")
            .map(|l| l["id"].as_str().expect("id").to_owned())
            .collect();
        ids.sort();
        ids
    }

    /// Audit entries of one kind.
    pub(crate) fn audit(&self, kind: &str) -> Vec<Value> {
        let output = self.locusctl(&["audit", "export", "--format", "json"]);
        assert!(output.status.success(), "audit export: {}", text(&output));
        let entries: Value = serde_json::from_slice(&output.stdout).expect("audit JSON");
        // The payload is stored and exported as canonical JSON text; parse it for the tests.
        let parse = |mut entry: Value| {
            let payload = entry["payload"].as_str().and_then(|p| serde_json::from_str(p).ok()).unwrap_or(Value::Null);
            entry["payload"] = payload;
            entry
        };
        entries.as_array().expect("array").iter().filter(|e| e["kind"] == kind).cloned().map(parse).collect()
    }
}

pub(crate) fn locusctl(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_locusctl")).args(args).env("LOCUS_HOME", home).output().expect("run locusctl")
}

/// stdout and stderr together, for assertion messages.
pub(crate) fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The documented example map (serial 1).
pub(crate) fn example_map() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../docs/examples/map-v1.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("example map")).expect("example JSON")
}

/// The example with another serial and one place renamed, so a change is visible.
pub(crate) fn example_with_serial(serial: u64) -> Value {
    let mut map = example_map();
    map["serial"] = serial.into();
    map["sites"][1]["places"][0]["name"] = format!("Toronto office (serial {serial})").into();
    map
}

/// A running `locusctl map watch` and the JSON events it prints; killed on drop.
pub(crate) struct MapWatch {
    child: Child,
    lines: mpsc::Receiver<Value>,
}

impl MapWatch {
    pub(crate) fn start(home: &MapHome) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_locusctl"))
            .args(["map", "watch"])
            .env("LOCUS_HOME", home.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start locusctl map watch");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(value) = serde_json::from_str::<Value>(&line) {
                    let _ = tx.send(value);
                }
            }
        });
        Self { child, lines }
    }

    /// The next event whose type starts with `prefix` (`Map`, `MapApplied`, `Location`…) within `wait`,
    /// skipping the others.
    pub(crate) fn next_of(&self, prefix: &str, wait: Duration) -> Option<Value> {
        let deadline = Instant::now() + wait;
        loop {
            let event = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())).ok()?;
            if event["type"].as_str().is_some_and(|t| t.starts_with(prefix)) {
                return Some(event);
            }
        }
    }
}

impl Drop for MapWatch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
