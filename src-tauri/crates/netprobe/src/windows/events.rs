//! Which Windows notifications mean "re-read the network": WLAN events that change the association (connect,
//! disconnect, roam, radio or adapter coming and going — not scans or signal-quality updates), and the power event
//! sent on every resume. Pure, so it is unit-tested on every OS; the values come from wlanapi.h and winuser.h and
//! are checked against the `windows` crate's at compile time on Windows (`notify.rs`).

/// `WLAN_NOTIFICATION_SOURCE_ACM`: the auto-configuration module (connections).
pub(crate) const SOURCE_ACM: u32 = 0x08;
/// `WLAN_NOTIFICATION_SOURCE_MSM`: the media-specific module (association, roaming, radio).
pub(crate) const SOURCE_MSM: u32 = 0x10;

/// `wlan_notification_acm_connection_complete`.
pub(crate) const ACM_CONNECTION_COMPLETE: u32 = 10;
/// `wlan_notification_acm_interface_arrival`.
pub(crate) const ACM_INTERFACE_ARRIVAL: u32 = 13;
/// `wlan_notification_acm_interface_removal`.
pub(crate) const ACM_INTERFACE_REMOVAL: u32 = 14;
/// `wlan_notification_acm_disconnected`.
pub(crate) const ACM_DISCONNECTED: u32 = 21;
/// `wlan_notification_acm_scan_complete` (does not count).
pub(crate) const ACM_SCAN_COMPLETE: u32 = 7;

/// `wlan_notification_msm_connected`.
pub(crate) const MSM_CONNECTED: u32 = 4;
/// `wlan_notification_msm_roaming_end`: now on another access point (BSSID) of the same network.
pub(crate) const MSM_ROAMING_END: u32 = 6;
/// `wlan_notification_msm_radio_state_change`.
pub(crate) const MSM_RADIO_STATE_CHANGE: u32 = 7;
/// `wlan_notification_msm_signal_quality_change` (does not count).
pub(crate) const MSM_SIGNAL_QUALITY_CHANGE: u32 = 8;
/// `wlan_notification_msm_disconnected`.
pub(crate) const MSM_DISCONNECTED: u32 = 10;

/// `PBT_APMRESUMEAUTOMATIC`: sent on every resume from a low-power state.
pub(crate) const PBT_APMRESUMEAUTOMATIC: u32 = 18;

/// True when a WLAN notification from `source` with `code` may change the Wi-Fi association.
pub(crate) fn wlan_event_counts(source: u32, code: u32) -> bool {
    match source {
        SOURCE_ACM => {
            matches!(code, ACM_CONNECTION_COMPLETE | ACM_DISCONNECTED | ACM_INTERFACE_ARRIVAL | ACM_INTERFACE_REMOVAL)
        }
        SOURCE_MSM => matches!(code, MSM_CONNECTED | MSM_ROAMING_END | MSM_RADIO_STATE_CHANGE | MSM_DISCONNECTED),
        _ => false,
    }
}

/// True when a suspend/resume notification of `event` type says the machine resumed.
pub(crate) fn is_resume(event: u32) -> bool {
    event == PBT_APMRESUMEAUTOMATIC
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joining_leaving_and_roaming_count() {
        assert!(wlan_event_counts(SOURCE_ACM, ACM_CONNECTION_COMPLETE));
        assert!(wlan_event_counts(SOURCE_ACM, ACM_DISCONNECTED));
        assert!(wlan_event_counts(SOURCE_MSM, MSM_ROAMING_END));
        assert!(wlan_event_counts(SOURCE_MSM, MSM_RADIO_STATE_CHANGE));
        assert!(wlan_event_counts(SOURCE_ACM, ACM_INTERFACE_REMOVAL));
    }

    #[test]
    fn scans_and_signal_updates_do_not_count() {
        assert!(!wlan_event_counts(SOURCE_ACM, ACM_SCAN_COMPLETE));
        assert!(!wlan_event_counts(SOURCE_MSM, MSM_SIGNAL_QUALITY_CHANGE));
    }

    #[test]
    fn the_same_code_means_different_things_per_source() {
        // 7 is "scan complete" for ACM but "radio state changed" for MSM; 10 is "connected" vs "disconnected".
        assert!(!wlan_event_counts(SOURCE_ACM, 7));
        assert!(wlan_event_counts(SOURCE_MSM, 7));
        assert!(wlan_event_counts(SOURCE_ACM, 10) && wlan_event_counts(SOURCE_MSM, 10));
        assert!(!wlan_event_counts(0x04 /* ONEX */, ACM_CONNECTION_COMPLETE));
    }

    #[test]
    fn only_the_resume_event_is_a_resume() {
        assert!(is_resume(PBT_APMRESUMEAUTOMATIC));
        assert!(!is_resume(4 /* PBT_APMSUSPEND */));
        assert!(!is_resume(7 /* PBT_APMRESUMESUSPEND: follows the automatic one when a user is present */));
    }
}
