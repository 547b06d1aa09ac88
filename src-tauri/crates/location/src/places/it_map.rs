//! The IT map side of the store: replacing every IT location, rule, trusted range and DID in one transaction,
//! refusing a serial that is not newer (no rollback), the record of the map in force, and what each delivery
//! source last did. Only the locations whose content changed are rewritten, in batched statements.

use super::in_transaction;
use crate::audit::{NewAuditEntry, append_within, format_timestamp};
use crate::civic::{CivicAddress, validate};
use crate::matcher::{NetworkRule, RuleError, RuleIndex};
use crate::{LocationError, Places};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashMap;
use time::OffsetDateTime;

/// Rows per multi-row statement for locations and ids (up to 9 parameters each).
const BATCH: usize = 500;
/// Rules per INSERT (sent as one JSON array).
const RULE_BATCH: usize = 10_000;

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
        let incoming = IncomingLocations::group(update)?;
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
            let personal: Vec<String> =
                sqlx::query_scalar("SELECT id FROM locations WHERE source = 'personal'").fetch_all(&mut *conn).await?;
            if let Some(id) = personal.into_iter().find(|id| incoming.by_id.contains_key(id.as_str())) {
                return Err(LocationError::IdCollision(id));
            }
            let in_force = digests_in_force(conn).await?;
            let mut changed: Vec<&IncomingLocation<'_>> = incoming
                .locations
                .iter()
                .filter(|location| in_force.get(location.id) != Some(&location.digest))
                .collect();
            // In id order, so the location and rule indexes (and the foreign-key lookups) are written
            // sequentially instead of all over the file: several times faster for a large map.
            changed.sort_unstable_by_key(|location| location.id);
            let removed: Vec<&str> =
                in_force.keys().map(String::as_str).filter(|id| !incoming.by_id.contains_key(id)).collect();
            let touched = changed.iter().map(|l| l.id).chain(removed.iter().copied());
            for ids in chunked_by(touched, BATCH) {
                let mut upsert =
                    QueryBuilder::<Sqlite>::new("INSERT INTO it_location_changes (location_id, changed_at) ");
                upsert.push_values(ids, |mut row, id| {
                    row.push_bind(id).push_bind(&now);
                });
                upsert.push(" ON CONFLICT (location_id) DO UPDATE SET changed_at = excluded.changed_at");
                upsert.build().execute(&mut *conn).await?;
            }
            // What left the map: its rules go; the location goes too unless a confirmation refers to it.
            for ids in removed.chunks(BATCH) {
                delete_rules_of(conn, ids).await?;
                let mut delete =
                    QueryBuilder::<Sqlite>::new("DELETE FROM locations WHERE source = 'it_map' AND id IN ");
                push_id_list(&mut delete, ids);
                delete.push(" AND id NOT IN (SELECT location_id FROM confirmations WHERE location_id IS NOT NULL)");
                delete.build().execute(&mut *conn).await?;
                let mut retire =
                    QueryBuilder::<Sqlite>::new("UPDATE locations SET content_digest = NULL, deleted_at = ");
                retire.push_bind(&now).push(" WHERE source = 'it_map' AND id IN ");
                push_id_list(&mut retire, ids);
                retire.build().execute(&mut *conn).await?;
            }
            // What is new or changed is rewritten; unchanged locations and their rules are left as they are.
            for locations in changed.chunks(BATCH) {
                let ids: Vec<&str> = locations.iter().map(|l| l.id).collect();
                delete_rules_of(conn, &ids).await?;
                let mut upsert = QueryBuilder::<Sqlite>::new(
                    "INSERT INTO locations (id, label, address_json, source, dispatchable, created_at, updated_at, \
                     deleted_at, content_digest) ",
                );
                upsert.push_values(locations, |mut row, location| {
                    row.push_bind(location.id)
                        .push_bind(location.label)
                        .push_bind(&location.address_json)
                        .push_bind("it_map")
                        .push_bind(i64::from(location.dispatchable))
                        .push_bind(&now)
                        .push_bind(&now)
                        .push_bind(None::<String>)
                        .push_bind(&location.digest);
                });
                upsert.push(
                    " ON CONFLICT (id) DO UPDATE SET label = excluded.label, address_json = excluded.address_json, \
                     dispatchable = excluded.dispatchable, updated_at = excluded.updated_at, deleted_at = NULL, \
                     content_digest = excluded.content_digest",
                );
                upsert.build().execute(&mut *conn).await?;
            }
            // A batch of rules travels as one JSON text that SQLite unpacks itself: a million rules bound
            // one value at a time cost twice as long.
            let rules = changed
                .iter()
                .flat_map(|location| location.rules.iter().map(move |(kind, value)| (*kind, *value, location.id)));
            for chunk in chunked_by(rules, RULE_BATCH) {
                sqlx::query(
                    "INSERT INTO network_rules (kind, value, location_id, source) SELECT json_extract(value, '$[0]'), \
                     json_extract(value, '$[1]'), json_extract(value, '$[2]'), 'it_map' FROM json_each(?)",
                )
                .bind(serde_json::to_string(&chunk)?)
                .execute(&mut *conn)
                .await?;
            }
            sqlx::query("DELETE FROM trusted_public_ips").execute(&mut *conn).await?;
            for chunk in update.trusted_public_ips.chunks(BATCH) {
                let mut insert = QueryBuilder::<Sqlite>::new("INSERT OR IGNORE INTO trusted_public_ips (cidr) ");
                insert.push_values(chunk, |mut row, cidr| {
                    row.push_bind(cidr);
                });
                insert.build().execute(&mut *conn).await?;
            }
            sqlx::query("DELETE FROM it_map_dids").execute(&mut *conn).await?;
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
            tracing::info!(
                locations = incoming.locations.len(),
                rewritten = changed.len(),
                removed = removed.len(),
                "IT locations stored"
            );
            append_within(
                conn,
                NewAuditEntry { kind: "map.applied".into(), actor: "it_map".into(), payload: summary },
                at,
            )
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

