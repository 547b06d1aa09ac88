//! Windows change notifications, all delivered as callbacks on system thread-pool threads that only nudge the
//! watcher: IP Helper's `NotifyIpInterfaceChange`, `NotifyUnicastIpAddressChange` and `NotifyRouteChange2` (IPv4
//! and IPv6; required), the WLAN API's connection and roaming notifications (`WlanRegisterNotification`, best
//! effort: machines without the WLAN service have none), and `PowerRegisterSuspendResumeNotification` for resume
//! (best effort). Resume needs its own notification here because `Instant` keeps counting while Windows sleeps, so
//! the watcher's wall-clock check never fires on Windows. Dropping the `Subscription` cancels everything; both
//! `CancelMibChangeNotify2` and `WlanCloseHandle` are documented to wait for callbacks in progress, so the shared
//! sender is freed only after the last one. These are C functions, so this file allows `unsafe`; each block says
//! why it is sound. Compile-checked on Linux CI; not yet verified on hardware.
#![allow(unsafe_code)]

use super::events;
use crate::notify::Nudge;
use ::windows::Win32::Foundation::{ERROR_SUCCESS, HANDLE, WIN32_ERROR};
use ::windows::Win32::NetworkManagement::IpHelper::{
    CancelMibChangeNotify2, MIB_IPFORWARD_ROW2, MIB_IPINTERFACE_ROW, MIB_NOTIFICATION_TYPE, MIB_UNICASTIPADDRESS_ROW,
    NotifyIpInterfaceChange, NotifyRouteChange2, NotifyUnicastIpAddressChange,
};
use ::windows::Win32::NetworkManagement::WiFi::{
    L2_NOTIFICATION_DATA, WLAN_API_VERSION_2_0, WLAN_NOTIFICATION_SOURCE_ACM, WLAN_NOTIFICATION_SOURCE_MSM,
    WLAN_NOTIFICATION_SOURCE_NONE, WlanCloseHandle, WlanOpenHandle, WlanRegisterNotification,
    wlan_notification_acm_connection_complete, wlan_notification_acm_disconnected,
    wlan_notification_acm_interface_arrival, wlan_notification_acm_interface_removal,
    wlan_notification_acm_scan_complete, wlan_notification_msm_connected, wlan_notification_msm_disconnected,
    wlan_notification_msm_radio_state_change, wlan_notification_msm_roaming_end,
    wlan_notification_msm_signal_quality_change,
};
use ::windows::Win32::Networking::WinSock::AF_UNSPEC;
use ::windows::Win32::System::Power::{
    DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS, HPOWERNOTIFY, PowerRegisterSuspendResumeNotification,
    PowerUnregisterSuspendResumeNotification,
};
use ::windows::Win32::UI::WindowsAndMessaging::{DEVICE_NOTIFY_CALLBACK, PBT_APMRESUMEAUTOMATIC};
use std::ffi::c_void;
use std::ptr::null_mut;
use std::sync::Mutex;
use std::sync::mpsc::Sender;

// The values `events` decides on, checked against the SDK's definitions as the windows crate carries them.
const _: () = {
    assert!(events::SOURCE_ACM == WLAN_NOTIFICATION_SOURCE_ACM.0);
    assert!(events::SOURCE_MSM == WLAN_NOTIFICATION_SOURCE_MSM.0);
    assert!(events::ACM_CONNECTION_COMPLETE as i32 == wlan_notification_acm_connection_complete.0);
    assert!(events::ACM_INTERFACE_ARRIVAL as i32 == wlan_notification_acm_interface_arrival.0);
    assert!(events::ACM_INTERFACE_REMOVAL as i32 == wlan_notification_acm_interface_removal.0);
    assert!(events::ACM_DISCONNECTED as i32 == wlan_notification_acm_disconnected.0);
    assert!(events::ACM_SCAN_COMPLETE as i32 == wlan_notification_acm_scan_complete.0);
    assert!(events::MSM_CONNECTED as i32 == wlan_notification_msm_connected.0);
    assert!(events::MSM_ROAMING_END as i32 == wlan_notification_msm_roaming_end.0);
    assert!(events::MSM_RADIO_STATE_CHANGE as i32 == wlan_notification_msm_radio_state_change.0);
    assert!(events::MSM_SIGNAL_QUALITY_CHANGE as i32 == wlan_notification_msm_signal_quality_change.0);
    assert!(events::MSM_DISCONNECTED as i32 == wlan_notification_msm_disconnected.0);
    assert!(events::PBT_APMRESUMEAUTOMATIC == PBT_APMRESUMEAUTOMATIC);
};

/// Where the resume callback finds the watcher. Leaked on purpose (one small value per watcher): the power API
/// does not document that unregistering waits for a callback in progress, so this must outlive any such call.
type PowerSlot = Mutex<Option<Sender<Nudge>>>;

