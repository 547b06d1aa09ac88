//! The tray icon: its tooltip (and, where tooltips are not shown, a menu line) always says E911 readiness.

use locus_core::Readiness;
use tauri::menu::{MenuBuilder, MenuItem, MenuItemBuilder};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{App, AppHandle, Manager, Wry};

const TRAY_ID: &str = "locus";
const SHOW: &str = "tray_show";
const TEST_EMERGENCY: &str = "tray_test_emergency_calling";
const QUIT: &str = "tray_quit";

/// The tray's readiness line, kept so it can be updated.
struct ReadinessItem(MenuItem<Wry>);

/// Creates the tray icon showing `readiness`.
pub(crate) fn install(app: &App, readiness: &Readiness) -> tauri::Result<()> {
    let status = MenuItemBuilder::with_id("tray_readiness", &readiness.summary).enabled(false).build(app)?;
    let menu = MenuBuilder::new(app)
        .item(&status)
        .separator()
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
