//! Maps what the Windows WLAN API reports to `WifiInfo`. Pure functions, tested with fixtures on every OS; the
//! calls that fill these types are in `wlanapi.rs` (Windows only). Compile-checked on Linux CI; not yet verified
//! on hardware.
//!
//! Permission: from Windows 11 24H2 the WLAN API answers `ERROR_ACCESS_DENIED` unless location access is on for
//! the app (Settings > Privacy & security > Location); that is `denied`. No WLAN AutoConfig service or no
//! wireless interface is `unsupported`.

use crate::signal::SignalState;
use crate::snapshot::WifiInfo;
use crate::wifi_common::{Band, bssid_from_octets, channel_to_mhz, ssid_from_bytes};

/// The `source` of every readable `WifiInfo` this reader produces.
const SOURCE: &str = "wlanapi";

/// `ERROR_ACCESS_DENIED`: location consent is off (24H2+), or the WLAN DACL refuses this user.
pub(crate) const ERROR_ACCESS_DENIED: u32 = 5;
/// `ERROR_INVALID_STATE`: the interface is not connected (or its radio is off).
pub(crate) const ERROR_INVALID_STATE: u32 = 5023;

/// `WLAN_INTERFACE_STATE::wlan_interface_state_connected`.
pub(crate) const STATE_CONNECTED: i32 = 1;

/// One interface from `WlanEnumInterfaces`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WlanInterface {
    /// The interface GUID in the `{XXXXXXXX-…}` form that is also the adapter name netdev reports.
    pub(crate) name: String,
    /// `isState == wlan_interface_state_connected`.
    pub(crate) connected: bool,
}

/// `WLAN_CONNECTION_ATTRIBUTES` from `wlan_intf_opcode_current_connection`, plus the optional extra queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WlanConnection {
    /// `isState` (`WLAN_INTERFACE_STATE`).
    pub(crate) state: i32,
    /// `dot11Ssid`, cut to `uSSIDLength`.
    pub(crate) ssid: Vec<u8>,
    /// `dot11Bssid`.
    pub(crate) bssid: [u8; 6],
    /// `wlanSignalQuality`, 0–100.
    pub(crate) signal_quality: u32,
    /// `dot11PhyType` (`DOT11_PHY_TYPE`), which hints at the band.
    pub(crate) phy_type: i32,
    /// `wlan_intf_opcode_channel_number`.
    pub(crate) channel: Option<u32>,
    /// `wlan_intf_opcode_rssi`, dBm.
    pub(crate) rssi_dbm: Option<i32>,
    /// `ulChCenterFrequency` (kHz) of the connected BSS from `WlanGetNetworkBssList`: exact, even on 6 GHz.
    pub(crate) center_frequency_khz: Option<u32>,
}

/// The interface to read: `preferred` (the underlay's adapter name) if the WLAN API lists it, else the first
/// connected one, else the first.
pub(crate) fn choose_interface<'a>(
    interfaces: &'a [WlanInterface],
    preferred: Option<&str>,
) -> Option<&'a WlanInterface> {
    preferred
        .and_then(|p| interfaces.iter().find(|i| i.name.eq_ignore_ascii_case(p)))
        .or_else(|| interfaces.iter().find(|i| i.connected))
        .or_else(|| interfaces.first())
}

/// Maps a failed WLAN API call (its Win32 error code) to `WifiInfo`. `interface` is the one being queried, if
/// the failure came after choosing it.
pub(crate) fn from_error(code: u32, interface: Option<&str>) -> WifiInfo {
    let permission = match code {
        ERROR_ACCESS_DENIED => SignalState::Denied,
        ERROR_INVALID_STATE if interface.is_some() => SignalState::Available,
        _ => return WifiInfo::default(),
    };
    WifiInfo { permission, interface: interface.map(Into::into), source: Some(SOURCE.into()), ..WifiInfo::default() }
}

