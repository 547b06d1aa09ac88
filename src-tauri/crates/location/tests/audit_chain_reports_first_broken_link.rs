//! The audit log on a real SQLite file: appends chain, the database refuses edits, and `verify` names the
//! first entry whose link is broken when someone tampers with the file behind our back.

use locus_location::{AuditLog, NewAuditEntry, Pragma, Store};
use serde_json::json;
use sqlx::{Connection, SqliteConnection};
use time::macros::datetime;

fn entry(n: i64) -> NewAuditEntry {
    NewAuditEntry { kind: "test.entry".into(), actor: "system".into(), payload: json!({"n": n, "note": "hello"}) }
}

async fn log_with_entries(dir: &tempfile::TempDir, count: i64) -> (Store, AuditLog) {
    let store = Store::open(&dir.path().join("locus.db")).await.expect("open");
    let log = AuditLog::new(store.clone());
    for n in 1..=count {
        log.append(entry(n), datetime!(2026-11-23 12:00:00 UTC) + time::Duration::seconds(n)).await.expect("append");
    }
    (store, log)
}

/// A second, raw connection that drops the append-only triggers, as an attacker with file access could.
async fn raw_connection_without_guards(dir: &tempfile::TempDir) -> SqliteConnection {
    let url = format!("sqlite://{}", dir.path().join("locus.db").display());
    let mut conn = SqliteConnection::connect(&url).await.expect("raw connect");
    sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut conn).await.expect("drop");
    sqlx::query("DROP TRIGGER audit_log_no_delete").execute(&mut conn).await.expect("drop");
    conn
}

#[tokio::test]
async fn entries_chain_to_each_other_and_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, log) = log_with_entries(&dir, 5).await;
    let entries = log.entries().await.expect("entries");
    assert_eq!(entries.len(), 5);
    for pair in entries.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    let report = log.verify().await.expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries_checked, 5);
}

#[tokio::test]
async fn the_database_refuses_update_and_delete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _log) = log_with_entries(&dir, 2).await;
    let update = sqlx::query("UPDATE audit_log SET payload = '{}' WHERE seq = 1").execute(store.pool()).await;
    assert!(update.expect_err("update must fail").to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(store.pool()).await;
    assert!(delete.expect_err("delete must fail").to_string().contains("append-only"));
}

#[tokio::test]
async fn an_edited_payload_is_reported_at_its_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, log) = log_with_entries(&dir, 5).await;
    let mut raw = raw_connection_without_guards(&dir).await;
    sqlx::query("UPDATE audit_log SET payload = '{\"n\":3,\"note\":\"forged\"}' WHERE seq = 3")
        .execute(&mut raw)
        .await
        .expect("tamper");
    let report = log.verify().await.expect("verify");
    assert_eq!(report.first_broken_seq, Some(3), "{report:?}");
    assert!(report.reason.expect("reason").contains("altered"));
}

#[tokio::test]
async fn a_deleted_entry_is_reported_where_the_gap_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, log) = log_with_entries(&dir, 5).await;
    let mut raw = raw_connection_without_guards(&dir).await;
    sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(&mut raw).await.expect("tamper");
    let report = log.verify().await.expect("verify");
    assert_eq!(report.first_broken_seq, Some(3), "{report:?}");
    assert!(report.reason.expect("reason").contains("missing"));
}

#[tokio::test]
async fn a_rehashed_forgery_still_breaks_the_next_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, log) = log_with_entries(&dir, 4).await;
    let mut raw = raw_connection_without_guards(&dir).await;
    // The forger rewrites entry 2 and even replaces its hash, but cannot fix entry 3's prev_hash without
    // rewriting everything after it.
    sqlx::query("UPDATE audit_log SET hash = 'ff' || substr(hash, 3) WHERE seq = 2")
        .execute(&mut raw)
        .await
        .expect("tamper");
    let report = log.verify().await.expect("verify");
    assert_eq!(report.first_broken_seq, Some(2), "{report:?}");
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_store, log) = log_with_entries(&dir, 0).await;
    let second_store = Store::open(&dir.path().join("locus.db")).await.expect("second open");
    let second = AuditLog::new(second_store);
    let at = datetime!(2026-11-23 12:00:00 UTC);
    let a = async {
        for n in 0..20 {
            log.append(entry(n), at).await.expect("append a");
        }
    };
    let b = async {
        for n in 100..120 {
            second.append(entry(n), at).await.expect("append b");
        }
    };
    tokio::join!(a, b);
    let report = log.verify().await.expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries_checked, 40);
}

#[tokio::test]
async fn the_store_runs_in_wal_mode_with_foreign_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _log) = log_with_entries(&dir, 0).await;
    assert_eq!(store.pragma(Pragma::JournalMode).await.expect("pragma"), "wal");
    assert_eq!(store.pragma(Pragma::ForeignKeys).await.expect("pragma"), "1");
}
