//! Network probe: reads what the laptop's network looks like right now and returns it as plain data
//! (`NetworkSnapshot`). It knows nothing about locations, rules or E911; matching a snapshot to a place is
//! the `location` crate's job.

mod error;
mod netdev_source;
mod snapshot;

pub use error::NetprobeError;
pub use netdev_source::NetdevSource;
pub use snapshot::{DefaultGateway, InterfaceInfo, InterfaceKind, NetworkSnapshot};

/// Something that can take a `NetworkSnapshot` of the machine it runs on.
///
/// Per-OS collectors implement this; callers (the core service, `locusctl`, tests) only see the trait.
pub trait SnapshotSource: Send + Sync {
    /// Take one snapshot. Must not block for long: callers run it on a blocking thread.
    fn snapshot(&self) -> Result<NetworkSnapshot, NetprobeError>;
}