/// Maps the current connection of `interface` to `WifiInfo`.
///
/// A connection that reports neither SSID nor BSSID is taken as withheld (`denied`): a connected interface always
/// has a BSSID, so an all-zero one means the OS blanked it.
pub(crate) fn from_connection(interface: &str, connection: &WlanConnection) -> WifiInfo {
    let mut info = WifiInfo {
        permission: SignalState::Available,
        interface: Some(interface.to_owned()),
        source: Some(SOURCE.into()),
        ..WifiInfo::default()
    };
    if connection.state != STATE_CONNECTED {
        return info;
    }
    info.ssid = ssid_from_bytes(&connection.ssid);
    info.bssid = bssid_from_octets(&connection.bssid);
    if info.ssid.is_none() && info.bssid.is_none() {
        info.permission = SignalState::Denied;
        return info;
    }
    info.signal_percent = u8::try_from(connection.signal_quality.min(100)).ok();
    info.signal_dbm = connection.rssi_dbm.filter(|dbm| *dbm != 0);
    info.frequency_mhz = connection
        .center_frequency_khz
        .map(|khz| khz / 1000)
        .filter(|mhz| *mhz > 0)
        .or_else(|| connection.channel.and_then(|c| channel_to_mhz(c, band_hint(connection.phy_type))));
    info
}

/// The band a `DOT11_PHY_TYPE` implies, where it implies one: DSSS/HR-DSSS/ERP (802.11b/g) are 2.4 GHz only,
/// OFDM (802.11a) and VHT (802.11ac) 5 GHz only; HT, HE and EHT (802.11n/ax/be) span bands.
fn band_hint(phy_type: i32) -> Band {
    match phy_type {
        2 | 5 | 6 => Band::Ghz2_4,
        4 | 8 => Band::Ghz5,
        _ => Band::Unknown,
    }
}

