//! The WLAN API calls behind the Windows Wi-Fi reader: `WlanOpenHandle`, `WlanEnumInterfaces`,
//! `WlanQueryInterface` (current connection, channel number, RSSI) and `WlanGetNetworkBssList` (the connected
//! BSS's centre frequency), with every buffer released by `WlanFreeMemory` and the handle by `WlanCloseHandle`.
//! These are C functions, so this file allows `unsafe` (as does `notify.rs`); each block says why it is sound.
//! Only reads state: never scans or connects (`notify.rs` registers for notifications).
//! Compile-checked on Linux CI; not yet verified on hardware.
#![allow(unsafe_code)]

use super::wifi::{
    STATE_CONNECTED, WlanConnection, WlanInterface, choose_interface, from_connection, from_error, guid_string,
};
use crate::snapshot::WifiInfo;
use ::windows::Win32::Foundation::{ERROR_INVALID_DATA, ERROR_SUCCESS, HANDLE};
use ::windows::Win32::NetworkManagement::WiFi::{
    WLAN_API_VERSION_2_0, WLAN_BSS_ENTRY, WLAN_BSS_LIST, WLAN_CONNECTION_ATTRIBUTES, WLAN_INTERFACE_INFO,
    WLAN_INTERFACE_INFO_LIST, WLAN_INTF_OPCODE, WlanCloseHandle, WlanEnumInterfaces, WlanFreeMemory,
    WlanGetNetworkBssList, WlanOpenHandle, WlanQueryInterface, dot11_BSS_type_any, wlan_intf_opcode_channel_number,
    wlan_intf_opcode_current_connection, wlan_intf_opcode_rssi,
};
use ::windows::core::GUID;
use std::ffi::c_void;
use std::ptr::null_mut;

/// Reads the Wi-Fi association of the interface whose adapter name is `preferred`, or of the first connected
/// (else first) wireless interface.
pub(crate) fn read_wifi(preferred: Option<&str>) -> WifiInfo {
    let client = match Client::open() {
        Ok(client) => client,
        Err(code) => return from_error(code, None),
    };
    let interfaces = match client.interfaces() {
        Ok(interfaces) => interfaces,
        Err(code) => return from_error(code, None),
    };
    let listed: Vec<WlanInterface> = interfaces.iter().map(|(_, iface)| iface.clone()).collect();
    let Some(chosen) = choose_interface(&listed, preferred) else { return WifiInfo::default() };
    let Some((guid, _)) = interfaces.iter().find(|(_, iface)| iface.name == chosen.name) else {
        return WifiInfo::default();
    };
    let attributes = match client.query::<WLAN_CONNECTION_ATTRIBUTES>(guid, wlan_intf_opcode_current_connection) {
        Ok(attributes) => attributes,
        Err(code) => return from_error(code, Some(&chosen.name)),
    };
    let association = attributes.wlanAssociationAttributes;
    let ssid_len =
        usize::try_from(association.dot11Ssid.uSSIDLength).unwrap_or(0).min(association.dot11Ssid.ucSSID.len());
    let mut connection = WlanConnection {
        state: attributes.isState.0,
        ssid: association.dot11Ssid.ucSSID[..ssid_len].to_vec(),
        bssid: association.dot11Bssid,
        signal_quality: association.wlanSignalQuality,
        phy_type: association.dot11PhyType.0,
        ..WlanConnection::default()
    };
    if connection.state == STATE_CONNECTED {
        connection.channel = client.query::<u32>(guid, wlan_intf_opcode_channel_number).ok();
        connection.rssi_dbm = client.query::<i32>(guid, wlan_intf_opcode_rssi).ok();
        connection.center_frequency_khz = client.bss_center_frequency_khz(guid, &connection.bssid);
    }
    from_connection(&chosen.name, &connection)
}

/// An open WLAN API client handle, closed on drop.
struct Client(HANDLE);

impl Client {
    fn open() -> Result<Self, u32> {
        let mut negotiated = 0u32;
        let mut handle = HANDLE::default();
        // SAFETY: both out-pointers point to live locals; the reserved argument is null as required.
        let rc = unsafe { WlanOpenHandle(WLAN_API_VERSION_2_0, None, &raw mut negotiated, &raw mut handle) };
        if rc == ERROR_SUCCESS.0 { Ok(Self(handle)) } else { Err(rc) }
    }

