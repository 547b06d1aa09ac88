//! The tray icon: its tooltip (and, where tooltips are not shown, a menu line) always says E911 readiness; its menu
//! dials 911 even with the window closed, and opens the emergency calling test.

use locus_core::Readiness;
use tauri::menu::{MenuBuilder, MenuItem, MenuItemBuilder};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{App, AppHandle, Manager, Wry};

const TRAY_ID: &str = "locus";
const SHOW: &str = "tray_show";
const TEST_EMERGENCY: &str = "tray_test_emergency_calling";
const CALL_911: &str = "tray_call_911";
const QUIT: &str = "tray_quit";

/// The tray's readiness line, kept so it can be updated.
struct ReadinessItem(MenuItem<Wry>);

/// Creates the tray icon showing `readiness`.
pub(crate) fn install(app: &App, readiness: &Readiness) -> tauri::Result<()> {
    let status = MenuItemBuilder::with_id("tray_readiness", &readiness.summary).enabled(false).build(app)?;
    let menu = MenuBuilder::new(app)
        .item(&status)
        .separator()
        .item(&MenuItemBuilder::with_id(CALL_911, "Call 911").build(app)?)
        .item(&MenuItemBuilder::with_id(SHOW, "Show Locus").build(app)?)
        .item(&MenuItemBuilder::with_id(TEST_EMERGENCY, crate::TEST_EMERGENCY_LABEL).build(app)?)
        .item(&MenuItemBuilder::with_id(QUIT, "Quit Locus").build(app)?)
        .build()?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID).menu(&menu).tooltip(tooltip(readiness));
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(crate::tray_badge::badged(icon, readiness.level));
    }
    builder
        .on_menu_event(|app, event| match event.id().as_ref() {
            SHOW => crate::show_main_window(app),
            TEST_EMERGENCY => crate::open_emergency_test(app),
            CALL_911 => call_911(app),
            QUIT => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                crate::show_main_window(tray.app_handle());
            }
        })
        .build(app)?;
    app.manage(ReadinessItem(status));
    Ok(())
}

/// Dials 911 at once from the tray — the window may be closed (S1) — then shows the window with the call.
fn call_911(app: &AppHandle) {
    if let Some(service) = app.try_state::<std::sync::Arc<locus_core::LocusService>>() {
        let service = std::sync::Arc::clone(&service);
        tauri::async_runtime::spawn(async move {
            if let Err(err) = service.place_call("911").await {
                tracing::error!(%err, "911 from the tray could not be placed");
            }
        });
    }
    crate::show_main_window(app);
}

/// Updates the tray tooltip and readiness line.
pub(crate) fn show_readiness(app: &AppHandle, readiness: &Readiness) {
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(tooltip(readiness)));
        if let Some(icon) = app.default_window_icon() {
            let _ = tray.set_icon(Some(crate::tray_badge::badged(icon, readiness.level)));
        }
    }
    if let Some(item) = app.try_state::<ReadinessItem>() {
        let _ = item.0.set_text(&readiness.summary);
    }
}

fn tooltip(readiness: &Readiness) -> String {
    format!("Locus — {}", readiness.summary)
}