/// One IT location as the map gives it, with the digest of everything the map says about it.
#[derive(Debug)]
struct IncomingLocation<'a> {
    id: &'a str,
    label: &'a str,
    address_json: String,
    dispatchable: bool,
    /// (kind, value) of every rule pointing at it, sorted, without repeats.
    rules: Vec<(&'static str, &'a str)>,
    digest: String,
}

/// The map's locations with their rules gathered under them.
#[derive(Debug)]
struct IncomingLocations<'a> {
    locations: Vec<IncomingLocation<'a>>,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> IncomingLocations<'a> {
    /// Gathers every rule under its location; a rule naming a location the map does not define is refused.
    fn group(update: ItMapUpdate<'a>) -> Result<Self, LocationError> {
        let mut locations = Vec::with_capacity(update.locations.len());
        let mut by_id = HashMap::with_capacity(update.locations.len());
        for (id, label, address) in update.locations {
            by_id.insert(id.as_str(), locations.len());
            locations.push(IncomingLocation {
                id,
                label,
                address_json: serde_json::to_string(address)?,
                dispatchable: validate(address).dispatchable,
                rules: Vec::new(),
                digest: String::new(),
            });
        }
        let mut unknown = Vec::new();
        for (index, rule) in update.rules.iter().enumerate() {
            match by_id.get(rule.location_id.as_str()) {
                Some(&at) => locations[at].rules.push((rule.kind.name(), rule.value.as_str())),
                None => unknown.push(RuleError {
                    index,
                    message: format!("points at location \"{}\", which the map does not define", rule.location_id),
                }),
            }
        }
        if !unknown.is_empty() {
            return Err(LocationError::InvalidRules(unknown));
        }
        for location in &mut locations {
            location.rules.sort_unstable();
            location.rules.dedup();
            location.digest = content_digest(location.label, &location.address_json, location.rules.iter().copied());
        }
        Ok(Self { locations, by_id })
    }
}

