//! The places in the store: locations (personal and IT), IT network rules and trusted public IPs, personal
//! network records keyed by fingerprint id, and confirmations. Every change writes its audit entry in the same
//! transaction (S5), and invalid input changes nothing (S6).

use crate::audit::{NewAuditEntry, append_within, format_timestamp};
use crate::civic::{AddressProblem, CivicAddress, validate};
use crate::confirmation::{ConfirmReason, PersonalRecord};
use crate::matcher::{HowObtained, NetworkRule, RuleError, RuleIndex, RuleKind, RuleSource};
use crate::{LocationError, Store};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{Row, SqliteConnection};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use ts_rs::TS;

mod it_map;

pub use it_map::{ItMapRecord, ItMapUpdate, MapSourceStatus};

/// A stored location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Location {
    /// Stable id.
    pub id: String,
    /// Label for people: "Home office", "HQ — floor 3".
    pub label: String,
    /// The civic address.
    pub address: CivicAddress,
    /// `it_map` (read-only to the user) or `personal`.
    pub source: RuleSource,
    /// Valid and precise enough to dispatch to.
    pub dispatchable: bool,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// What the user chose when confirming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "choice", rename_all = "snake_case")]
pub enum PlaceChoice {
    /// An existing location (a suggestion, a recent place, an IT site).
    Existing {
        /// Its id.
        location_id: String,
    },
    /// A new address typed by the user.
    New {
        /// Label.
        label: String,
        /// Address.
        address: Box<CivicAddress>,
    },
}

/// A confirmation to record.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmationRecord {
    /// The network's fingerprint id (`None` for a network that cannot be remembered).
    pub fingerprint_id: Option<String>,
    /// The answer.
    pub choice: PlaceChoice,
    /// The network moves with the user: ask every time, remember nothing.
    pub moving_with_user: bool,
    /// Why the user was asked.
    pub reason: ConfirmReason,
    /// The matcher's evidence at the time, for the audit log.
    pub evidence: serde_json::Value,
}

/// Access to places in a `Store`.
#[derive(Debug, Clone)]
pub struct Places {
    store: Store,
}

impl Places {
    /// Places in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Every location that is not deleted, IT first, then by label.
    pub async fn list(&self) -> Result<Vec<Location>, LocationError> {
        let rows = sqlx::query(
            "SELECT id, label, address_json, source, dispatchable, created_at, updated_at FROM locations \
             WHERE deleted_at IS NULL ORDER BY source = 'personal', label",
        )
        .fetch_all(self.store.pool())
        .await?;
        rows.iter().map(location_from_row).collect()
    }

    /// At most `limit` IT locations to offer when asking, those in `preferred` (what the matcher saw) first, then
    /// by label. A map can hold 100,000 places; offering every one would flood the dialog and the IPC.
    pub async fn it_suggestions(&self, preferred: &[String], limit: i64) -> Result<Vec<Location>, LocationError> {
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT id, label, address_json, source, dispatchable, created_at, updated_at FROM locations \
             WHERE deleted_at IS NULL AND source = 'it_map' ORDER BY id IN (",
        );
        let mut ids = query.separated(", ");
        for id in preferred {
            ids.push_bind(id);
        }
        query.push(") DESC, label LIMIT ").push_bind(limit);
        let rows = query.build().fetch_all(self.store.pool()).await?;
        rows.iter().map(location_from_row).collect()
    }

