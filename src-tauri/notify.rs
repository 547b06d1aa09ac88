//! Desktop notifications from the shell. When the window is hidden in the tray and Locus needs the user to
//! confirm their location, a notification asks for it; clicking it brings the window forward, where the
//! confirmation dialog is waiting. A machine without a notification service just logs that it could not show one.

use tauri::{AppHandle, Manager};

/// Asks the user to confirm their location, unless the main window is already visible.
pub(crate) fn ask_to_confirm_location(app: &AppHandle) {
    let visible = app.get_webview_window(crate::MAIN_WINDOW).and_then(|w| w.is_visible().ok()).unwrap_or(false);
    if visible {
        tracing::debug!("window visible: the dialog asks, no notification needed");
        return;
    }
    notify_confirm_location(app);
}

/// Shows the confirm-location notification; clicking it shows the main window (where the dialog waits).
pub(crate) fn notify_confirm_location(app: &AppHandle) {
    tracing::info!("asking for location confirmation with a desktop notification");
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("locus-notify".into()).spawn(move || {
        let shown = notify_rust::Notification::new()
            .appname("Locus")
            .summary("Confirm your location")
            .body("You're on a network Locus doesn't know. E911 is not armed until you confirm where you are.")
            .action("default", "Confirm location")
            .urgency(notify_rust::Urgency::Critical)
            .show();
        match shown {
            #[cfg(all(unix, not(target_os = "macos")))]
            Ok(handle) => handle.wait_for_action(|_action| crate::show_main_window(&app)),
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            Ok(_) => crate::show_main_window(&app),
            Err(err) => tracing::warn!(%err, "could not show the confirm-location notification"),
        }
    });
    if let Err(err) = spawned {
        tracing::warn!(%err, "could not start the notification thread");
    }
}
