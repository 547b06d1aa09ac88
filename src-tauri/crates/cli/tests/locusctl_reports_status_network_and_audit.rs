//! `locusctl` as a user or script runs it: JSON with the documented keys, every file under `LOCUS_HOME`, and
//! `audit verify` that exits 1 and names the entry when the chain on disk has been tampered with.

use locus_location::{AuditLog, NewAuditEntry, Store};
use serde_json::Value;
use sqlx::{Connection, SqliteConnection};
use std::path::Path;
use std::process::{Command, Output};

fn locusctl(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_locusctl")).args(args).env("LOCUS_HOME", home).output().expect("run locusctl")
}

fn json_of(output: &Output) -> Value {
    assert!(output.status.success(), "locusctl failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("valid JSON on stdout")
}

#[test]
fn net_json_has_the_documented_keys() {
    let home = tempfile::tempdir().expect("home");
    let net = json_of(&locusctl(home.path(), &["net", "--json"]));
    let interfaces = net["interfaces"].as_array().expect("interfaces[]");
    let lo = interfaces.iter().find(|i| i["name"] == "lo").expect("the loopback interface is listed");
    assert!(lo.get("mac").is_some(), "interfaces[].mac is present (null for loopback)");
    assert!(lo["addrs"].as_array().expect("addrs").iter().any(|a| a == "127.0.0.1/8"), "{lo}");
    let gateway = net.get("default_gateway").expect("default_gateway key is always present");
    if !gateway.is_null() {
        for key in ["ip", "mac", "interface"] {
            assert!(gateway.get(key).is_some(), "default_gateway.{key} missing: {gateway}");
        }
    }
}

#[test]
fn status_json_reports_readiness_and_keeps_everything_under_locus_home() {
    let home = tempfile::tempdir().expect("home");
    let status = json_of(&locusctl(home.path(), &["status", "--json"]));
    assert!(["green", "amber", "red"].contains(&status["readiness"]["level"].as_str().expect("level")));
    let config_dir = status["paths"]["config_dir"].as_str().expect("config_dir");
    assert!(Path::new(config_dir).starts_with(home.path()), "{config_dir}");
    assert!(home.path().join("data/locus.db").exists(), "the database lives under LOCUS_HOME/data");
    let logs: Vec<_> = std::fs::read_dir(home.path().join("logs")).expect("logs dir").flatten().collect();
    assert!(
        logs.iter().any(|e| e.file_name().to_string_lossy().starts_with("locus.")),
        "a daily log file is written under LOCUS_HOME/logs"
    );
}

#[test]
fn a_bad_config_is_reported_by_field_and_defaults_stay_in_force() {
    let home = tempfile::tempdir().expect("home");
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    std::fs::write(home.path().join("config/config.json"), r#"{"network":{"refresh_seconds":0}}"#).expect("write");
    let status = json_of(&locusctl(home.path(), &["status", "--json"]));
    assert_eq!(status["config"]["source"], "defaults");
    assert_eq!(status["config"]["errors"][0]["field"], "network.refresh_seconds");
    assert_eq!(status["config"]["config"]["network"]["refresh_seconds"], 10);
}

#[test]
fn audit_verify_passes_then_names_the_tampered_entry() {
    let home = tempfile::tempdir().expect("home");
    let db = home.path().join("data/locus.db");
    std::fs::create_dir_all(db.parent().expect("parent")).expect("data dir");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let log = AuditLog::new(Store::open(&db).await.expect("store"));
        for n in 0..3 {
            let entry =
                NewAuditEntry { kind: "test".into(), actor: "system".into(), payload: serde_json::json!({"n": n}) };
            log.append(entry, time::OffsetDateTime::now_utc()).await.expect("append");
        }
    });

    let ok = locusctl(home.path(), &["audit", "verify"]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("intact: 3 entries"), "{ok:?}");

    runtime.block_on(async {
        let mut raw = SqliteConnection::connect(&format!("sqlite://{}", db.display())).await.expect("connect");
        sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut raw).await.expect("drop trigger");
        sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").execute(&mut raw).await.expect("tamper");
    });
    let broken = locusctl(home.path(), &["audit", "verify", "--json"]);
    assert_eq!(broken.status.code(), Some(1), "a broken chain must fail the command");
    let report: Value = serde_json::from_slice(&broken.stdout).expect("JSON");
    assert_eq!(report["first_broken_seq"], 2);
}
