//! The append-only, hash-chained audit log (invariant S5: evidence first).
//!
//! Every entry carries the SHA-256 of the previous one, so deleting, reordering or editing any stored entry
//! breaks the chain at that point and `verify` names it. The hash covers a canonical encoding (fixed field order,
//! each field length-prefixed, the payload as JSON with sorted keys), so the same entry always hashes the same
//! way on every platform. The database refuses UPDATE and DELETE on the table (see the migration).

use crate::{LocationError, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;
use ts_rs::TS;

/// The `prev_hash` of the first entry.
const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a caller asks to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    /// Dotted event kind, e.g. `location.confirmed`.
    pub kind: String,
    /// Who caused it: `user`, `it_map`, `system`, `carrier`, ….
    pub actor: String,
    /// Structured details; stored as canonical JSON.
    pub payload: Value,
}

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    /// Position in the chain, starting at 1.
    pub seq: i64,
    /// When it happened (RFC 3339, UTC, milliseconds).
    pub at: String,
    /// Dotted event kind.
    pub kind: String,
    /// Who caused it.
    pub actor: String,
    /// Canonical JSON payload.
    pub payload: String,
    /// Hash of the previous entry.
    pub prev_hash: String,
    /// Hash of this entry.
    pub hash: String,
}

/// The result of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditVerification {
    /// How many entries were read.
    pub entries_checked: i64,
    /// The first entry whose link is broken, if any.
    pub first_broken_seq: Option<i64>,
    /// Why that link is broken, in words.
    pub reason: Option<String>,
}

impl AuditVerification {
    /// True when every link holds.
    pub fn is_intact(&self) -> bool {
        self.first_broken_seq.is_none()
    }
}

/// The audit log in a `Store`.
#[derive(Debug, Clone)]
pub struct AuditLog {
    store: Store,
}

impl AuditLog {
    /// The audit log kept in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Appends one entry at time `at` and returns it. Writers are serialised with `BEGIN IMMEDIATE`, so two
    /// processes appending at once still produce one unbroken chain.
    pub async fn append(&self, entry: NewAuditEntry, at: OffsetDateTime) -> Result<AuditEntry, LocationError> {
        let mut conn = self.store.pool().acquire().await?;
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
        match append_within(&mut conn, entry, at).await {
            Ok(stored) => {
                sqlx::query("COMMIT").execute(&mut *conn).await?;
                Ok(stored)
            }
            Err(err) => {
                // Best effort: the connection returns to the pool either way.
                let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
                Err(err)
            }
        }
    }

    /// How many entries the log holds.
    pub async fn count(&self) -> Result<i64, LocationError> {
        let row: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(self.store.pool()).await?;
        Ok(row.0)
    }

    /// All entries in chain order.
    pub async fn entries(&self) -> Result<Vec<AuditEntry>, LocationError> {
        let rows = sqlx::query("SELECT seq, at, kind, actor, payload, prev_hash, hash FROM audit_log ORDER BY seq")
            .fetch_all(self.store.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| AuditEntry {
                seq: row.get("seq"),
                at: row.get("at"),
                kind: row.get("kind"),
                actor: row.get("actor"),
                payload: row.get("payload"),
                prev_hash: row.get("prev_hash"),
                hash: row.get("hash"),
            })
            .collect())
    }

    /// Walks the chain from the first entry and reports the first broken link.
    pub async fn verify(&self) -> Result<AuditVerification, LocationError> {
        Ok(verify_chain(&self.entries().await?))
    }
}

