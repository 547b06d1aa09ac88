//! Windows-specific reading: Wi-Fi from the WLAN API (`wlanapi.dll`). The pure mapping (`wifi`) also builds in
//! tests on every OS; the FFI calls (`wlanapi`) build on Windows only.
//! Compiled and unit-tested on Linux CI; not yet verified on hardware.

pub(crate) mod wifi;
#[cfg(windows)]
mod wlanapi;

#[cfg(windows)]
pub(crate) use wlanapi::read_wifi;
