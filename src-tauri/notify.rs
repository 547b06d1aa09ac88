//! Desktop notifications from the shell. When the window is hidden in the tray and Locus needs the user to
//! confirm their location, a notification asks for it; clicking it brings the window forward, where the
//! confirmation dialog is waiting. After a 911 call the Kari's Law notification says that the call was placed,
//! with the callback number and the location sent; the core retries it when no notification service answers.
//! A machine without a notification service just logs that it could not show the confirm-location one.

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

/// Shows the Kari's Law notification after a 911 call (critical, it stays until dismissed); clicking it shows the
/// main window. Blocks until the notification service has taken it: the core calls it on its blocking pool.
pub(crate) fn show_emergency_call(app: &AppHandle, title: &str, body: &str) -> Result<(), String> {
    tracing::info!(title, "showing the emergency call notification");
    let shown = notify_rust::Notification::new()
        .appname("Locus")
        .summary(title)
        .body(body)
        .action("default", "Open Locus")
        .urgency(notify_rust::Urgency::Critical)
        .timeout(notify_rust::Timeout::Never)
        .show()
        .map_err(|err| format!("the desktop notification service did not take it: {err}"))?;
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let app = app.clone();
        let waiting = std::thread::Builder::new()
            .name("locus-notify-911".into())
            .spawn(move || shown.wait_for_action(|_action| crate::show_main_window(&app)));
        if let Err(err) = waiting {
            tracing::warn!(%err, "could not follow the emergency call notification");
        }
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let _ = (shown, app);
    Ok(())
}
