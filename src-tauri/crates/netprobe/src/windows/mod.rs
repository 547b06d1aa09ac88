//! Windows-specific reading and watching: Wi-Fi from the WLAN API (`wlanapi.dll`); change notifications from IP
//! Helper, the WLAN API and the power manager. The pure parts (`wifi`, `events`) also build in tests on every OS;
//! the FFI calls (`wlanapi`, `notify`) build on Windows only.
//! Compiled and unit-tested on Linux CI; not yet verified on hardware.

pub(crate) mod events;
#[cfg(windows)]
pub(crate) mod notify;
pub(crate) mod wifi;
#[cfg(windows)]
mod wlanapi;

#[cfg(windows)]
pub(crate) use wlanapi::read_wifi;
