//! Wi-Fi on Linux: NetworkManager over D-Bus first (what desktop distributions run), then `iw` (the nl80211
//! tool) as the fallback on machines without NetworkManager. Linux needs no permission for either; a machine
//! with neither, or without Wi-Fi, reports `unsupported`. Pure mapping functions are tested with fixtures.

use crate::signal::SignalState;
use crate::snapshot::WifiInfo;

/// What NetworkManager says about the active access point of one wireless device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NmAccessPoint {
    /// `Device.Interface`.
    pub interface: String,
    /// `AccessPoint.Ssid` (raw bytes; SSIDs need not be UTF-8).
    pub ssid: Vec<u8>,
    /// `AccessPoint.HwAddress`.
    pub hw_address: String,
    /// `AccessPoint.Strength`, 0–100 %.
    pub strength_percent: u8,
    /// `AccessPoint.Frequency`, MHz.
    pub frequency_mhz: u32,
}

/// Maps NetworkManager's access point to `WifiInfo`.
pub fn from_networkmanager(ap: &NmAccessPoint) -> WifiInfo {
    WifiInfo {
        permission: SignalState::Available,
        interface: Some(ap.interface.clone()),
        ssid: Some(String::from_utf8_lossy(&ap.ssid).into_owned()).filter(|s| !s.is_empty()),
        bssid: Some(ap.hw_address.to_ascii_lowercase()).filter(|b| b.len() == 17),
        signal_dbm: None,
        signal_percent: Some(ap.strength_percent.min(100)),
        frequency_mhz: Some(ap.frequency_mhz).filter(|f| *f > 0),
        source: Some("networkmanager".into()),
    }
}

/// Parses `iw dev <interface> link`.
pub fn from_iw_link(interface: &str, text: &str) -> WifiInfo {
    let mut info = WifiInfo {
        permission: SignalState::Available,
        interface: Some(interface.to_owned()),
        source: Some("nl80211".into()),
        ..WifiInfo::default()
    };
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("Connected to ") {
            info.bssid = rest.split_whitespace().next().map(str::to_ascii_lowercase);
        } else if let Some(ssid) = line.strip_prefix("SSID: ") {
            info.ssid = Some(ssid.to_owned());
        } else if let Some(freq) = line.strip_prefix("freq: ") {
            info.frequency_mhz = freq.split(['.', ' ']).next().and_then(|f| f.parse().ok());
        } else if let Some(signal) = line.strip_prefix("signal: ") {
            info.signal_dbm = signal.split_whitespace().next().and_then(|s| s.parse().ok());
        }
    }
    info
}

/// Reads Wi-Fi for the wireless interface `preferred` (the underlay, when it is Wi-Fi) or the first one found.
pub fn read(wireless_interfaces: &[String], preferred: Option<&str>) -> WifiInfo {
    if wireless_interfaces.is_empty() {
        return WifiInfo::default();
    }
    let chosen = preferred
        .filter(|p| wireless_interfaces.iter().any(|w| w == p))
        .or(wireless_interfaces.first().map(String::as_str));
    match networkmanager::active_access_points() {
        Ok(aps) => {
            let ap = aps.iter().find(|a| Some(a.interface.as_str()) == chosen).or(aps.first());
            return match ap {
                Some(ap) => from_networkmanager(ap),
                None => WifiInfo {
                    permission: SignalState::Available,
                    interface: chosen.map(Into::into),
                    source: Some("networkmanager".into()),
                    ..WifiInfo::default()
                },
            };
        }
        Err(err) => tracing::debug!(%err, "NetworkManager not available; trying iw"),
    }
    let Some(interface) = chosen else { return WifiInfo::default() };
    match std::process::Command::new("iw").args(["dev", interface, "link"]).output() {
        Ok(output) if output.status.success() => from_iw_link(interface, &String::from_utf8_lossy(&output.stdout)),
        _ => WifiInfo { interface: Some(interface.to_owned()), ..WifiInfo::default() },
    }
}

mod networkmanager {
    //! The NetworkManager D-Bus calls (system bus, read-only properties).

