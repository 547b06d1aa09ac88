//! The IT map side of the store: replacing every IT location, rule, trusted range and DID in one transaction,
//! refusing a serial that is not newer (no rollback), the record of the map in force, and what each delivery
//! source last did. Large maps are written in batched statements through staging tables.

use super::in_transaction;
use crate::audit::{NewAuditEntry, append_within, format_timestamp};
use crate::civic::{CivicAddress, validate};
use crate::matcher::{NetworkRule, RuleError, RuleIndex};
use crate::{LocationError, Places};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use time::OffsetDateTime;

/// Rows per multi-row INSERT (3–4 parameters each, well under SQLite's variable limit).
const BATCH: usize = 500;

/// Everything an IT map puts in the store.
#[derive(Debug, Clone, Copy)]
pub struct ItMapUpdate<'a> {
    /// (id, label, address) of every IT location.
    pub locations: &'a [(String, String, CivicAddress)],
    /// Every IT rule, already validated.
    pub rules: &'a [NetworkRule],
    /// Trusted public IP ranges.
    pub trusted_public_ips: &'a [String],
    /// (location id, DID) E911 DID assignments.
    pub dids: &'a [(String, String)],
}

/// The IT map in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItMapRecord {
    /// Organisation.
    pub org: String,
    /// Serial.
    pub serial: u64,
    /// Issue time (RFC 3339).
    pub issued: String,
    /// Expiry time (RFC 3339).
    pub expires: String,
    /// URL or file it came from.
    pub source: String,
    /// SHA-256 of the signed bytes, hex.
    pub sha256: String,
    /// Key id of the signing key.
    pub signed_by: String,
    /// The map's policy hints as JSON.
    pub policy: serde_json::Value,
    /// When it was applied (RFC 3339); ignored when applying.
    pub applied_at: String,
}

/// What a delivery source (URL or drop folder) last did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapSourceStatus {
    /// URL or folder.
    pub source: String,
    /// ETag of the last body processed.
    pub etag: Option<String>,
    /// Last time it was checked.
    pub last_check: Option<String>,
    /// Last time a check succeeded (map applied, unchanged or not modified).
    pub last_success: Option<String>,
    /// The last check's error, `None` after a success.
    pub last_error: Option<String>,
    /// SHA-256 of the last body processed.
    pub last_sha256: Option<String>,
}

impl Places {
    /// Replaces every IT location, rule and trusted public IP in one transaction, without a map record (tests
    /// and tools that load rules directly). The audit entry describes `summary`.
    pub async fn replace_it_map(
        &self,
        locations: &[(String, String, CivicAddress)],
        rules: &[NetworkRule],
        trusted_public_ips: &[String],
        summary: serde_json::Value,
        at: OffsetDateTime,
    ) -> Result<(), LocationError> {
        check_rules_compile(rules)?;
        let update = ItMapUpdate { locations, rules, trusted_public_ips, dids: &[] };
        self.write_it_map(update, None, summary, at).await
    }

    /// Applies a verified, validated IT map: refuses it unless its serial is newer than the one in force, then
    /// replaces everything IT in one transaction with its record and a `map.applied` audit entry. The rules must
    /// come from the map validator (`locus-itmap`), which parses every identifier with the matcher's own parsers;
    /// they are not compiled again here, which would cost a second index of a million rules.
    pub async fn apply_it_map(
        &self,
        update: ItMapUpdate<'_>,
        record: &ItMapRecord,
        summary: serde_json::Value,
        at: OffsetDateTime,
    ) -> Result<(), LocationError> {
        self.write_it_map(update, Some(record), summary, at).await
    }

