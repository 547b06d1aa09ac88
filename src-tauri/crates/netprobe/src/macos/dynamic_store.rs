//! SCDynamicStore notifications for what the routing socket does not report: Wi-Fi association (the per-interface
//! `AirPort` entity changes when the Mac joins, leaves or roams to another access point, even when no address or
//! route changes) and the primary service (`State:/Network/Global/IPv4` and `IPv6`). A thread owns the session
//! and runs its CFRunLoop in one-second slices until told to stop; the callback only nudges the watcher.
//! SystemConfiguration's C functions are `unsafe` in objc2, so this file allows `unsafe`; each block says why it
//! is sound. Compile-checked on Linux CI; not yet verified on hardware.
#![allow(unsafe_code)]

use crate::notify::Nudge;
use objc2_core_foundation::{CFArray, CFRunLoop, CFRunLoopRunResult, CFString, kCFRunLoopDefaultMode};
use objc2_system_configuration::{SCDynamicStore, SCDynamicStoreContext};
use std::ffi::c_void;
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender, SyncSender};
use std::time::Duration;

/// Keys whose change means the primary network service changed.
const KEYS: [&str; 2] = ["State:/Network/Global/IPv4", "State:/Network/Global/IPv6"];
/// regex(3) patterns: the Wi-Fi (historically "AirPort") state of any interface.
const PATTERNS: [&str; 1] = ["State:/Network/Interface/[^/]+/AirPort"];
/// How long `watch` waits for the thread to report that the session is set up.
const START_TIMEOUT: Duration = Duration::from_secs(2);

/// The running dynamic-store thread; dropping this stops it within a second.
#[derive(Debug)]
pub(crate) struct Watch {
    stop: Arc<AtomicBool>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Starts the thread and waits until the session is registered for notifications.
pub(crate) fn watch(nudges: &Sender<Nudge>) -> std::io::Result<Watch> {
    let watch = Watch { stop: Arc::new(AtomicBool::new(false)) };
    let (ready_tx, ready) = mpsc::sync_channel(1);
    let (sender, stop) = (nudges.clone(), Arc::clone(&watch.stop));
    std::thread::Builder::new().name("locus-scdynamicstore".into()).spawn(move || run(sender, &stop, &ready_tx))?;
    match ready.recv_timeout(START_TIMEOUT) {
        Ok(Ok(())) => Ok(watch),
        Ok(Err(reason)) => Err(std::io::Error::other(reason)),
        Err(_) => Err(std::io::Error::other("SCDynamicStore session did not start in time")),
    }
}

/// The thread: set up the session, report, run the loop, tear down.
fn run(nudges: Sender<Nudge>, stop: &AtomicBool, ready: &SyncSender<Result<(), &'static str>>) {
    // The callback's `info`: a pointer to this boxed sender, which outlives the session (released below first).
    let context_sender = Box::new(nudges);
    let mut context = SCDynamicStoreContext {
        version: 0,
        info: std::ptr::from_ref::<Sender<Nudge>>(&*context_sender).cast_mut().cast::<c_void>(),
        retain: None,
        release: None,
        copyDescription: None,
    };
    let name = CFString::from_static_str("Locus network watcher");
    // SAFETY: `on_change` has the documented SCDynamicStoreCallBack signature and only reads `info` as the sender
    // set above; `context` is a valid version-0 context that SystemConfiguration copies (no retain/release
    // callbacks, so it keeps the raw pointer, which stays valid until the session is released below).
    let Some(store) = (unsafe { SCDynamicStore::new(None, &name, Some(on_change), &raw mut context) }) else {
        let _ = ready.send(Err("SCDynamicStoreCreate failed"));
        return;
    };
    let keys = CFArray::from_retained_objects(&KEYS.map(CFString::from_static_str));
    let patterns = CFArray::from_retained_objects(&PATTERNS.map(CFString::from_static_str));
    // SAFETY: both arrays hold CFStrings, the element type SCDynamicStoreSetNotificationKeys documents.
    if !unsafe { store.set_notification_keys(Some(keys.as_opaque()), Some(patterns.as_opaque())) } {
        let _ = ready.send(Err("SCDynamicStoreSetNotificationKeys failed"));
        return;
    }
    let (Some(source), Some(run_loop)) = (SCDynamicStore::new_run_loop_source(None, &store, 0), CFRunLoop::current())
    else {
        let _ = ready.send(Err("no run loop source for the SCDynamicStore session"));
        return;
    };
    // SAFETY: reads an immutable constant that CoreFoundation exports and initialises before any code runs.
    let mode = unsafe { kCFRunLoopDefaultMode };
    run_loop.add_source(Some(&source), mode);
    let _ = ready.send(Ok(()));
    while !stop.load(Ordering::SeqCst) {
        // Callbacks run on this thread, inside this call.
        if CFRunLoop::run_in_mode(mode, 1.0, false) == CFRunLoopRunResult::Finished {
            break;
        }
    }
    run_loop.remove_source(Some(&source), mode);
    source.invalidate();
    drop(source);
    drop(store);
    drop(context_sender);
}

/// SCDynamicStoreCallBack: any watched key changed (an empty list means configd restarted; that counts too).
unsafe extern "C-unwind" fn on_change(_store: NonNull<SCDynamicStore>, _changed: NonNull<CFArray>, info: *mut c_void) {
    // SAFETY: `info` is the pointer `run` put in the context: a live `Sender<Nudge>` that is dropped only after
    // the session (and so every callback, which runs on `run`'s own thread) is gone.
    if let Some(nudges) = unsafe { info.cast::<Sender<Nudge>>().as_ref() } {
        let _ = nudges.send(Nudge::Changed);
    }
}
