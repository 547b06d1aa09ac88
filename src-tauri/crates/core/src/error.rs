//! The one error type of the core crate, and the stable codes the UI sees instead of strings to parse.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What can go wrong in the application service.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// No usable directory for config, data or logs could be found (no home directory and no `LOCUS_HOME`).
    #[error("no home directory found; set LOCUS_HOME to choose where Locus keeps its files")]
    NoHome,
    /// A directory or file could not be created, read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// What we were doing.
        action: &'static str,
        /// The path involved.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The configuration file is invalid; every problem is listed with its field.
    #[error("the configuration file {path} is invalid: {}", summarize(.errors))]
    ConfigInvalid {
        /// The file that was read.
        path: String,
        /// Each problem with its field path.
        errors: Vec<crate::FieldError>,
    },
    /// The store or audit log failed.
    #[error(transparent)]
    Location(#[from] locus_location::LocationError),
    /// The network probe failed.
    #[error(transparent)]
    Netprobe(#[from] locus_netprobe::NetprobeError),
    /// An IT map, signature or key problem (tools like `locusctl map sign`).
    #[error(transparent)]
    Map(#[from] locus_itmap::MapError),
    /// Logging could not be set up.
    #[error("could not start logging: {0}")]
    Logging(String),
    /// The OS keychain (where SIP passwords and carrier API keys live) is locked, missing or failed. The message
    /// says how to fix it and never contains a secret.
    #[error("Locus could not use the OS keychain: {0}")]
    Keychain(String),
    /// No SIP account can place this call; the message says what to set up.
    #[error("{0}")]
    NoAccount(String),
    /// The call could not be placed (account settings, transport).
    #[error(transparent)]
    Sip(#[from] locus_sip::SipError),
    /// There is no such call (it ended, or the id is wrong).
    #[error("{0}")]
    NoSuchCall(String),
    /// The organisation's policy sets this; the user cannot change it here.
    #[error("{0}")]
    Locked(String),
    /// The request cannot be carried out as asked; the message says why.
    #[error("{0}")]
    Refused(String),
    /// A `tel:` or `sip:` link could not be opened in the dialer; the message says why.
    #[error("{0}")]
    InvalidLink(String),
    /// A transfer was refused because it involves an emergency call: the call is one (911, a readback test, a
    /// possible PSAP callback), or the target is an emergency number. The message says which.
    #[error("{0}")]
    EmergencyTransfer(String),
    /// A transfer target that is empty or not a number or SIP address.
    #[error("{0}")]
    InvalidTransferTarget(String),
    /// A background task died.
    #[error("internal error: {0}")]
    Internal(String),
}

fn summarize(errors: &[crate::FieldError]) -> String {
    errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
}

/// Stable, machine-readable error codes. The UI switches on these; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Filesystem or home-directory problem.
    Storage,
    /// The configuration file is invalid.
    ConfigInvalid,
    /// The database or audit log failed.
    Database,
    /// Reading the network failed.
    NetworkProbe,
    /// An address or label is invalid; the message names each field.
    InvalidAddress,
    /// The location or call does not exist.
    NotFound,
    /// The location comes from the IT map, or the setting from the organisation's policy, and cannot be changed
    /// by the user.
    ReadOnly,
    /// An IT map, its signature or a key is invalid.
    MapInvalid,
    /// No SIP account is set up for this call.
    NoAccount,
    /// The call could not be placed.
    CallFailed,
    /// A `tel:` or `sip:` link is not one the dialer can take.
    InvalidLink,
    /// An emergency call cannot be transferred, and no call can be transferred to an emergency number.
    EmergencyTransfer,
    /// The transfer target is empty or not a number or SIP address.
    InvalidTransferTarget,
    /// The other side refused the transfer, or the transfer did not go through; the call goes on.
    TransferFailed,
    /// Anything else.
    Internal,
}

impl CoreError {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::NoHome | CoreError::Io { .. } | CoreError::Keychain(_) => ErrorCode::Storage,
            CoreError::ConfigInvalid { .. } => ErrorCode::ConfigInvalid,
            CoreError::Location(locus_location::LocationError::InvalidAddress(_)) => ErrorCode::InvalidAddress,
            CoreError::Location(locus_location::LocationError::NotFound(_)) => ErrorCode::NotFound,
            CoreError::Location(locus_location::LocationError::ReadOnly(_)) | CoreError::Locked(_) => {
                ErrorCode::ReadOnly
            }
            CoreError::Location(_) => ErrorCode::Database,
            CoreError::Netprobe(_) => ErrorCode::NetworkProbe,
            CoreError::Map(_) => ErrorCode::MapInvalid,
            CoreError::NoAccount(_) => ErrorCode::NoAccount,
            CoreError::Sip(locus_sip::SipError::InvalidTransferTarget(_)) | CoreError::InvalidTransferTarget(_) => {
                ErrorCode::InvalidTransferTarget
            }
            CoreError::Sip(
                locus_sip::SipError::TransferRefused { .. }
                | locus_sip::SipError::TransferFailed(_)
                | locus_sip::SipError::TransferInProgress,
            ) => ErrorCode::TransferFailed,
            CoreError::EmergencyTransfer(_) => ErrorCode::EmergencyTransfer,
            CoreError::Sip(_) | CoreError::Refused(_) => ErrorCode::CallFailed,
            CoreError::NoSuchCall(_) => ErrorCode::NotFound,
            CoreError::InvalidLink(_) => ErrorCode::InvalidLink,
            CoreError::Logging(_) | CoreError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The error as the UI receives it.
    pub fn to_ipc(&self) -> crate::ipc::IpcError {
        crate::ipc::IpcError { code: self.code(), message: self.to_string() }
    }
}
