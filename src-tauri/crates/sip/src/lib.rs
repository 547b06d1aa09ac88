//! SIP for Locus: accounts, registration, calls and their media behind our own API. The stack inside is
//! `rsipstack` (decision 0008), kept private to `stack/` so it can be swapped without touching callers. No
//! Tauri, no storage: passwords are passed in by the caller, which keeps them in the OS keychain (S7).

mod account;
mod call;
mod connect;
mod error;
mod incoming;
mod keep;
pub mod media;
mod register;
mod stack;
mod tls_probe;
mod tls_trust;

pub use account::{Account, AccountProblem, Transport};
pub use call::{
    BodyWrapper, Call, CallControl, CallEnd, CallEvent, CallOptions, CallRequest, HangUpHandle, place_call,
    place_call_with_audio,
};
pub use connect::resolve_next_hop;
pub use error::SipError;
pub use incoming::{Caller, IncomingCall};
pub use keep::{
    RegistrationHandle, RegistrationState, keep_alive_interval, keep_registered, refresh_after, retry_delay,
};
pub use register::{RegisterOptions, Registered, check_registration};
