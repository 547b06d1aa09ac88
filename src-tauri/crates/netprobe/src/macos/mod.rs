//! macOS-specific reading: Wi-Fi from CoreWLAN, with Location Services authorization from CoreLocation. The pure
//! mapping (`wifi`) also builds in tests on every OS; the Objective-C calls (`corewlan`) build on macOS only.
//! Compiled and unit-tested on Linux CI; not yet verified on hardware.

#[cfg(target_os = "macos")]
mod corewlan;
pub(crate) mod wifi;

#[cfg(target_os = "macos")]
pub(crate) use corewlan::read_wifi;