    /// The IT map in force, if any.
    pub async fn it_map(&self) -> Result<Option<ItMapRecord>, LocationError> {
        let row = sqlx::query(
            "SELECT org, serial, issued, expires, source, sha256, signed_by, policy_json, applied_at FROM it_map WHERE id = 1",
        )
        .fetch_optional(self.store.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ItMapRecord {
            org: row.get("org"),
            serial: u64::try_from(row.get::<i64, _>("serial")).unwrap_or_default(),
            issued: row.get("issued"),
            expires: row.get("expires"),
            source: row.get("source"),
            sha256: row.get("sha256"),
            signed_by: row.get("signed_by"),
            policy: serde_json::from_str(&row.get::<String, _>("policy_json"))?,
            applied_at: row.get("applied_at"),
        }))
    }

    /// The E911 DIDs IT assigned to a location.
    pub async fn it_map_dids(&self, location_id: &str) -> Result<Vec<String>, LocationError> {
        Ok(sqlx::query_scalar("SELECT did FROM it_map_dids WHERE location_id = ? ORDER BY did")
            .bind(location_id)
            .fetch_all(self.store.pool())
            .await?)
    }

    /// Records a refused map in the audit log (the map in force is untouched).
    pub async fn record_map_rejected(
        &self,
        payload: serde_json::Value,
        at: OffsetDateTime,
    ) -> Result<(), LocationError> {
        let mut conn = self.store.pool().acquire().await?;
        in_transaction(&mut conn, async |conn| {
            append_within(conn, NewAuditEntry { kind: "map.rejected".into(), actor: "it_map".into(), payload }, at)
                .await?;
            Ok(())
        })
        .await
    }

    /// Every delivery source's last status.
    pub async fn map_sources(&self) -> Result<Vec<MapSourceStatus>, LocationError> {
        let rows = sqlx::query(
            "SELECT source, etag, last_check, last_success, last_error, last_sha256 FROM map_sources ORDER BY source",
        )
        .fetch_all(self.store.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|row| MapSourceStatus {
                source: row.get("source"),
                etag: row.get("etag"),
                last_check: row.get("last_check"),
                last_success: row.get("last_success"),
                last_error: row.get("last_error"),
                last_sha256: row.get("last_sha256"),
            })
            .collect())
    }

    /// Stores a delivery source's status.
    pub async fn save_map_source(&self, status: &MapSourceStatus) -> Result<(), LocationError> {
        sqlx::query(
            "INSERT INTO map_sources (source, etag, last_check, last_success, last_error, last_sha256) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, \
             last_check = excluded.last_check, last_success = excluded.last_success, \
             last_error = excluded.last_error, last_sha256 = excluded.last_sha256",
        )
        .bind(&status.source)
        .bind(&status.etag)
        .bind(&status.last_check)
        .bind(&status.last_success)
        .bind(&status.last_error)
        .bind(&status.last_sha256)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    async fn write_it_map(
        &self,
        update: ItMapUpdate<'_>,
        record: Option<&ItMapRecord>,
        summary: serde_json::Value,
        at: OffsetDateTime,
    ) -> Result<(), LocationError> {
        check_no_control_characters(update.rules)?;
        let now = format_timestamp(at)?;
        let mut conn = self.store.pool().acquire().await?;
        in_transaction(&mut conn, async |conn| {
            if let Some(record) = record {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT serial FROM it_map WHERE id = 1").fetch_optional(&mut *conn).await?;
                let current = current.and_then(|c| u64::try_from(c).ok());
                if let Some(current) = current.filter(|c| record.serial <= *c) {
                    return Err(LocationError::StaleMapSerial { current, offered: record.serial });
                }
            }
            stage(conn, update).await?;
            let collision: Option<String> = sqlx::query_scalar(
                "SELECT s.id FROM staged_locations s JOIN locations l ON l.id = s.id AND l.source = 'personal' LIMIT 1",
            )
            .fetch_optional(&mut *conn)
            .await?;
            if let Some(id) = collision {
                return Err(LocationError::IdCollision(id));
            }
            note_changed_locations(conn, &now).await?;
            sqlx::query("DELETE FROM network_rules WHERE source = 'it_map'").execute(&mut *conn).await?;
            sqlx::query("DELETE FROM trusted_public_ips").execute(&mut *conn).await?;
            sqlx::query("DELETE FROM it_map_dids").execute(&mut *conn).await?;
            sqlx::query(
                "DELETE FROM locations WHERE source = 'it_map' AND id NOT IN \
                 (SELECT location_id FROM confirmations WHERE location_id IS NOT NULL)",
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query("UPDATE locations SET deleted_at = ? WHERE source = 'it_map'").bind(&now).execute(&mut *conn).await?;
            sqlx::query(
                "INSERT INTO locations (id, label, address_json, source, dispatchable, created_at, updated_at, deleted_at) \
                 SELECT id, label, address_json, 'it_map', dispatchable, ?1, ?1, NULL FROM staged_locations WHERE true \
                 ON CONFLICT (id) DO UPDATE SET label = excluded.label, address_json = excluded.address_json, \
                 dispatchable = excluded.dispatchable, updated_at = excluded.updated_at, deleted_at = NULL",
            )
            .bind(&now)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "INSERT INTO network_rules (kind, value, location_id, source) \
                 SELECT kind, value, location_id, 'it_map' FROM staged_rules",
            )
            .execute(&mut *conn)
            .await?;
            for chunk in update.trusted_public_ips.chunks(BATCH) {
                let mut insert = QueryBuilder::<Sqlite>::new("INSERT OR IGNORE INTO trusted_public_ips (cidr) ");
                insert.push_values(chunk, |mut row, cidr| {
                    row.push_bind(cidr);
                });
                insert.build().execute(&mut *conn).await?;
            }
            for chunk in update.dids.chunks(BATCH) {
                let mut insert = QueryBuilder::<Sqlite>::new("INSERT OR IGNORE INTO it_map_dids (location_id, did) ");
                insert.push_values(chunk, |mut row, (location, did)| {
                    row.push_bind(location).push_bind(did);
                });
                insert.build().execute(&mut *conn).await?;
            }
            if let Some(record) = record {
                save_record(conn, record, &now).await?;
            }
            sqlx::query("DELETE FROM staged_rules").execute(&mut *conn).await?;
            sqlx::query("DELETE FROM staged_locations").execute(&mut *conn).await?;
            append_within(conn, NewAuditEntry { kind: "map.applied".into(), actor: "it_map".into(), payload: summary }, at)
                .await?;
            Ok(())
        })
        .await
    }
}

