//! The Locus application service. It owns configuration, on-disk paths, the event catalogue and the IPC
//! contract, and orchestrates the engine crates (`location`, `netprobe`, and later `sip`, `emergency`,
//! `carrier`). It never depends on Tauri: the desktop shell and `locusctl` are both thin hosts over it.

pub mod account_view;
pub mod accounts;
pub mod audio_view;
pub mod bindings;
pub mod calls;
pub mod carrier_link;
pub mod carrier_view;
mod config;
pub mod delivery;
pub mod dial_link;
pub mod e911_book;
mod error;
pub mod events;
mod host;
pub mod incoming_calls;
mod install_key;
pub mod ipc;
mod json_file;
pub mod locating;
mod logging;
mod paths;
pub mod policy;
mod readiness;
pub mod secrets;
mod service;
mod sound;

pub use config::{AudioConfig, CallsConfig, Config, ConfigLoad, ConfigSource, FieldError};
pub use error::{CoreError, ErrorCode};
pub use host::{HeadlessHost, Host};
pub use logging::{LoggingGuard, init_logging};
pub use paths::LocusPaths;
pub use policy::{ManagedPolicy, PolicyLoad, PolicySource};
pub use readiness::{Readiness, ReadinessLevel, ReadinessReason, assess_readiness};
pub use service::{CallSound, DEFAULT_TEST_NUMBER, DialOptions, LocusService, MapOutcome, PlacedCall, SourceCheck};

pub use locus_emergency::PlanSummary;
pub use locus_location::AuditVerification;
pub use locus_netprobe::{NetworkSnapshot, SnapshotSource, SystemSource};
