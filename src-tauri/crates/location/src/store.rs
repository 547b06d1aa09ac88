//! The SQLite store: one database file, opened in WAL mode with foreign keys on, migrated by the schema
//! embedded in this crate. Everything else in this crate borrows its pool.

use crate::LocationError;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

/// The opened, migrated database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, LocationError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| LocationError::Open { path: path.display().to_string(), source })?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    /// The connection pool, for the modules of this crate.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Reads back a PRAGMA as text, so callers and tests can see how the database is configured.
    pub async fn pragma(&self, pragma: Pragma) -> Result<String, LocationError> {
        let sql = match pragma {
            Pragma::JournalMode => "SELECT CAST(journal_mode AS TEXT) FROM pragma_journal_mode",
            Pragma::ForeignKeys => "SELECT CAST(foreign_keys AS TEXT) FROM pragma_foreign_keys",
        };
        let value: (String,) = sqlx::query_as(sql).fetch_one(&self.pool).await?;
        Ok(value.0)
    }

    /// Closes every connection (checkpointing the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The PRAGMAs `Store::pragma` can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pragma {
    /// `journal_mode` (expected `wal`).
    JournalMode,
    /// `foreign_keys` (expected `1`).
    ForeignKeys,
}
