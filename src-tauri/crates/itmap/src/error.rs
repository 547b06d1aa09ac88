//! The one error type of the IT map crate.

use crate::MapProblem;

/// What can go wrong with an IT map, its signature or its keys.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// The signature text is not a minisign signature.
    #[error("the signature is not a minisign signature: {0}")]
    MalformedSignature(String),
    /// A public key is not a minisign public key.
    #[error("not a minisign public key: {0}")]
    MalformedKey(String),
    /// No key is trusted, so no map can be accepted.
    #[error("no trusted map signing keys are configured (managed policy `trusted_keys`)")]
    NoTrustedKeys,
    /// The map was signed by a key the managed policy does not pin.
    #[error("the map is signed by key {key_id}, which the managed policy does not trust")]
    UntrustedKey {
        /// Key id of the signer, upper-case hex as minisign prints it.
        key_id: String,
    },
    /// The signature does not match the bytes: tampered, truncated or signed over a different file.
    #[error("the signature does not match the map (key {key_id}): the file was changed or cut short after signing")]
    BadSignature {
        /// Key id of the signer.
        key_id: String,
    },
    /// The map file is larger than the limit.
    #[error("the map is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size seen.
        size: u64,
        /// Limit in force.
        limit: u64,
    },
    /// The map parsed badly or failed validation; every problem has its JSON pointer.
    #[error("the map is not valid ({} problem(s)): {}", .0.len(), crate::problems::summary(.0))]
    Invalid(Vec<MapProblem>),
    /// A secret key could not be read or decrypted.
    #[error("secret key: {0}")]
    SecretKey(String),
    /// Key generation or signing failed.
    #[error("signing failed: {0}")]
    Sign(String),
    /// A Teams LIS export could not be read.
    #[error("Teams LIS export {file}: {message}")]
    TeamsImport {
        /// The CSV file concerned.
        file: String,
        /// What is wrong.
        message: String,
    },
}
