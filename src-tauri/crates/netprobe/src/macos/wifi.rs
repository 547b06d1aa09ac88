//! Maps what CoreWLAN and CoreLocation report to `WifiInfo`. Pure functions, tested with fixtures on every OS;
//! the calls that fill `CoreWlanReading` are in `corewlan.rs` (macOS only). Compile-checked on Linux CI; not yet
//! verified on hardware.
//!
//! Permission: since macOS 10.15 the BSSID, and since macOS 14 the SSID, are nil unless the app holds Location
//! Services authorization. We only *read* the authorization status here; asking the user (and the
//! `NSLocationUsageDescription` Info.plist key that asking needs) belongs to the desktop shell. Until the user has
//! answered, the status is "not determined" and Wi-Fi is reported `denied`, so the UI can offer to ask.

use crate::signal::SignalState;
use crate::snapshot::WifiInfo;
use crate::wifi_common::{Band, bssid_from_octets, channel_to_mhz, ssid_from_bytes};

/// The `source` of every `WifiInfo` this reader produces.
const SOURCE: &str = "corewlan";

/// The app's Location Services authorization (`CLAuthorizationStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LocationAuthorization {
    /// `authorizedAlways` or `authorizedWhenInUse` (macOS treats both the same).
    Authorized,
    /// The user said no, or Location Services are off system-wide.
    Denied,
    /// Parental controls or an MDM profile forbid it.
    Restricted,
    /// Nobody has asked the user yet.
    NotDetermined,
}

impl LocationAuthorization {
    /// From the raw `CLAuthorizationStatus` value; values newer than this code are treated as not granted.
    pub(crate) fn from_raw(status: i32) -> Self {
        match status {
            3 | 4 => Self::Authorized,
            2 => Self::Denied,
            1 => Self::Restricted,
            _ => Self::NotDetermined,
        }
    }

    fn is_granted(self) -> bool {
        self == Self::Authorized
    }
}

/// What CoreWLAN reported about the chosen Wi-Fi interface.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CoreWlanReading {
    /// `interfaceName`, e.g. `en0`.
    pub(crate) interface: Option<String>,
    /// `powerOn`.
    pub(crate) power_on: bool,
    /// `ssidData` (raw bytes), or `ssid` as UTF-8 when only that was given.
    pub(crate) ssid: Option<Vec<u8>>,
    /// `bssid`, documented as `XX:XX:XX:XX:XX:XX` (older releases drop leading zeros).
    pub(crate) bssid: Option<String>,
    /// `rssiValue` in dBm; 0 means unknown or not associated.
    pub(crate) rssi_dbm: isize,
    /// `wlanChannel.channelNumber`, when there is a channel.
    pub(crate) channel_number: Option<isize>,
    /// `wlanChannel.channelBand` (`CWChannelBand`: 0 unknown, 1 2.4 GHz, 2 5 GHz, 3 6 GHz).
    pub(crate) channel_band: isize,
}

/// Maps a reading (`None`: CoreWLAN has no Wi-Fi interface) and the authorization status to `WifiInfo`.
///
/// `available` when authorized; `denied` when not, unless CoreWLAN handed over the BSSID anyway (releases before
/// the restriction), in which case what we read is what there is. A powered-on interface with neither SSID nor
/// BSSID and no authorization is therefore `denied`, never "not associated". With the radio off nothing is
/// associated; the permission still says whether turning it on would let us read.
pub(crate) fn from_corewlan(reading: Option<&CoreWlanReading>, authorization: LocationAuthorization) -> WifiInfo {
    let Some(reading) = reading else { return WifiInfo::default() };
    if !reading.power_on {
        return WifiInfo {
            permission: if authorization.is_granted() { SignalState::Available } else { SignalState::Denied },
            interface: reading.interface.clone(),
            source: Some(SOURCE.into()),
            ..WifiInfo::default()
        };
    }
    let bssid = reading.bssid.as_deref().and_then(parse_mac).and_then(|octets| bssid_from_octets(&octets));
    let permission =
        if authorization.is_granted() || bssid.is_some() { SignalState::Available } else { SignalState::Denied };
    let frequency_mhz = reading
        .channel_number
        .and_then(|n| u32::try_from(n).ok())
        .and_then(|n| channel_to_mhz(n, band_of(reading.channel_band)));
    WifiInfo {
        permission,
        interface: reading.interface.clone(),
        ssid: reading.ssid.as_deref().and_then(ssid_from_bytes),
        bssid,
        signal_dbm: i32::try_from(reading.rssi_dbm).ok().filter(|dbm| *dbm != 0),
        signal_percent: None,
        frequency_mhz,
        source: Some(SOURCE.into()),
    }
}

/// `CWChannelBand` to `Band`.
fn band_of(raw: isize) -> Band {
    match raw {
        1 => Band::Ghz2_4,
        2 => Band::Ghz5,
        3 => Band::Ghz6,
        _ => Band::Unknown,
    }
}

