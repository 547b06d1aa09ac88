//! The Locus desktop shell: a thin Tauri host over `locus-core`. It creates the window, the app menu and the
//! tray, forwards IPC commands and events, and enforces a single instance. No business logic lives here.

mod call_notice;
mod commands;
mod deep_links;
mod host;
mod menu;
mod notify;
mod tray;
mod tray_badge;
mod webview;

use locus_core::{LocusPaths, LocusService, SystemSource};
use std::sync::Arc;
use tauri::{Manager, WindowEvent};

/// The label of the main window.
pub const MAIN_WINDOW: &str = "main";

/// When `run` started, for the first-paint measurement.
pub(crate) static LAUNCHED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Runs the desktop app until the user quits.
pub fn run() {
    webview::prepare_environment();
    LAUNCHED.get_or_init(std::time::Instant::now);
    let paths = match LocusPaths::from_env() {
        Ok(paths) => paths,
        Err(err) => {
            eprintln!("locus: {err}");
            std::process::exit(2);
        }
    };
    let _logging = match locus_core::init_logging(&paths, true) {
        Ok(guard) => Some(guard),
        Err(err) => {
            eprintln!("locus: logging disabled: {err}");
            None
        }
    };
    tracing::info!(version = env!("CARGO_PKG_VERSION"), ?paths, "Locus starting");

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| show_main_window(app)))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            commands::get_status,
            commands::get_network,
            commands::refresh_network,
            commands::verify_audit_log,
            commands::report_first_paint,
            commands::locate,
            commands::confirm_location,
            commands::report_moved,
            commands::list_locations,
            commands::update_location,
            commands::delete_location,
            commands::validate_address,
            commands::map_status,
            commands::check_maps,
            commands::emergency_plan,
            commands::check_number,
            commands::dial,
            commands::hang_up,
            commands::hold_call,
            commands::resume_call,
            commands::answer_call,
            commands::decline_call,
            commands::mute_call,
            commands::send_dtmf,
            commands::transfer_call,
            commands::list_accounts,
            commands::validate_account,
            commands::test_account,
            commands::save_account,
            commands::remove_account,
            commands::list_calls,
            commands::call_history,
            commands::recent_numbers,
            commands::redial,
            commands::clear_call_history,
            commands::audio_devices,
            commands::choose_audio_devices,
            commands::open_dial_link,
            commands::take_dial_link,
            commands::start_test_call,
            commands::answer_test_call,
            commands::dismiss_test_suggestion,
            commands::carrier_overview,
            commands::sync_carrier,
            commands::accept_carrier_suggestion,
            commands::decline_carrier_suggestions,
        ])
        .setup(move |app| {
            let host = Arc::new(host::TauriHost::new(app.handle().clone()));
            let service = tauri::async_runtime::block_on(LocusService::open(
                paths.clone(),
                Arc::new(SystemSource::default()),
                host.clone(),
            ))?;
            tauri::async_runtime::block_on(service.record_app_started(time::OffsetDateTime::now_utc()))?;
            if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
                webview::tune(&window);
            }
            menu::install(app)?;
            let readiness = tauri::async_runtime::block_on(service.readiness());
            tray::install(app, &readiness)?;
            if let (true, Some(window)) = (service.config().ui.start_hidden, app.get_webview_window(MAIN_WINDOW)) {
                window.hide()?;
            }
            // Launched hidden (in the tray) on a network that needs confirming: ask through a notification.
            let located = tauri::async_runtime::block_on(service.locate());
            if service.config().ui.start_hidden
                && matches!(located.state, locus_location::confirmation::LocationState::ConfirmRequired { .. })
            {
                notify::notify_confirm_location(app.handle());
            }
            deep_links::install(app, &service);
            tauri::async_runtime::spawn(service.watch_network());
            tauri::async_runtime::spawn(service.watch_maps());
            tauri::async_runtime::spawn(service.watch_settings());
            let registering = Arc::clone(&service);
            tauri::async_runtime::spawn(async move { registering.start_registrations().await });
            app.manage(service);
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps Locus running in the tray: a softphone must stay reachable, and 911
            // must stay one click away. Quit is in the app menu and the tray menu.
            if let WindowEvent::CloseRequested { api, .. } = event
                && window.label() == MAIN_WINDOW
            {
                api.prevent_close();
                let _ = window.hide();
            }
        })
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(err) = result {
        tracing::error!(%err, "Locus stopped with an error");
        eprintln!("locus: {err}");
        std::process::exit(1);
    }
}

/// Brings the main window to the front (from the tray, a second launch, or a notification).
/// The app-menu and tray item that opens the 933 readback test.
pub(crate) const TEST_EMERGENCY_LABEL: &str = "Test emergency calling…";

/// Shows the window and asks the UI to open the readback test (the same event the tests send).
pub(crate) fn open_emergency_test(app: &tauri::AppHandle) {
    show_main_window(app);
    use tauri::Emitter;
    if let Err(err) = app.emit(locus_core::events::EVENT_CHANNEL, &locus_core::events::Event::TestCallRequested) {
        tracing::warn!(%err, "could not ask the window to open the emergency calling test");
    }
}

pub(crate) fn show_main_window<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}
