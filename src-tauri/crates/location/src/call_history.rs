//! Call history in the SQLite store: one row per call once it is over, read newest first for the history
//! screen, redial and the dialer's recent numbers. Bounded: older rows beyond [`HISTORY_LIMIT`] are pruned on
//! each write (emergency calls stay in the audit log regardless).

use crate::audit::format_timestamp;
use crate::{LocationError, Store};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use time::OffsetDateTime;
use ts_rs::TS;

/// How many calls the history keeps.
pub const HISTORY_LIMIT: i64 = 2_000;

/// Which way a call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallDirection {
    /// We dialed it.
    Outgoing,
    /// Someone called us.
    Incoming,
}

impl CallDirection {
    fn as_str(self) -> &'static str {
        match self {
            CallDirection::Outgoing => "outgoing",
            CallDirection::Incoming => "incoming",
        }
    }

    fn parse(text: &str) -> Self {
        if text == "incoming" { CallDirection::Incoming } else { CallDirection::Outgoing }
    }
}

/// A finished call, to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedCall {
    /// The SIP Call-ID.
    pub call_id: String,
    /// Placed or received.
    pub direction: CallDirection,
    /// `normal`, `emergency`, `emergency_test` or `incoming`.
    pub kind: String,
    /// The number or URI dialed (as the dial plan recognised it), or the caller.
    pub remote: String,
    /// The caller's display name, when one came.
    pub remote_name: Option<String>,
    /// When it was dialed or started ringing here.
    pub started_at: OffsetDateTime,
    /// When it was answered, if it was.
    pub answered_at: Option<OffsetDateTime>,
    /// When it ended.
    pub ended_at: OffsetDateTime,
    /// Why it ended (`hung_up`, `remote_hung_up`, `busy`, `declined`, `no_answer`, `cancelled`, `failed`, …).
    pub end_reason: String,
    /// Emergency and test calls: the callback number sent as caller ID.
    pub callback_did: Option<String>,
    /// Emergency and test calls: the location sent, on one line.
    pub location_sent: Option<String>,
    /// An incoming call inside the PSAP callback window.
    pub possible_emergency_callback: bool,
}

/// One call in the history, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallRecord {
    /// The SIP Call-ID.
    pub call_id: String,
    /// Placed or received.
    pub direction: CallDirection,
    /// `normal`, `emergency`, `emergency_test` or `incoming`.
    pub kind: String,
    /// The number or URI dialed, or the caller.
    pub remote: String,
    /// The caller's display name, when one came.
    pub remote_name: Option<String>,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// RFC 3339, UTC; `None` when the call was never answered (missed, declined, busy, cancelled).
    pub answered_at: Option<String>,
    /// RFC 3339, UTC.
    pub ended_at: String,
    /// Why it ended.
    pub end_reason: String,
    /// Emergency and test calls: the callback number sent as caller ID.
    pub callback_did: Option<String>,
    /// Emergency and test calls: the location sent, on one line.
    pub location_sent: Option<String>,
    /// An incoming call inside the PSAP callback window.
    pub possible_emergency_callback: bool,
}

/// The call history kept in `store`.
#[derive(Debug, Clone)]
pub struct CallHistory {
    store: Store,
}

impl CallHistory {
    /// The history kept in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Writes one finished call (a second write of the same Call-ID is ignored), then prunes the oldest rows
    /// beyond [`HISTORY_LIMIT`]. Returns the call as the history reads it back.
    pub async fn record(&self, call: &FinishedCall) -> Result<CallRecord, LocationError> {
        let stored = CallRecord {
            call_id: call.call_id.clone(),
            direction: call.direction,
            kind: call.kind.clone(),
            remote: call.remote.clone(),
            remote_name: call.remote_name.clone(),
            started_at: format_timestamp(call.started_at)?,
            answered_at: call.answered_at.map(format_timestamp).transpose()?,
            ended_at: format_timestamp(call.ended_at)?,
            end_reason: call.end_reason.clone(),
            callback_did: call.callback_did.clone(),
            location_sent: call.location_sent.clone(),
            possible_emergency_callback: call.possible_emergency_callback,
        };
        let mut tx = self.store.pool().begin().await?;
        sqlx::query(
            "INSERT OR IGNORE INTO call_history (call_id, direction, kind, remote, remote_name, started_at, \
             answered_at, ended_at, end_reason, callback_did, location_sent, possible_emergency_callback) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&stored.call_id)
        .bind(stored.direction.as_str())
        .bind(&stored.kind)
        .bind(&stored.remote)
        .bind(&stored.remote_name)
        .bind(&stored.started_at)
        .bind(&stored.answered_at)
        .bind(&stored.ended_at)
        .bind(&stored.end_reason)
        .bind(&stored.callback_did)
        .bind(&stored.location_sent)
        .bind(i64::from(stored.possible_emergency_callback))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM call_history WHERE id NOT IN \
             (SELECT id FROM call_history ORDER BY started_at DESC, id DESC LIMIT ?)",
        )
        .bind(HISTORY_LIMIT)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// The newest `limit` calls, newest first.
    pub async fn recent(&self, limit: u32) -> Result<Vec<CallRecord>, LocationError> {
        let rows = sqlx::query(
            "SELECT call_id, direction, kind, remote, remote_name, started_at, answered_at, ended_at, end_reason, \
             callback_did, location_sent, possible_emergency_callback \
             FROM call_history ORDER BY started_at DESC, id DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(self.store.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(CallRecord {
                    call_id: row.try_get("call_id")?,
                    direction: CallDirection::parse(row.try_get::<&str, _>("direction")?),
                    kind: row.try_get("kind")?,
                    remote: row.try_get("remote")?,
                    remote_name: row.try_get("remote_name")?,
                    started_at: row.try_get("started_at")?,
                    answered_at: row.try_get("answered_at")?,
                    ended_at: row.try_get("ended_at")?,
                    end_reason: row.try_get("end_reason")?,
                    callback_did: row.try_get("callback_did")?,
                    location_sent: row.try_get("location_sent")?,
                    possible_emergency_callback: row.try_get::<i64, _>("possible_emergency_callback")? != 0,
                })
            })
            .collect()
    }

    /// The numbers most recently dialed, each once, newest first (for the dialer and redial).
    pub async fn recent_numbers(&self, limit: u32) -> Result<Vec<String>, LocationError> {
        let rows = sqlx::query(
            "SELECT remote FROM call_history WHERE direction = 'outgoing' \
             GROUP BY remote ORDER BY MAX(started_at) DESC, MAX(id) DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(self.store.pool())
        .await?;
        rows.iter().map(|row| row.try_get("remote").map_err(LocationError::from)).collect()
    }

    /// Forgets every call (the user's "Clear history"); the audit log keeps its own record of emergency calls.
    pub async fn clear(&self) -> Result<u64, LocationError> {
        let done = sqlx::query("DELETE FROM call_history").execute(self.store.pool()).await?;
        Ok(done.rows_affected())
    }
}