    /// Every wireless interface, with its GUID.
    fn interfaces(&self) -> Result<Vec<(GUID, WlanInterface)>, u32> {
        let mut list: *mut WLAN_INTERFACE_INFO_LIST = null_mut();
        // SAFETY: `self.0` is an open handle; the out-pointer points to a live local; reserved is null.
        let rc = unsafe { WlanEnumInterfaces(self.0, None, &raw mut list) };
        let list = WlanMemory(list);
        if rc != ERROR_SUCCESS.0 {
            return Err(rc);
        }
        if list.0.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: on success `list.0` points to a WLAN_INTERFACE_INFO_LIST the API allocated: a header followed by
        // `dwNumberOfItems` entries (declared `[_; 1]` in C), all inside that allocation and alive until `list`
        // drops at the end of this function. The pointer to the entries is derived from the raw allocation
        // pointer, not from a reference to the one-element array, so it may cover all of them; we only read.
        let entries = unsafe {
            let count = (*list.0).dwNumberOfItems as usize;
            let first = (&raw const (*list.0).InterfaceInfo).cast::<WLAN_INTERFACE_INFO>();
            std::slice::from_raw_parts(first, count)
        };
        Ok(entries
            .iter()
            .map(|entry| {
                let g = entry.InterfaceGuid;
                let name = guid_string(g.data1, g.data2, g.data3, g.data4);
                (g, WlanInterface { name, connected: entry.isState.0 == STATE_CONNECTED })
            })
            .collect())
    }

    /// `WlanQueryInterface` for an opcode whose documented result type is `T`.
    fn query<T: Copy>(&self, guid: &GUID, opcode: WLAN_INTF_OPCODE) -> Result<T, u32> {
        let mut size = 0u32;
        let mut data: *mut c_void = null_mut();
        // SAFETY: `self.0` is an open handle and `guid` a live GUID; the out-pointers point to live locals;
        // reserved and the optional value-type out-pointer are null.
        let rc = unsafe { WlanQueryInterface(self.0, guid, opcode, None, &raw mut size, &raw mut data, None) };
        let data = WlanMemory(data.cast::<T>());
        if rc != ERROR_SUCCESS.0 {
            return Err(rc);
        }
        if data.0.is_null() || (size as usize) < size_of::<T>() {
            return Err(ERROR_INVALID_DATA.0);
        }
        // SAFETY: the API allocated at least `size_of::<T>()` bytes holding the opcode's documented type, which the
        // callers pass as `T` (all plain-data `Copy` types); `read_unaligned` makes no alignment assumption, and
        // the buffer is freed only after the copy, when `data` drops.
        Ok(unsafe { data.0.read_unaligned() })
    }

    /// The centre frequency (kHz) of the BSS with `bssid` in the interface's BSS list, if it is there.
    fn bss_center_frequency_khz(&self, guid: &GUID, bssid: &[u8; 6]) -> Option<u32> {
        let mut list: *mut WLAN_BSS_LIST = null_mut();
        // SAFETY: `self.0` is an open handle and `guid` a live GUID; with no SSID the BSS type and security flag are
        // ignored and every cached entry is returned; the out-pointer points to a live local; reserved is null.
        let rc = unsafe { WlanGetNetworkBssList(self.0, guid, None, dot11_BSS_type_any, false, None, &raw mut list) };
        let list = WlanMemory(list);
        if rc != ERROR_SUCCESS.0 || list.0.is_null() {
            return None;
        }
        // SAFETY: as for the interface list: a header followed by `dwNumberOfItems` entries inside one API
        // allocation that lives until `list` drops at the end of this function; read only. The one Rust `bool` in
        // an entry (`bInRegDomain`) is a C BOOLEAN the API sets to TRUE (1) or FALSE (0), both valid `bool`s.
        let entries = unsafe {
            let count = (*list.0).dwNumberOfItems as usize;
            let first = (&raw const (*list.0).wlanBssEntries).cast::<WLAN_BSS_ENTRY>();
            std::slice::from_raw_parts(first, count)
        };
        entries
            .iter()
            .find(|entry| entry.dot11Bssid == *bssid)
            .map(|entry| entry.ulChCenterFrequency)
            .filter(|f| *f > 0)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: the handle came from a successful `WlanOpenHandle` and is closed exactly once, here.
        let _ = unsafe { WlanCloseHandle(self.0, None) };
    }
}

/// A buffer the WLAN API allocated, released with `WlanFreeMemory` on drop.
struct WlanMemory<T>(*mut T);

impl<T> Drop for WlanMemory<T> {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer was returned by a WLAN API function, is freed exactly once, and nothing borrowed
            // from it outlives this value (the readers above copy out before it drops).
            unsafe { WlanFreeMemory(self.0.cast::<c_void>()) };
        }
    }
}