/// A GUID in the registry form Windows uses for adapter names: `{6B29FC40-CA47-1067-B31D-00DD010662DA}`.
pub(crate) fn guid_string(data1: u32, data2: u16, data3: u16, data4: [u8; 8]) -> String {
    let [a, b, node @ ..] = data4;
    let node = u64::from_be_bytes([0, 0, node[0], node[1], node[2], node[3], node[4], node[5]]);
    format!("{{{data1:08X}-{data2:04X}-{data3:04X}-{a:02X}{b:02X}-{node:012X}}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUID: &str = "{6B29FC40-CA47-1067-B31D-00DD010662DA}";

    fn connected() -> WlanConnection {
        WlanConnection {
            state: STATE_CONNECTED,
            ssid: b"Office 5G".to_vec(),
            bssid: [0xA4, 0xC3, 0xF0, 0x11, 0x22, 0x33],
            signal_quality: 82,
            phy_type: 8,
            channel: Some(44),
            rssi_dbm: Some(-61),
            center_frequency_khz: None,
        }
    }

    #[test]
    fn connection_maps_to_wifi_info() {
        let info = from_connection(GUID, &connected());
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!(info.interface.as_deref(), Some(GUID));
        assert_eq!(info.ssid.as_deref(), Some("Office 5G"));
        assert_eq!(info.bssid.as_deref(), Some("a4:c3:f0:11:22:33"));
        assert_eq!(info.signal_percent, Some(82));
        assert_eq!(info.signal_dbm, Some(-61));
        assert_eq!(info.frequency_mhz, Some(5220));
        assert_eq!(info.source.as_deref(), Some("wlanapi"));
    }

    #[test]
    fn bss_center_frequency_beats_the_channel_number() {
        // Channel 149 with an 802.11ax PHY could be 5 GHz or 6 GHz; the BSS entry settles it.
        let c =
            WlanConnection { phy_type: 10, channel: Some(149), center_frequency_khz: Some(6_695_000), ..connected() };
        assert_eq!(from_connection(GUID, &c).frequency_mhz, Some(6695));
        let guessed = WlanConnection { center_frequency_khz: None, ..c };
        assert_eq!(from_connection(GUID, &guessed).frequency_mhz, Some(5745));
    }

    #[test]
    fn phy_type_hints_the_band() {
        let g = WlanConnection { phy_type: 6, channel: Some(11), ..connected() };
        assert_eq!(from_connection(GUID, &g).frequency_mhz, Some(2462));
        let a = WlanConnection { phy_type: 4, channel: Some(6), ..connected() };
        assert_eq!(from_connection(GUID, &a).frequency_mhz, None);
    }

    #[test]
    fn signal_quality_is_capped_and_zero_rssi_dropped() {
        let c = WlanConnection { signal_quality: 250, rssi_dbm: Some(0), ..connected() };
        let info = from_connection(GUID, &c);
        assert_eq!(info.signal_percent, Some(100));
        assert_eq!(info.signal_dbm, None);
    }

    #[test]
    fn not_connected_is_available_and_empty() {
        let c = WlanConnection { state: 0, ..connected() };
        let info = from_connection(GUID, &c);
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!((info.ssid, info.bssid, info.frequency_mhz), (None, None, None));
    }

    #[test]
    fn blanked_identifiers_are_denied() {
        let c = WlanConnection { ssid: vec![], bssid: [0; 6], ..connected() };
        let info = from_connection(GUID, &c);
        assert_eq!(info.permission, SignalState::Denied);
        assert_eq!(info.signal_percent, None);
    }

    #[test]
    fn hidden_network_keeps_its_bssid() {
        let c = WlanConnection { ssid: vec![], ..connected() };
        let info = from_connection(GUID, &c);
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!(info.ssid, None);
        assert_eq!(info.bssid.as_deref(), Some("a4:c3:f0:11:22:33"));
    }

    #[test]
    fn access_denied_is_denied() {
        let info = from_error(ERROR_ACCESS_DENIED, Some(GUID));
        assert_eq!(info.permission, SignalState::Denied);
        assert_eq!(info.interface.as_deref(), Some(GUID));
        assert_eq!(info.source.as_deref(), Some("wlanapi"));
        assert_eq!(from_error(ERROR_ACCESS_DENIED, None).permission, SignalState::Denied);
    }

    #[test]
    fn invalid_state_on_an_interface_means_not_connected() {
        let info = from_error(ERROR_INVALID_STATE, Some(GUID));
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!(info.ssid, None);
    }

    #[test]
    fn no_service_or_other_failures_are_unsupported() {
        const ERROR_SERVICE_NOT_ACTIVE: u32 = 1062;
        assert_eq!(from_error(ERROR_SERVICE_NOT_ACTIVE, None), WifiInfo::default());
        assert_eq!(from_error(ERROR_INVALID_STATE, None).permission, SignalState::Unsupported);
    }

    #[test]
    fn preferred_interface_then_connected_then_first() {
        let list = vec![
            WlanInterface { name: "{A}".into(), connected: false },
            WlanInterface { name: "{B}".into(), connected: true },
            WlanInterface { name: "{C}".into(), connected: false },
        ];
        assert_eq!(choose_interface(&list, Some("{c}")).map(|i| i.name.as_str()), Some("{C}"));
        assert_eq!(choose_interface(&list, Some("{Z}")).map(|i| i.name.as_str()), Some("{B}"));
        assert_eq!(choose_interface(&list, None).map(|i| i.name.as_str()), Some("{B}"));
        assert_eq!(choose_interface(&list[..1], None).map(|i| i.name.as_str()), Some("{A}"));
        assert_eq!(choose_interface(&[], None), None);
    }

    #[test]
    fn guid_is_formatted_like_an_adapter_name() {
        let s = guid_string(0x6B29_FC40, 0xCA47, 0x1067, [0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA]);
        assert_eq!(s, GUID);
    }
}
