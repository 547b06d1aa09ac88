//! The one error type of the location crate.

/// What can go wrong in the location store and audit log.
#[derive(Debug, thiserror::Error)]
pub enum LocationError {
    /// The database file could not be opened, created or migrated.
    #[error("could not open the location database at {path}: {source}")]
    Open {
        /// The database file.
        path: String,
        /// The underlying SQLite error.
        #[source]
        source: sqlx::Error,
    },
    /// Applying the embedded schema migrations failed.
    #[error("could not migrate the location database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed (for example the database is locked by another process for too long).
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// An audit payload could not be encoded as JSON.
    #[error("audit payload is not valid JSON: {0}")]
    Payload(#[from] serde_json::Error),
    /// A stored timestamp or a timestamp to store could not be formatted or parsed.
    #[error("bad timestamp: {0}")]
    Timestamp(String),
}
