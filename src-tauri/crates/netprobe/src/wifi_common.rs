//! Pure helpers shared by the macOS (CoreWLAN) and Windows (WLAN API) Wi-Fi readers: channel number and band to
//! centre frequency, SSID bytes to text, BSSID octets to the lower-case colon form. No I/O; compiled on macOS,
//! Windows and in tests (so these run on Linux CI).

use crate::interfaces::format_mac;

/// The radio band a channel number belongs to; channel numbers alone are ambiguous (6 GHz reuses 1–233).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Band {
    /// 2.4 GHz (802.11b/g/n/ax).
    Ghz2_4,
    /// 5 GHz, including the 4.9 GHz channels 183–196 used in Japan.
    Ghz5,
    /// 6 GHz (Wi-Fi 6E and later). Only CoreWLAN names this band; the WLAN API gives an exact frequency instead.
    #[cfg_attr(windows, allow(dead_code))]
    Ghz6,
    /// The OS did not say; the channel number is read as 2.4 GHz (1–14) or 5 GHz (32–196).
    Unknown,
}

/// Centre frequency in MHz of `channel` in `band`, or `None` when the number is not a channel of that band.
pub(crate) fn channel_to_mhz(channel: u32, band: Band) -> Option<u32> {
    match band {
        Band::Ghz2_4 => match channel {
            1..=13 => Some(2407 + 5 * channel),
            14 => Some(2484),
            _ => None,
        },
        Band::Ghz5 => match channel {
            7..=177 => Some(5000 + 5 * channel),
            183..=196 => Some(4000 + 5 * channel),
            _ => None,
        },
        Band::Ghz6 => match channel {
            2 => Some(5935),
            1..=233 => Some(5950 + 5 * channel),
            _ => None,
        },
        Band::Unknown => match channel {
            1..=14 => channel_to_mhz(channel, Band::Ghz2_4),
            32..=196 => channel_to_mhz(channel, Band::Ghz5),
            _ => None,
        },
    }
}

/// An SSID as text (SSIDs are up to 32 arbitrary bytes; non-UTF-8 bytes become U+FFFD). Empty means hidden or
/// not associated: `None`.
pub(crate) fn ssid_from_bytes(bytes: &[u8]) -> Option<String> {
    let bytes = &bytes[..bytes.len().min(32)];
    Some(String::from_utf8_lossy(bytes).into_owned()).filter(|s| !s.is_empty())
}

/// A BSSID in lower-case colon form, or `None` for the all-zero address (not associated, or withheld).
pub(crate) fn bssid_from_octets(octets: &[u8; 6]) -> Option<String> {
    format_mac(octets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_point_four_ghz_channels() {
        assert_eq!(channel_to_mhz(1, Band::Ghz2_4), Some(2412));
        assert_eq!(channel_to_mhz(6, Band::Ghz2_4), Some(2437));
        assert_eq!(channel_to_mhz(13, Band::Ghz2_4), Some(2472));
        assert_eq!(channel_to_mhz(14, Band::Ghz2_4), Some(2484));
        assert_eq!(channel_to_mhz(36, Band::Ghz2_4), None);
        assert_eq!(channel_to_mhz(0, Band::Ghz2_4), None);
    }

    #[test]
    fn five_ghz_channels() {
        assert_eq!(channel_to_mhz(36, Band::Ghz5), Some(5180));
        assert_eq!(channel_to_mhz(100, Band::Ghz5), Some(5500));
        assert_eq!(channel_to_mhz(149, Band::Ghz5), Some(5745));
        assert_eq!(channel_to_mhz(165, Band::Ghz5), Some(5825));
        assert_eq!(channel_to_mhz(184, Band::Ghz5), Some(4920));
        assert_eq!(channel_to_mhz(6, Band::Ghz5), None);
    }

    #[test]
    fn six_ghz_channels() {
        assert_eq!(channel_to_mhz(1, Band::Ghz6), Some(5955));
        assert_eq!(channel_to_mhz(2, Band::Ghz6), Some(5935));
        assert_eq!(channel_to_mhz(37, Band::Ghz6), Some(6135));
        assert_eq!(channel_to_mhz(149, Band::Ghz6), Some(6695));
        assert_eq!(channel_to_mhz(233, Band::Ghz6), Some(7115));
        assert_eq!(channel_to_mhz(234, Band::Ghz6), None);
    }

    #[test]
    fn unknown_band_reads_legacy_channel_numbers() {
        assert_eq!(channel_to_mhz(11, Band::Unknown), Some(2462));
        assert_eq!(channel_to_mhz(44, Band::Unknown), Some(5220));
        assert_eq!(channel_to_mhz(20, Band::Unknown), None);
        assert_eq!(channel_to_mhz(0, Band::Unknown), None);
    }

    #[test]
    fn ssid_bytes_become_text() {
        assert_eq!(ssid_from_bytes(b"Office 5G").as_deref(), Some("Office 5G"));
        assert_eq!(ssid_from_bytes("Café".as_bytes()).as_deref(), Some("Café"));
        assert_eq!(ssid_from_bytes(&[0x41, 0xff, 0x42]).as_deref(), Some("A\u{fffd}B"));
        assert_eq!(ssid_from_bytes(b""), None);
    }

    #[test]
    fn ssid_is_at_most_32_bytes() {
        assert_eq!(ssid_from_bytes(&[b'x'; 40]).map(|s| s.len()), Some(32));
    }

    #[test]
    fn bssid_is_lower_case_colon_form() {
        assert_eq!(bssid_from_octets(&[0xA4, 0xC3, 0xF0, 0x01, 0x22, 0x33]).as_deref(), Some("a4:c3:f0:01:22:33"));
        assert_eq!(bssid_from_octets(&[0; 6]), None);
    }
}