/// Appends one entry on `conn`, inside a transaction the caller opened with `BEGIN IMMEDIATE`, so a change and
/// its evidence commit together or not at all (invariant S5).
pub(crate) async fn append_within(
    conn: &mut sqlx::SqliteConnection,
    entry: NewAuditEntry,
    at: OffsetDateTime,
) -> Result<AuditEntry, LocationError> {
    let at = format_timestamp(at)?;
    let payload = canonical_json(&entry.payload);
    let last =
        sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *conn).await?;
    let (seq, prev_hash) = match last {
        Some(row) => (row.get::<i64, _>("seq") + 1, row.get::<String, _>("hash")),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let hash = entry_hash(seq, &at, &entry.kind, &entry.actor, &payload, &prev_hash);
    sqlx::query("INSERT INTO audit_log (seq, at, kind, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(seq)
        .bind(&at)
        .bind(&entry.kind)
        .bind(&entry.actor)
        .bind(&payload)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    Ok(AuditEntry { seq, at, kind: entry.kind, actor: entry.actor, payload, prev_hash, hash })
}

/// Checks a chain of entries, in order, without touching the database.
pub(crate) fn verify_chain(entries: &[AuditEntry]) -> AuditVerification {
    let mut expected_prev = GENESIS_HASH.to_owned();
    let mut checked = 0;
    for (index, entry) in entries.iter().enumerate() {
        checked += 1;
        let expected_seq = index as i64 + 1;
        let broken = |reason: String| AuditVerification {
            entries_checked: checked,
            first_broken_seq: Some(entry.seq),
            reason: Some(reason),
        };
        if entry.seq != expected_seq {
            return broken(format!("expected entry {expected_seq} but found {}: an entry is missing", entry.seq));
        }
        if entry.prev_hash != expected_prev {
            return broken("it does not point at the previous entry's hash".to_owned());
        }
        let recomputed = entry_hash(entry.seq, &entry.at, &entry.kind, &entry.actor, &entry.payload, &entry.prev_hash);
        if recomputed != entry.hash {
            return broken("its contents do not match its hash: it was altered".to_owned());
        }
        expected_prev = entry.hash.clone();
    }
    AuditVerification { entries_checked: checked, first_broken_seq: None, reason: None }
}

/// SHA-256 over the canonical encoding: a version tag, then each field as `<byte length>:<bytes>` in a fixed order.
fn entry_hash(seq: i64, at: &str, kind: &str, actor: &str, payload: &str, prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"locus-audit-v1");
    for field in [seq.to_string().as_str(), at, kind, actor, payload, prev_hash] {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The stored form of a time: RFC 3339 in UTC with exactly three fraction digits (`2026-11-24T12:52:08.380Z`).
/// Fixed width matters: SQL compares these strings, and RFC 3339's shortest form (`08.38Z`, or `08Z` on a whole
/// second) sorts wrongly against `08.382Z`.
pub(crate) fn format_timestamp(at: OffsetDateTime) -> Result<String, LocationError> {
    let utc = at.to_offset(time::UtcOffset::UTC);
    if !(0..=9999).contains(&utc.year()) {
        return Err(LocationError::Timestamp(format!("year {} is out of range", utc.year())));
    }
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    ))
}

/// JSON with object keys sorted and no insignificant whitespace, independent of serde_json's map feature flags.
pub(crate) fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*key).clone()).to_string());
                out.push(':');
                write_canonical(&map[key.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stored_times_have_a_fixed_width_so_they_sort_as_strings() {
        let second = time::macros::datetime!(2026-11-24 12:52:08 UTC);
        let at = |ms: i64| format_timestamp(second + time::Duration::milliseconds(ms)).expect("formats");
        assert_eq!(at(0), "2026-11-24T12:52:08.000Z");
        assert_eq!(at(380), "2026-11-24T12:52:08.380Z");
        let times: Vec<String> = [0, 380, 382, 999, 1_000].into_iter().map(at).collect();
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(sorted, times, "string order is time order");
        let parsed = OffsetDateTime::parse(&at(382), &time::format_description::well_known::Rfc3339).expect("RFC 3339");
        assert_eq!(parsed, second + time::Duration::milliseconds(382));
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let value = json!({"b": 1, "a": {"z": [1, {"y": 2, "x": 1}], "c": "s"}});
        assert_eq!(canonical_json(&value), r#"{"a":{"c":"s","z":[1,{"x":1,"y":2}]},"b":1}"#);
    }

    #[test]
    fn hash_changes_with_every_field() {
        let base = entry_hash(1, "t", "k", "a", "{}", GENESIS_HASH);
        assert_ne!(base, entry_hash(2, "t", "k", "a", "{}", GENESIS_HASH));
        assert_ne!(base, entry_hash(1, "u", "k", "a", "{}", GENESIS_HASH));
        assert_ne!(base, entry_hash(1, "t", "j", "a", "{}", GENESIS_HASH));
        assert_ne!(base, entry_hash(1, "t", "k", "b", "{}", GENESIS_HASH));
        assert_ne!(base, entry_hash(1, "t", "k", "a", "[]", GENESIS_HASH));
        assert_ne!(base, entry_hash(1, "t", "k", "a", "{}", "1"));
    }

    #[test]
    fn length_prefixes_stop_field_boundary_games() {
        assert_ne!(entry_hash(1, "ab", "c", "a", "{}", "0"), entry_hash(1, "a", "bc", "a", "{}", "0"));
    }

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let at = time::macros::datetime!(2026-11-23 10:00:00.123456 +02:00);
        assert_eq!(format_timestamp(at).expect("format"), "2026-11-23T08:00:00.123Z");
    }

    #[test]
    fn an_empty_chain_is_intact() {
        assert!(verify_chain(&[]).is_intact());
    }
}
