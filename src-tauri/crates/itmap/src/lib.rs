//! IT maps: the signed network-to-location document IT pushes to every laptop (format v1), its minisign
//! signatures, validation with JSON-pointer errors, conversion to location rules, diff and the Teams LIS
//! importer. Pure: no network, no clock (time is passed in), no database.

mod convert;
pub mod diff;
mod error;
pub mod format;
mod problems;
pub mod signature;
mod stream;
pub mod teams;
mod validate;

pub use convert::{MapContent, MapMeta};
pub use error::MapError;
pub use format::{FORMAT_V1, MapDocument, Place, PolicyHints, RuleSpec, Site};
pub use problems::MapProblem;
pub use stream::parse_and_validate;
pub use validate::{MAX_SERIAL, ValidatedMap, validate};

/// The default largest map accepted, in bytes (256 MiB): a 100,000-site, 1,000,000-rule map is about 120 MB.
pub const DEFAULT_MAX_MAP_BYTES: u64 = 256 * 1024 * 1024;