/// SHA-256 over a location's label, address and sorted rules, each length-prefixed so no two different
/// contents read the same.
fn content_digest<'r>(label: &str, address_json: &str, rules: impl Iterator<Item = (&'r str, &'r str)>) -> String {
    let mut hasher = Sha256::new();
    let mut field = |text: &str| {
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    field(label);
    field(address_json);
    for (kind, value) in rules {
        field(kind);
        field(value);
    }
    hex::encode(hasher.finalize())
}

/// (location id, label, address JSON, rule kind, rule value); the rule is absent for a location without rules.
type StoredRuleRow = (String, String, String, Option<String>, Option<String>);

/// The digest of every IT location in force, computing from the stored rows those that a map applied before
/// digests existed left empty.
async fn digests_in_force(conn: &mut SqliteConnection) -> Result<HashMap<String, String>, LocationError> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT id, content_digest FROM locations WHERE source = 'it_map' AND deleted_at IS NULL")
            .fetch_all(&mut *conn)
            .await?;
    let missing = rows.iter().any(|(_, digest)| digest.is_none());
    let mut digests: HashMap<String, String> =
        rows.into_iter().filter_map(|(id, digest)| Some((id, digest?))).collect();
    if missing {
        let rows: Vec<StoredRuleRow> = sqlx::query_as(
            "SELECT l.id, l.label, l.address_json, r.kind, r.value FROM locations l \
             LEFT JOIN network_rules r ON r.location_id = l.id AND r.source = 'it_map' \
             WHERE l.source = 'it_map' AND l.deleted_at IS NULL AND l.content_digest IS NULL ORDER BY l.id",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut computed = Vec::new();
        for group in rows.chunk_by(|a, b| a.0 == b.0) {
            let (id, label, address_json, ..) = &group[0];
            let mut rules: Vec<(&str, &str)> =
                group.iter().filter_map(|(.., kind, value)| Some((kind.as_deref()?, value.as_deref()?))).collect();
            rules.sort_unstable();
            rules.dedup();
            computed.push((id.clone(), content_digest(label, address_json, rules.into_iter())));
        }
        // Kept, so this is done once: unchanged locations are not rewritten by the apply.
        for batch in computed.chunks(BATCH) {
            let mut update = QueryBuilder::<Sqlite>::new("UPDATE locations SET content_digest = known.column2 FROM (");
            update.push_values(batch, |mut row, (id, digest)| {
                row.push_bind(id).push_bind(digest);
            });
            update.push(") AS known WHERE locations.id = known.column1");
            update.build().execute(&mut *conn).await?;
        }
        digests.extend(computed);
    }
    Ok(digests)
}

/// Deletes the IT rules of these locations.
async fn delete_rules_of(conn: &mut SqliteConnection, ids: &[&str]) -> Result<(), LocationError> {
    let mut delete =
        QueryBuilder::<Sqlite>::new("DELETE FROM network_rules WHERE source = 'it_map' AND location_id IN ");
    push_id_list(&mut delete, ids);
    delete.build().execute(&mut *conn).await?;
    Ok(())
}

/// Appends `(?, ?, …)` bound to `ids`.
fn push_id_list(query: &mut QueryBuilder<Sqlite>, ids: &[&str]) {
    query.push("(");
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    list.push_unseparated(")");
}

/// Batches of `size` items.
fn chunked_by<T>(items: impl Iterator<Item = T>, size: usize) -> Vec<Vec<T>> {
    let mut batches = Vec::new();
    let mut batch = Vec::with_capacity(size);
    for item in items {
        batch.push(item);
        if batch.len() == size {
            batches.push(std::mem::replace(&mut batch, Vec::with_capacity(size)));
        }
    }
    if !batch.is_empty() {
        batches.push(batch);
    }
    batches
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