/// Parses `aa:bb:cc:dd:ee:ff`, accepting one-digit groups (`0:11:…`) and either case.
fn parse_mac(text: &str) -> Option<[u8; 6]> {
    let mut octets = [0u8; 6];
    let mut groups = text.trim().split(':');
    for octet in &mut octets {
        let group = groups.next()?;
        if group.is_empty() || group.len() > 2 {
            return None;
        }
        *octet = u8::from_str_radix(group, 16).ok()?;
    }
    groups.next().is_none().then_some(octets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn associated() -> CoreWlanReading {
        CoreWlanReading {
            interface: Some("en0".into()),
            power_on: true,
            ssid: Some(b"Office 5G".to_vec()),
            bssid: Some("A4:C3:F0:11:22:33".into()),
            rssi_dbm: -58,
            channel_number: Some(36),
            channel_band: 2,
        }
    }

    #[test]
    fn authorized_association_maps_to_wifi_info() {
        let info = from_corewlan(Some(&associated()), LocationAuthorization::Authorized);
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!(info.interface.as_deref(), Some("en0"));
        assert_eq!(info.ssid.as_deref(), Some("Office 5G"));
        assert_eq!(info.bssid.as_deref(), Some("a4:c3:f0:11:22:33"));
        assert_eq!(info.signal_dbm, Some(-58));
        assert_eq!(info.signal_percent, None);
        assert_eq!(info.frequency_mhz, Some(5180));
        assert_eq!(info.source.as_deref(), Some("corewlan"));
    }

    #[test]
    fn powered_on_without_identifiers_or_authorization_is_denied() {
        let reading = CoreWlanReading { ssid: None, bssid: None, ..associated() };
        for auth in
            [LocationAuthorization::NotDetermined, LocationAuthorization::Denied, LocationAuthorization::Restricted]
        {
            let info = from_corewlan(Some(&reading), auth);
            assert_eq!(info.permission, SignalState::Denied, "{auth:?}");
            assert_eq!((info.ssid, info.bssid), (None, None));
            assert_eq!(info.interface.as_deref(), Some("en0"));
            assert_eq!(info.source.as_deref(), Some("corewlan"));
        }
    }

    #[test]
    fn ssid_without_bssid_and_no_authorization_is_still_denied() {
        let reading = CoreWlanReading { bssid: None, ..associated() };
        let info = from_corewlan(Some(&reading), LocationAuthorization::NotDetermined);
        assert_eq!(info.permission, SignalState::Denied);
        assert_eq!(info.ssid.as_deref(), Some("Office 5G"));
    }

    #[test]
    fn a_bssid_handed_over_without_authorization_counts_as_read() {
        let info = from_corewlan(Some(&associated()), LocationAuthorization::NotDetermined);
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!(info.bssid.as_deref(), Some("a4:c3:f0:11:22:33"));
    }

    #[test]
    fn authorized_but_not_associated_is_available_and_empty() {
        let reading = CoreWlanReading {
            interface: Some("en0".into()),
            power_on: true,
            channel_number: None,
            ..CoreWlanReading::default()
        };
        let info = from_corewlan(Some(&reading), LocationAuthorization::Authorized);
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!((info.ssid, info.bssid, info.signal_dbm, info.frequency_mhz), (None, None, None, None));
    }

    #[test]
    fn radio_off_reports_no_association() {
        let reading = CoreWlanReading { power_on: false, ..associated() };
        let info = from_corewlan(Some(&reading), LocationAuthorization::Authorized);
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!(info.interface.as_deref(), Some("en0"));
        assert_eq!((info.ssid, info.bssid, info.signal_dbm, info.frequency_mhz), (None, None, None, None));
        let denied = from_corewlan(Some(&reading), LocationAuthorization::Denied);
        assert_eq!(denied.permission, SignalState::Denied);
    }

    #[test]
    fn no_wifi_interface_is_unsupported() {
        let info = from_corewlan(None, LocationAuthorization::Authorized);
        assert_eq!(info, WifiInfo::default());
        assert_eq!(info.permission, SignalState::Unsupported);
    }

    #[test]
    fn channel_band_picks_the_frequency() {
        let six = CoreWlanReading { channel_number: Some(37), channel_band: 3, ..associated() };
        assert_eq!(from_corewlan(Some(&six), LocationAuthorization::Authorized).frequency_mhz, Some(6135));
        let two = CoreWlanReading { channel_number: Some(6), channel_band: 1, ..associated() };
        assert_eq!(from_corewlan(Some(&two), LocationAuthorization::Authorized).frequency_mhz, Some(2437));
        let unknown = CoreWlanReading { channel_number: Some(149), channel_band: 0, ..associated() };
        assert_eq!(from_corewlan(Some(&unknown), LocationAuthorization::Authorized).frequency_mhz, Some(5745));
    }

    #[test]
    fn bssid_with_dropped_leading_zeros_is_normalised() {
        let reading = CoreWlanReading { bssid: Some("0:1b:2:c:d4:e5".into()), ..associated() };
        let info = from_corewlan(Some(&reading), LocationAuthorization::Authorized);
        assert_eq!(info.bssid.as_deref(), Some("00:1b:02:0c:d4:e5"));
    }

    #[test]
    fn malformed_or_zero_bssids_are_dropped() {
        assert_eq!(parse_mac("a4:c3:f0:11:22"), None);
        assert_eq!(parse_mac("a4:c3:f0:11:22:33:44"), None);
        assert_eq!(parse_mac("a4:c3:f0:11:22:3g"), None);
        assert_eq!(parse_mac("a4::f0:11:22:33"), None);
        let zero = CoreWlanReading { bssid: Some("00:00:00:00:00:00".into()), ..associated() };
        assert_eq!(from_corewlan(Some(&zero), LocationAuthorization::Authorized).bssid, None);
    }

    #[test]
    fn authorization_status_values() {
        assert_eq!(LocationAuthorization::from_raw(0), LocationAuthorization::NotDetermined);
        assert_eq!(LocationAuthorization::from_raw(1), LocationAuthorization::Restricted);
        assert_eq!(LocationAuthorization::from_raw(2), LocationAuthorization::Denied);
        assert_eq!(LocationAuthorization::from_raw(3), LocationAuthorization::Authorized);
        assert_eq!(LocationAuthorization::from_raw(4), LocationAuthorization::Authorized);
        assert_eq!(LocationAuthorization::from_raw(99), LocationAuthorization::NotDetermined);
    }
}
