//! macOS-specific reading and watching: Wi-Fi from CoreWLAN, with Location Services authorization from
//! CoreLocation; change notifications from the routing socket and SCDynamicStore. The pure parts (`wifi`,
//! `route_msg`) also build in tests on every OS; the OS calls (`corewlan`, `notify`, `dynamic_store`) build on
//! macOS only. Compiled and unit-tested on Linux CI; not yet verified on hardware.

#[cfg(target_os = "macos")]
mod corewlan;
#[cfg(target_os = "macos")]
mod dynamic_store;
#[cfg(target_os = "macos")]
pub(crate) mod notify;
pub(crate) mod route_msg;
pub(crate) mod wifi;

#[cfg(target_os = "macos")]
pub(crate) use corewlan::read_wifi;