/// Rules must compile and carry no control characters; otherwise nothing is written. Every problem is named.
fn check_rules_compile(rules: &[NetworkRule]) -> Result<(), LocationError> {
    let (_, mut problems) = RuleIndex::build(rules);
    problems.extend(control_character_problems(rules));
    problems.sort_by_key(|p| p.index);
    if problems.is_empty() { Ok(()) } else { Err(LocationError::InvalidRules(problems)) }
}

/// No value or location id may carry a control character (they end up in logs and the UI).
fn check_no_control_characters(rules: &[NetworkRule]) -> Result<(), LocationError> {
    let problems = control_character_problems(rules);
    if problems.is_empty() { Ok(()) } else { Err(LocationError::InvalidRules(problems)) }
}

fn control_character_problems(rules: &[NetworkRule]) -> Vec<RuleError> {
    rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| [&rule.value, &rule.location_id].iter().any(|v| v.chars().any(char::is_control)))
        .map(|(index, _)| RuleError { index, message: "contains a control character".into() })
        .collect()
}

/// Loads the new locations and rules into temporary staging tables, so what changed can be computed in SQL.
async fn stage(conn: &mut SqliteConnection, update: ItMapUpdate<'_>) -> Result<(), LocationError> {
    sqlx::query("CREATE TEMP TABLE IF NOT EXISTS staged_rules (kind TEXT, value TEXT, location_id TEXT)")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "CREATE TEMP TABLE IF NOT EXISTS staged_locations \
         (id TEXT PRIMARY KEY, label TEXT, address_json TEXT, dispatchable INTEGER)",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM staged_rules").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM staged_locations").execute(&mut *conn).await?;
    for chunk in update.rules.chunks(BATCH) {
        let mut insert = QueryBuilder::<Sqlite>::new("INSERT INTO staged_rules (kind, value, location_id) ");
        insert.push_values(chunk, |mut row, rule| {
            row.push_bind(super::enum_text(&rule.kind)).push_bind(&rule.value).push_bind(&rule.location_id);
        });
        insert.build().execute(&mut *conn).await?;
    }
    for chunk in update.locations.chunks(BATCH) {
        let rows = chunk
            .iter()
            .map(|(id, label, address)| {
                Ok((id, label, serde_json::to_string(address)?, i64::from(validate(address).dispatchable)))
            })
            .collect::<Result<Vec<_>, LocationError>>()?;
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT OR REPLACE INTO staged_locations (id, label, address_json, dispatchable) ",
        );
        insert.push_values(rows, |mut row, (id, label, json, dispatchable)| {
            row.push_bind(id).push_bind(label).push_bind(json).push_bind(dispatchable);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Marks every IT location whose label, address or rules differ between the store and the staging tables.
async fn note_changed_locations(conn: &mut SqliteConnection, now: &str) -> Result<(), LocationError> {
    for changed in [
        // Rules that disappeared, then rules that appeared.
        "SELECT location_id FROM (SELECT location_id, kind, value FROM network_rules WHERE source = 'it_map' \
         EXCEPT SELECT location_id, kind, value FROM staged_rules)",
        "SELECT location_id FROM (SELECT location_id, kind, value FROM staged_rules \
         EXCEPT SELECT location_id, kind, value FROM network_rules WHERE source = 'it_map')",
        // Locations whose label or address changed.
        "SELECT s.id FROM staged_locations s JOIN locations l ON l.id = s.id AND l.source = 'it_map' \
         WHERE l.label != s.label OR l.address_json != s.address_json",
    ] {
        // The subqueries are constants above; nothing user-supplied is formatted into SQL.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO it_location_changes (location_id, changed_at) SELECT DISTINCT * , ?1 FROM ({changed}) \
             WHERE true ON CONFLICT (location_id) DO UPDATE SET changed_at = excluded.changed_at"
        )))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn save_record(conn: &mut SqliteConnection, record: &ItMapRecord, now: &str) -> Result<(), LocationError> {
    sqlx::query(
        "INSERT INTO it_map (id, org, serial, issued, expires, source, sha256, signed_by, policy_json, applied_at) \
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET org = excluded.org, \
         serial = excluded.serial, issued = excluded.issued, expires = excluded.expires, source = excluded.source, \
         sha256 = excluded.sha256, signed_by = excluded.signed_by, policy_json = excluded.policy_json, \
         applied_at = excluded.applied_at",
    )
    .bind(&record.org)
    .bind(i64::try_from(record.serial).unwrap_or(i64::MAX))
    .bind(&record.issued)
    .bind(&record.expires)
    .bind(&record.source)
    .bind(&record.sha256)
    .bind(&record.signed_by)
    .bind(serde_json::to_string(&record.policy)?)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