    use super::NmAccessPoint;
    use zbus::blocking::{Connection, Proxy};
    use zbus::zvariant::OwnedObjectPath;

    const NM: &str = "org.freedesktop.NetworkManager";
    const WIFI_DEVICE_TYPE: u32 = 2;

    pub(super) fn active_access_points() -> zbus::Result<Vec<NmAccessPoint>> {
        let conn = Connection::system()?;
        let nm = Proxy::new(&conn, NM, "/org/freedesktop/NetworkManager", NM)?;
        let devices: Vec<OwnedObjectPath> = nm.call("GetDevices", &())?;
        let mut found = Vec::new();
        for device in devices {
            let dev = Proxy::new(&conn, NM, device.as_str(), "org.freedesktop.NetworkManager.Device")?;
            if dev.get_property::<u32>("DeviceType")? != WIFI_DEVICE_TYPE {
                continue;
            }
            let interface: String = dev.get_property("Interface")?;
            let wireless = Proxy::new(&conn, NM, device.as_str(), "org.freedesktop.NetworkManager.Device.Wireless")?;
            let ap_path: OwnedObjectPath = wireless.get_property("ActiveAccessPoint")?;
            if ap_path.as_str() == "/" {
                continue;
            }
            let ap = Proxy::new(&conn, NM, ap_path.as_str(), "org.freedesktop.NetworkManager.AccessPoint")?;
            found.push(NmAccessPoint {
                interface,
                ssid: ap.get_property("Ssid")?,
                hw_address: ap.get_property("HwAddress")?,
                strength_percent: ap.get_property("Strength")?,
                frequency_mhz: ap.get_property("Frequency")?,
            });
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networkmanager_access_point_maps_to_wifi_info() {
        let ap = NmAccessPoint {
            interface: "wlp2s0".into(),
            ssid: b"Office 5G".to_vec(),
            hw_address: "A4:C3:F0:11:22:33".into(),
            strength_percent: 74,
            frequency_mhz: 5180,
        };
        let info = from_networkmanager(&ap);
        assert_eq!(info.ssid.as_deref(), Some("Office 5G"));
        assert_eq!(info.bssid.as_deref(), Some("a4:c3:f0:11:22:33"));
        assert_eq!(info.signal_percent, Some(74));
        assert_eq!(info.frequency_mhz, Some(5180));
        assert_eq!(info.permission, SignalState::Available);
        assert_eq!(info.source.as_deref(), Some("networkmanager"));
    }

    #[test]
    fn a_hidden_network_has_no_ssid() {
        let ap = NmAccessPoint {
            interface: "wlan0".into(),
            ssid: vec![],
            hw_address: "02:11:22:33:44:55".into(),
            strength_percent: 40,
            frequency_mhz: 2412,
        };
        assert_eq!(from_networkmanager(&ap).ssid, None);
    }

    #[test]
    fn iw_link_output_is_parsed() {
        let text = "Connected to 11:22:33:44:55:66 (on wlan0)\n\
                    \tSSID: Home Net\n\
                    \tfreq: 2437.0\n\
                    \tRX: 123 bytes (4 packets)\n\
                    \tsignal: -52 dBm\n\
                    \ttx bitrate: 72.2 MBit/s\n";
        let info = from_iw_link("wlan0", text);
        assert_eq!(info.bssid.as_deref(), Some("11:22:33:44:55:66"));
        assert_eq!(info.ssid.as_deref(), Some("Home Net"));
        assert_eq!(info.frequency_mhz, Some(2437));
        assert_eq!(info.signal_dbm, Some(-52));
        assert_eq!(info.source.as_deref(), Some("nl80211"));
    }

    #[test]
    fn iw_not_connected_has_no_association() {
        let info = from_iw_link("wlan0", "Not connected.\n");
        assert_eq!((info.ssid, info.bssid), (None, None));
        assert_eq!(info.permission, SignalState::Available);
    }

    #[test]
    fn no_wireless_interface_is_unsupported() {
        assert_eq!(read(&[], None).permission, SignalState::Unsupported);
    }
}