/// Every registration made; dropping it cancels them and frees the callbacks' sender.
#[derive(Debug)]
pub(crate) struct Subscription {
    /// A `Box<Sender<Nudge>>` turned into a raw pointer: the IP Helper and WLAN callbacks' context.
    sender: *mut Sender<Nudge>,
    ip_helper: Vec<HANDLE>,
    wlan: Option<HANDLE>,
    power: Option<(HPOWERNOTIFY, &'static PowerSlot)>,
}

// SAFETY: the handles are process-wide identifiers that the cancel/close functions accept from any thread, and
// `sender` points to a `Sender`, which is `Send + Sync`; nothing here is tied to the thread that registered.
unsafe impl Send for Subscription {}

/// Registers every notification. Fails only when the IP Helper registrations fail.
pub(crate) fn subscribe(nudges: &Sender<Nudge>) -> std::io::Result<Subscription> {
    let mut subscription = Subscription {
        sender: Box::into_raw(Box::new(nudges.clone())),
        ip_helper: Vec::with_capacity(3),
        wlan: None,
        power: None,
    };
    // Registered one by one into `subscription`, so an error part-way cancels what was made (on drop).
    subscription.register_ip_helper()?;
    match subscription.register_wlan() {
        Ok(handle) => subscription.wlan = Some(handle),
        Err(code) => tracing::info!(code, "no WLAN notifications (no WLAN service?); Wi-Fi roaming is polled"),
    }
    match register_power(nudges) {
        Ok(registration) => subscription.power = Some(registration),
        Err(code) => tracing::info!(code, "no suspend/resume notifications; resume is seen by the next re-read"),
    }
    Ok(subscription)
}

impl Subscription {
    fn context(&self) -> *const c_void {
        self.sender.cast_const().cast::<c_void>()
    }

    fn register_ip_helper(&mut self) -> std::io::Result<()> {
        let context = self.context();
        let mut handle = HANDLE::default();
        // SAFETY: `on_interface` has the documented PIPINTERFACE_CHANGE_CALLBACK signature; `context` stays valid
        // until this registration is cancelled (in drop, before it is freed); the out-pointer is a live local.
        let rc =
            unsafe { NotifyIpInterfaceChange(AF_UNSPEC, Some(on_interface), Some(context), false, &raw mut handle) };
        self.keep(rc, handle)?;
        let mut handle = HANDLE::default();
        // SAFETY: as above, with PUNICAST_IPADDRESS_CHANGE_CALLBACK.
        let rc =
            unsafe { NotifyUnicastIpAddressChange(AF_UNSPEC, Some(on_address), Some(context), false, &raw mut handle) };
        self.keep(rc, handle)?;
        let mut handle = HANDLE::default();
        // SAFETY: as above, with PIPFORWARD_CHANGE_CALLBACK.
        let rc = unsafe { NotifyRouteChange2(AF_UNSPEC, Some(on_route), context, false, &raw mut handle) };
        self.keep(rc, handle)
    }

    fn keep(&mut self, rc: WIN32_ERROR, handle: HANDLE) -> std::io::Result<()> {
        if rc != ERROR_SUCCESS {
            return Err(std::io::Error::from_raw_os_error(rc.0.cast_signed()));
        }
        self.ip_helper.push(handle);
        Ok(())
    }

