//! The Objective-C calls behind the macOS Wi-Fi reader: CoreWLAN (`CWWiFiClient` → `CWInterface`) for the
//! association and CoreLocation (`CLLocationManager.authorizationStatus`) for the permission. objc2 marks every
//! message send `unsafe`, so this file allows `unsafe` (as does `dynamic_store.rs`); each block says why it is sound.
//! Only reads state: never asks for authorization, never scans, never sets a delegate.
//! Compile-checked on Linux CI; not yet verified on hardware.
#![allow(unsafe_code)]

use super::wifi::{CoreWlanReading, LocationAuthorization, from_corewlan};
use crate::snapshot::WifiInfo;
use objc2::rc::{Retained, autoreleasepool};
use objc2_core_location::CLLocationManager;
use objc2_core_wlan::{CWInterface, CWWiFiClient};

/// Reads the Wi-Fi association of `preferred` (when CoreWLAN knows an interface by that name) or of the default
/// Wi-Fi interface.
pub(crate) fn read_wifi(preferred: Option<&str>) -> WifiInfo {
    // Snapshots run on worker threads, which have no autorelease pool of their own.
    autoreleasepool(|_| {
        let reading = wifi_interface(preferred).map(|iface| describe(&iface));
        from_corewlan(reading.as_ref(), location_authorization())
    })
}

/// The interface to read, or `None` when the machine has no Wi-Fi interface.
fn wifi_interface(preferred: Option<&str>) -> Option<Retained<CWInterface>> {
    // SAFETY: a class method without arguments returning the process-wide client; CoreWLAN documents it as usable
    // from any thread.
    let client = unsafe { CWWiFiClient::sharedWiFiClient() };
    // SAFETY: getter without arguments; returns nil on error or an array of NSString.
    let names = unsafe { client.interfaceNames() }.map(|names| names.to_vec());
    if names.as_ref().is_some_and(Vec::is_empty) {
        return None;
    }
    if let Some(wanted) = preferred
        && let Some(name) = names.iter().flatten().find(|name| name.to_string() == wanted)
    {
        // SAFETY: `name` is a live NSString that CoreWLAN itself listed as a Wi-Fi interface name.
        if let Some(iface) = unsafe { client.interfaceWithName(Some(&**name)) } {
            return Some(iface);
        }
    }
    // SAFETY: getter without arguments; returns nil when there is no Wi-Fi interface.
    unsafe { client.interface() }
}

/// Copies what we need out of the interface object.
fn describe(iface: &CWInterface) -> CoreWlanReading {
    // SAFETY: this and the blocks below call argument-less getters on a live CWInterface. CoreWLAN documents each
    // as returning nil (objects) or 0/NO (scalars) on error or when not associated, which the Option/plain return
    // types model; returned objects are retained by objc2, so they outlive the copies made here.
    let interface = unsafe { iface.interfaceName() }.map(|name| name.to_string());
    // SAFETY: see above.
    let power_on = unsafe { iface.powerOn() };
    // SAFETY: see above.
    let ssid = unsafe { iface.ssidData() }.map(|data| data.to_vec());
    // SAFETY: see above.
    let ssid = ssid.or_else(|| unsafe { iface.ssid() }.map(|text| text.to_string().into_bytes()));
    // SAFETY: see above.
    let bssid = unsafe { iface.bssid() }.map(|text| text.to_string());
    // SAFETY: see above.
    let rssi_dbm = unsafe { iface.rssiValue() };
    // SAFETY: see above.
    let channel = unsafe { iface.wlanChannel() };
    // SAFETY: argument-less getter on the live CWChannel just returned.
    let channel_number = channel.as_ref().map(|c| unsafe { c.channelNumber() });
    // SAFETY: as above; `CWChannelBand` is a plain NSInteger newtype.
    let channel_band = channel.as_ref().map_or(0, |c| unsafe { c.channelBand() }.0);
    CoreWlanReading { interface, power_on, ssid, bssid, rssi_dbm, channel_number, channel_band }
}

/// This process's Location Services authorization. Reading it never prompts the user.
fn location_authorization() -> LocationAuthorization {
    let status = if objc2::available!(macos = 11.0) {
        // SAFETY: `new` allocates and initialises a plain CLLocationManager. No delegate is set, so CoreLocation
        // never calls back into us, and the manager is released before this function returns.
        let manager = unsafe { CLLocationManager::new() };
        // SAFETY: argument-less instance getter, available from macOS 11 (checked above).
        unsafe { manager.authorizationStatus() }
    } else {
        legacy_authorization_status()
    };
    LocationAuthorization::from_raw(status.0)
}

/// The class-level getter that macOS 10.15 and earlier have (deprecated from macOS 11 for the instance getter).
#[allow(deprecated)]
fn legacy_authorization_status() -> objc2_core_location::CLAuthorizationStatus {
    // SAFETY: argument-less class method present since macOS 10.7.
    unsafe { CLLocationManager::authorizationStatus_class() }
}
