//! Network probe: reads what the laptop's network looks like (`NetworkSnapshot`: interfaces, default routes,
//! the gateway's IP and MAC, the physical underlay beneath any VPN, Wi-Fi, DNS search domains), fingerprints
//! it, and watches it for material changes (OS change notifications on Linux, macOS and Windows). It knows
//! nothing about locations, rules or E911; matching a snapshot to a place is the `location` crate's job.

mod debounce;
mod error;
pub mod fingerprint;
mod interfaces;
#[cfg(target_os = "linux")]
pub mod linux;
// The per-OS Wi-Fi readers' pure mappings also build in tests on every OS, so Linux CI runs their unit tests.
#[cfg(any(target_os = "macos", test))]
mod macos;
mod notify;
#[cfg(not(target_os = "linux"))]
mod other_os;
#[cfg(target_os = "linux")]
mod probe;
pub mod public_ip;
pub mod routes;
mod signal;
mod snapshot;
pub mod watch;
#[cfg(any(target_os = "macos", windows, test))]
mod wifi_common;
#[cfg(any(windows, test))]
mod windows;

pub use debounce::Debouncer;
pub use error::NetprobeError;
pub use signal::SignalState;
pub use snapshot::{
    DefaultGateway, DefaultRoute, InterfaceInfo, InterfaceKind, NetworkSnapshot, RouteCoverage, Underlay, VpnMode,
    VpnState, WifiInfo,
};

/// The collector for the OS this was built for.
#[cfg(target_os = "linux")]
pub type SystemSource = linux::LinuxSource;
/// The collector for the OS this was built for.
#[cfg(not(target_os = "linux"))]
pub type SystemSource = other_os::NetdevSource;

/// Something that can take a `NetworkSnapshot` of the machine it runs on.
///
/// Per-OS collectors implement this; callers (the core service, `locusctl`, tests) only see the trait.
pub trait SnapshotSource: Send + Sync {
    /// Take one snapshot. May block briefly (probing a gateway waits up to 500 ms): run it off the UI thread.
    fn snapshot(&self) -> Result<NetworkSnapshot, NetprobeError>;
}
