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
    /// An address or label is invalid; each problem names its field. Nothing was changed.
    #[error("the address is not valid: {}", .0.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; "))]
    InvalidAddress(Vec<crate::civic::AddressProblem>),
    /// Network rules were refused; each problem names the rule by position. Nothing was changed.
    #[error("{} network rule(s) are invalid: {}", .0.len(), .0.iter().take(5).map(|e| format!("rule {}: {}", e.index, e.message)).collect::<Vec<_>>().join("; "))]
    InvalidRules(Vec<crate::matcher::RuleError>),
    /// No location has this id.
    #[error("no location with id {0}")]
    NotFound(String),
    /// IT locations cannot be edited or deleted by the user.
    #[error("location {0} comes from the IT map and is read-only")]
    ReadOnly(String),
    /// An IT map's serial is not newer than the one in force (no rollback).
    #[error("map serial {offered} is not newer than the serial in force ({current}); maps never roll back")]
    StaleMapSerial {
        /// Serial in force.
        current: u64,
        /// Serial offered.
        offered: u64,
    },
    /// An IT map location id equals a personal location's id.
    #[error("IT map place id \"{0}\" is already used by a personal location")]
    IdCollision(String),
    /// A stored timestamp or a timestamp to store could not be formatted or parsed.
    #[error("bad timestamp: {0}")]
    Timestamp(String),
}