    /// Opens a WLAN client handle and registers for connection and roaming notifications; the WLAN error code if not.
    fn register_wlan(&self) -> Result<HANDLE, u32> {
        let mut negotiated = 0u32;
        let mut handle = HANDLE::default();
        // SAFETY: both out-pointers point to live locals; the reserved argument is null as required.
        let rc = unsafe { WlanOpenHandle(WLAN_API_VERSION_2_0, None, &raw mut negotiated, &raw mut handle) };
        if rc != ERROR_SUCCESS.0 {
            return Err(rc);
        }
        let sources = WLAN_NOTIFICATION_SOURCE_ACM | WLAN_NOTIFICATION_SOURCE_MSM;
        // SAFETY: `handle` was just opened; `on_wlan` has the documented WLAN_NOTIFICATION_CALLBACK signature and
        // the context stays valid until the handle is closed (in drop, before it is freed); reserved is null.
        let rc =
            unsafe { WlanRegisterNotification(handle, sources, true, Some(on_wlan), Some(self.context()), None, None) };
        if rc != ERROR_SUCCESS.0 {
            // SAFETY: the handle came from the successful `WlanOpenHandle` above and is closed exactly once, here.
            let _ = unsafe { WlanCloseHandle(handle, None) };
            return Err(rc);
        }
        Ok(handle)
    }
}

/// Registers for suspend/resume notifications; the error code if not.
fn register_power(nudges: &Sender<Nudge>) -> Result<(HPOWERNOTIFY, &'static PowerSlot), u32> {
    let slot: &'static PowerSlot = Box::leak(Box::new(Mutex::new(Some(nudges.clone()))));
    // Leaked too: the documentation does not say whether the system copies it.
    let params: &'static mut DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS =
        Box::leak(Box::new(DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS {
            Callback: Some(on_power),
            Context: std::ptr::from_ref(slot).cast_mut().cast::<c_void>(),
        }));
    let mut registration: *mut c_void = null_mut();
    // SAFETY: with DEVICE_NOTIFY_CALLBACK the recipient is documented to be a DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS,
    // which this is, valid for the rest of the process; `on_power` has the documented callback signature and its
    // context, `slot`, is never freed; the out-pointer is a live local.
    let rc = unsafe {
        PowerRegisterSuspendResumeNotification(
            DEVICE_NOTIFY_CALLBACK,
            HANDLE(std::ptr::from_mut(params).cast::<c_void>()),
            &raw mut registration,
        )
    };
    if rc != ERROR_SUCCESS {
        release(slot);
        return Err(rc.0);
    }
    Ok((HPOWERNOTIFY(registration as isize), slot))
}

/// Drops the sender in a power slot, so that the channel does not stay open because of it.
fn release(slot: &PowerSlot) {
    if let Ok(mut sender) = slot.lock() {
        sender.take();
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        for handle in self.ip_helper.drain(..) {
            // SAFETY: the handle came from a successful IP Helper registration and is cancelled exactly once, from
            // the watcher's thread, never from a callback (which would deadlock, as documented).
            let _ = unsafe { CancelMibChangeNotify2(handle) };
        }
        if let Some(handle) = self.wlan.take() {
            // SAFETY: the handle is open; unregistering with NONE and closing it are the documented teardown, and
            // neither runs inside a WLAN callback.
            unsafe {
                let _ = WlanRegisterNotification(handle, WLAN_NOTIFICATION_SOURCE_NONE, true, None, None, None, None);
                let _ = WlanCloseHandle(handle, None);
            }
        }
        if let Some((registration, slot)) = self.power.take() {
            // SAFETY: the registration came from a successful PowerRegisterSuspendResumeNotification and is
            // unregistered exactly once; its context (`slot`) is never freed.
            let _ = unsafe { PowerUnregisterSuspendResumeNotification(registration) };
            release(slot);
        }
        // SAFETY: `sender` came from `Box::into_raw` in `subscribe` and is freed exactly once, here. Every
        // callback that could read it is gone: the IP Helper registrations were cancelled and the WLAN handle
        // closed above, and both calls wait for callbacks in progress before returning.
        drop(unsafe { Box::from_raw(self.sender) });
    }
}

/// Sends one nudge through the IP Helper/WLAN context.
///
/// # Safety
/// `context` must be null or the `Sender<Nudge>` a live `Subscription` owns.
unsafe fn nudge(context: *const c_void) {
    // SAFETY: guaranteed by the caller; `Sender` is `Sync`, so concurrent callbacks may share it.
    if let Some(nudges) = unsafe { context.cast::<Sender<Nudge>>().as_ref() } {
        let _ = nudges.send(Nudge::Changed);
    }
}

/// PIPINTERFACE_CHANGE_CALLBACK: an interface's IP parameters (including its connected state) changed.
unsafe extern "system" fn on_interface(
    context: *const c_void,
    _: *const MIB_IPINTERFACE_ROW,
    _: MIB_NOTIFICATION_TYPE,
) {
    // SAFETY: the context registered in `register_ip_helper`, alive until the registration is cancelled.
    unsafe { nudge(context) }
}

/// PUNICAST_IPADDRESS_CHANGE_CALLBACK: a unicast address was added, removed or changed.
unsafe extern "system" fn on_address(
    context: *const c_void,
    _: *const MIB_UNICASTIPADDRESS_ROW,
    _: MIB_NOTIFICATION_TYPE,
) {
    // SAFETY: as in `on_interface`.
    unsafe { nudge(context) }
}

/// PIPFORWARD_CHANGE_CALLBACK: a route was added, removed or changed.
unsafe extern "system" fn on_route(context: *const c_void, _: *const MIB_IPFORWARD_ROW2, _: MIB_NOTIFICATION_TYPE) {
    // SAFETY: as in `on_interface`.
    unsafe { nudge(context) }
}

/// WLAN_NOTIFICATION_CALLBACK: nudges for the events `events::wlan_event_counts` accepts.
unsafe extern "system" fn on_wlan(data: *mut L2_NOTIFICATION_DATA, context: *mut c_void) {
    // SAFETY: the WLAN service passes a notification that is valid for the duration of the call (or null).
    let Some(data) = (unsafe { data.as_ref() }) else { return };
    if events::wlan_event_counts(data.NotificationSource.0, data.NotificationCode) {
        // SAFETY: the context registered in `register_wlan`, alive until the WLAN handle is closed.
        unsafe { nudge(context.cast_const()) }
    }
}

/// PDEVICE_NOTIFY_CALLBACK_ROUTINE: tells the watcher about a resume.
unsafe extern "system" fn on_power(context: *const c_void, event: u32, _setting: *const c_void) -> u32 {
    if events::is_resume(event) {
        // SAFETY: the context is the leaked `'static` slot registered in `register_power`.
        if let Some(slot) = unsafe { context.cast::<PowerSlot>().as_ref() }
            && let Ok(sender) = slot.lock()
            && let Some(nudges) = sender.as_ref()
        {
            let _ = nudges.send(Nudge::Resumed);
        }
    }
    ERROR_SUCCESS.0
}