    /// One location by id (deleted ones too: history refers to them).
    pub async fn get(&self, id: &str) -> Result<Option<Location>, LocationError> {
        let row = sqlx::query(
            "SELECT id, label, address_json, source, dispatchable, created_at, updated_at FROM locations WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(self.store.pool())
        .await?;
        row.as_ref().map(location_from_row).transpose()
    }

    /// Personal locations confirmed most recently first (suggestions for the confirmation dialog).
    pub async fn recent_personal(&self, limit: i64) -> Result<Vec<Location>, LocationError> {
        let rows = sqlx::query(
            "SELECT l.id, l.label, l.address_json, l.source, l.dispatchable, l.created_at, l.updated_at \
             FROM locations l JOIN confirmations c ON c.location_id = l.id \
             WHERE l.deleted_at IS NULL AND l.source = 'personal' \
             GROUP BY l.id ORDER BY MAX(c.at) DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(self.store.pool())
        .await?;
        rows.iter().map(location_from_row).collect()
    }

    /// The user's record for a network.
    pub async fn personal_record(&self, fingerprint_id: &str) -> Result<Option<PersonalRecord>, LocationError> {
        let row = sqlx::query(
            "SELECT location_id, confirmed_at, moving_with_user FROM personal_networks WHERE fingerprint_id = ?",
        )
        .bind(fingerprint_id)
        .fetch_optional(self.store.pool())
        .await?;
        row.map(|row| {
            Ok(PersonalRecord {
                location_id: row.get::<Option<String>, _>("location_id").unwrap_or_default(),
                confirmed_at: parse_time(&row.get::<String, _>("confirmed_at"))?,
                moving_with_user: row.get::<i64, _>("moving_with_user") == 1,
            })
        })
        .transpose()
    }

    /// Every rule the matcher should know: IT rules and personal fingerprints (not networks that move).
    pub async fn rules(&self) -> Result<Vec<NetworkRule>, LocationError> {
        let mut rules: Vec<NetworkRule> = sqlx::query(
            "SELECT r.kind, r.value, r.location_id, r.source FROM network_rules r \
             JOIN locations l ON l.id = r.location_id WHERE l.deleted_at IS NULL",
        )
        .fetch_all(self.store.pool())
        .await?
        .iter()
        .map(|row| {
            let source: String = row.get("source");
            Ok(NetworkRule {
                kind: enum_from_text(&row.get::<String, _>("kind"))?,
                value: row.get("value"),
                location_id: row.get("location_id"),
                source: enum_from_text(&source)?,
                how_obtained: HowObtained::Wiremap,
            })
        })
        .collect::<Result<_, LocationError>>()?;
        let personal = sqlx::query(
            "SELECT p.fingerprint_id, p.location_id, p.how_obtained FROM personal_networks p \
             JOIN locations l ON l.id = p.location_id WHERE p.moving_with_user = 0 AND l.deleted_at IS NULL",
        )
        .fetch_all(self.store.pool())
        .await?;
        for row in personal {
            rules.push(NetworkRule {
                kind: RuleKind::Fingerprint,
                value: row.get("fingerprint_id"),
                location_id: row.get("location_id"),
                source: RuleSource::Personal,
                how_obtained: enum_from_text(&row.get::<String, _>("how_obtained"))?,
            });
        }
        Ok(rules)
    }

    /// Compiles every rule the matcher should know straight from the store, a page at a time, so a million IT
    /// rules never sit in memory twice. Rules that no longer parse are reported and skipped.
    pub async fn load_rule_index(&self) -> Result<(RuleIndex, Vec<RuleError>), LocationError> {
        // A page of rules comes back as one row: SQLite joins the fields with the ASCII unit separator (31) and
        // the rules with the record separator (30), so the driver's per-row cost is paid per page, not per rule.
        // Rule values never contain control characters (rules are validated before they are stored).
        const PAGE: i64 = 100_000;
        const UNIT: char = '\u{1f}';
        const RECORD: char = '\u{1e}';
        let mut index = RuleIndex::default();
        let mut errors = Vec::new();
        let mut after = 0_i64;
        loop {
            let (last, packed): (Option<i64>, Option<String>) = sqlx::query_as(
                "SELECT max(id), group_concat(id || char(31) || kind || char(31) || value || char(31) || location_id \
                 || char(31) || source, char(30)) FROM (SELECT id, kind, value, location_id, source FROM network_rules \
                 WHERE id > ? ORDER BY id LIMIT ?)",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_one(self.store.pool())
            .await?;
            let (Some(last), Some(packed)) = (last, packed) else { break };
            after = last;
            for record in packed.split(RECORD) {
                let mut fields = record.split(UNIT);
                let (Some(id), Some(kind), Some(value), Some(location_id), Some(source)) =
                    (fields.next(), fields.next(), fields.next(), fields.next(), fields.next())
                else {
                    errors.push(RuleError { index: 0, message: format!("malformed stored rule \"{record}\"") });
                    continue;
                };
                let position = id.parse().unwrap_or(0);
                let (Some(kind), Some(source)) = (RuleKind::from_name(kind), RuleSource::from_name(source)) else {
                    errors.push(RuleError { index: position, message: format!("unknown rule kind \"{kind}\"") });
                    continue;
                };
                if let Err(message) = index.add(kind, value, location_id, source, HowObtained::Wiremap) {
                    errors.push(RuleError { index: position, message });
                }
            }
        }
        let personal = sqlx::query(
            "SELECT p.fingerprint_id, p.location_id, p.how_obtained FROM personal_networks p \
             JOIN locations l ON l.id = p.location_id WHERE p.moving_with_user = 0 AND l.deleted_at IS NULL",
        )
        .fetch_all(self.store.pool())
        .await?;
        for row in &personal {
            let how: HowObtained = enum_from_text(row.get::<&str, _>("how_obtained"))?;
            let added = index.add(
                RuleKind::Fingerprint,
                row.get("fingerprint_id"),
                row.get("location_id"),
                RuleSource::Personal,
                how,
            );
            if let Err(message) = added {
                errors.push(RuleError { index: 0, message });
            }
        }
        Ok((index, errors))
    }

    /// True when IT changed any of `location_ids` (address, label or rules) after `since`.
    pub async fn it_changed_since(
        &self,
        location_ids: &[String],
        since: OffsetDateTime,
    ) -> Result<bool, LocationError> {
        let since = format_timestamp(since)?;
        for id in location_ids {
            let changed: Option<(String,)> =
                sqlx::query_as("SELECT changed_at FROM it_location_changes WHERE location_id = ? AND changed_at > ?")
                    .bind(id)
                    .bind(&since)
                    .fetch_optional(self.store.pool())
                    .await?;
            if changed.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The organisation's trusted public IP ranges.
    pub async fn trusted_public_ips(&self) -> Result<Vec<String>, LocationError> {
        let rows =
            sqlx::query("SELECT cidr FROM trusted_public_ips ORDER BY cidr").fetch_all(self.store.pool()).await?;
        Ok(rows.iter().map(|r| r.get("cidr")).collect())
    }

    /// Records a confirmation: validates a new address, stores the location, remembers the network (unless it
    /// moves with the user), and writes the audit entry — all in one transaction. Returns the location.
    pub async fn confirm(&self, record: ConfirmationRecord, at: OffsetDateTime) -> Result<Location, LocationError> {
        let now = format_timestamp(at)?;
        let (location, how) = match &record.choice {
            PlaceChoice::Existing { location_id } => {
                let location =
                    self.get(location_id).await?.ok_or_else(|| LocationError::NotFound(location_id.clone()))?;
                (location, HowObtained::UserConfirmed)
            }
            PlaceChoice::New { label, address } => {
                let location = new_personal_location(label, address, &now, at)?;
                (location, HowObtained::UserEntered)
            }
        };
        let mut conn = self.store.pool().acquire().await?;
        in_transaction(&mut conn, async |conn| {
            if matches!(record.choice, PlaceChoice::New { .. }) {
                insert_location(conn, &location).await?;
            }
            if let Some(fingerprint) = &record.fingerprint_id {
                sqlx::query(
                    "INSERT INTO personal_networks (fingerprint_id, location_id, how_obtained, confirmed_at, moving_with_user) \
                     VALUES (?, ?, ?, ?, ?) ON CONFLICT (fingerprint_id) DO UPDATE SET location_id = excluded.location_id, \
                     how_obtained = excluded.how_obtained, confirmed_at = excluded.confirmed_at, \
                     moving_with_user = excluded.moving_with_user",
                )
                .bind(fingerprint)
                .bind(&location.id)
                .bind(enum_text(&how))
                .bind(&now)
                .bind(i64::from(record.moving_with_user))
                .execute(&mut *conn)
                .await?;
            }
            sqlx::query("INSERT INTO confirmations (fingerprint_id, location_id, how_obtained, reason, at) VALUES (?, ?, ?, ?, ?)")
                .bind(&record.fingerprint_id)
                .bind(&location.id)
                .bind(enum_text(&how))
                .bind(enum_text(&record.reason))
                .bind(&now)
                .execute(&mut *conn)
                .await?;
            let payload = json!({
                "fingerprint_id": record.fingerprint_id,
                "location_id": location.id,
                "label": location.label,
                "address": location.address,
                "dispatchable": location.dispatchable,
                "how_obtained": how,
                "reason": record.reason,
                "moving_with_user": record.moving_with_user,
                "evidence": record.evidence,
            });
            let entry = NewAuditEntry { kind: "location.confirmed".into(), actor: "user".into(), payload };
            append_within(conn, entry, at).await?;
            Ok(())
        })
        .await?;
        Ok(location)
    }

    /// Edits a personal location (IT locations are read-only). Invalid addresses change nothing.
    pub async fn update_personal(
        &self,
        id: &str,
        label: &str,
        address: &CivicAddress,
        at: OffsetDateTime,
    ) -> Result<Location, LocationError> {
        let existing = self.get(id).await?.ok_or_else(|| LocationError::NotFound(id.to_owned()))?;
        if existing.source != RuleSource::Personal {
            return Err(LocationError::ReadOnly(id.to_owned()));
        }
        let now = format_timestamp(at)?;
        let mut updated = new_personal_location(label, address, &now, at)?;
        updated.id = existing.id.clone();
        updated.created_at = existing.created_at.clone();
        let mut conn = self.store.pool().acquire().await?;
        in_transaction(&mut conn, async |conn| {
            sqlx::query(
                "UPDATE locations SET label = ?, address_json = ?, dispatchable = ?, updated_at = ? WHERE id = ?",
            )
            .bind(&updated.label)
            .bind(serde_json::to_string(&updated.address)?)
            .bind(i64::from(updated.dispatchable))
            .bind(&now)
            .bind(&updated.id)
            .execute(&mut *conn)
            .await?;
            let payload = json!({ "location_id": updated.id, "before": existing, "after": updated });
            append_within(conn, NewAuditEntry { kind: "location.edited".into(), actor: "user".into(), payload }, at)
                .await?;
            Ok(())
        })
        .await?;
        Ok(updated)
    }

    /// Deletes a personal location: networks remembered for it will be asked about again.
    pub async fn delete_personal(&self, id: &str, at: OffsetDateTime) -> Result<(), LocationError> {
        let existing = self.get(id).await?.ok_or_else(|| LocationError::NotFound(id.to_owned()))?;
        if existing.source != RuleSource::Personal {
            return Err(LocationError::ReadOnly(id.to_owned()));
        }
        let now = format_timestamp(at)?;
        let mut conn = self.store.pool().acquire().await?;
        in_transaction(&mut conn, async |conn| {
            sqlx::query("UPDATE locations SET deleted_at = ? WHERE id = ?")
                .bind(&now)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM personal_networks WHERE location_id = ?").bind(id).execute(&mut *conn).await?;
            let payload = json!({ "location_id": id, "deleted": existing });
            append_within(conn, NewAuditEntry { kind: "location.deleted".into(), actor: "user".into(), payload }, at)
                .await?;
            Ok(())
        })
        .await
    }
}

fn new_personal_location(
    label: &str,
    address: &CivicAddress,
    now: &str,
    at: OffsetDateTime,
) -> Result<Location, LocationError> {
    let address = normalise(address);
    let validation = validate(&address);
    let mut problems = validation.problems.clone();
    if label.trim().is_empty() {
        problems.insert(0, AddressProblem { field: "label".into(), message: "Give this place a name.".into() });
    }
    if !problems.is_empty() {
        return Err(LocationError::InvalidAddress(problems));
    }
    Ok(Location {
        id: format!("p-{}", at.unix_timestamp_nanos()),
        label: label.trim().to_owned(),
        address,
        source: RuleSource::Personal,
        dispatchable: validation.dispatchable,
        created_at: now.to_owned(),
        updated_at: now.to_owned(),
    })
}

/// Trims every field and upper-cases the codes.
fn normalise(address: &CivicAddress) -> CivicAddress {
    let t = |s: &String| s.trim().to_owned();
    CivicAddress {
        country: address.country.trim().to_ascii_uppercase(),
        a1: address.a1.trim().to_ascii_uppercase(),
        pc: address.pc.trim().to_ascii_uppercase(),
        a2: t(&address.a2),
        a3: t(&address.a3),
        prd: t(&address.prd),
        rd: t(&address.rd),
        sts: t(&address.sts),
        pod: t(&address.pod),
        hno: t(&address.hno),
        hns: t(&address.hns),
        loc: t(&address.loc),
        flr: t(&address.flr),
        unit: t(&address.unit),
        room: t(&address.room),
        seat: t(&address.seat),
        bld: t(&address.bld),
        nam: t(&address.nam),
        multi_storey: address.multi_storey,
    }
}

async fn insert_location(conn: &mut SqliteConnection, location: &Location) -> Result<(), LocationError> {
    sqlx::query(
        "INSERT INTO locations (id, label, address_json, source, dispatchable, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&location.id)
    .bind(&location.label)
    .bind(serde_json::to_string(&location.address)?)
    .bind(enum_text(&location.source))
    .bind(i64::from(location.dispatchable))
    .bind(&location.created_at)
    .bind(&location.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Runs `body` inside `BEGIN IMMEDIATE` … `COMMIT`, rolling back on any error.
async fn in_transaction(
    conn: &mut SqliteConnection,
    body: impl AsyncFnOnce(&mut SqliteConnection) -> Result<(), LocationError>,
) -> Result<(), LocationError> {
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    match body(conn).await {
        Ok(()) => {
            sqlx::query("COMMIT").execute(&mut *conn).await?;
            Ok(())
        }
        Err(err) => {
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            Err(err)
        }
    }
}

fn location_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Location, LocationError> {
    Ok(Location {
        id: row.get("id"),
        label: row.get("label"),
        address: serde_json::from_str(&row.get::<String, _>("address_json"))?,
        source: enum_from_text(&row.get::<String, _>("source"))?,
        dispatchable: row.get::<i64, _>("dispatchable") == 1,
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    })
}

/// The serde name of a unit enum variant (`it_map`, `user_confirmed`, …).
fn enum_text<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn enum_from_text<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, LocationError> {
    Ok(serde_json::from_value(serde_json::Value::String(text.to_owned()))?)
}

fn parse_time(text: &str) -> Result<OffsetDateTime, LocationError> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|e| LocationError::Timestamp(e.to_string()))
}
