//! The native app menu: About, Test emergency calling…, Open logs folder, Quit.

use locus_core::LocusService;
use std::sync::Arc;
use tauri::menu::{AboutMetadataBuilder, MenuBuilder, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder};
use tauri::{App, AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

const OPEN_LOGS: &str = "open_logs";
const TEST_EMERGENCY: &str = "test_emergency_calling";
const QUIT: &str = "quit";

/// Builds the menu and handles its items.
pub(crate) fn install(app: &App) -> tauri::Result<()> {
    let about = AboutMetadataBuilder::new()
        .name(Some("Locus"))
        .version(Some(env!("CARGO_PKG_VERSION")))
        .comments(Some("A desktop softphone with dynamic E911"))
        .license(Some("Apache-2.0"))
        .build();
    let locus = SubmenuBuilder::new(app, "Locus")
        .item(&PredefinedMenuItem::about(app, Some("About Locus"), Some(about))?)
        .separator()
        .item(&MenuItemBuilder::with_id(TEST_EMERGENCY, crate::TEST_EMERGENCY_LABEL).build(app)?)
        .item(&MenuItemBuilder::with_id(OPEN_LOGS, "Open logs folder").build(app)?)
        .separator()
        .item(&MenuItemBuilder::with_id(QUIT, "Quit Locus").accelerator("CmdOrCtrl+Q").build(app)?)
        .build()?;
    let menu = MenuBuilder::new(app).item(&locus).build()?;
    app.set_menu(menu)?;
    app.on_menu_event(|app, event| match event.id().as_ref() {
        OPEN_LOGS => open_logs_folder(app),
        TEST_EMERGENCY => crate::open_emergency_test(app),
        QUIT => app.exit(0),
        _ => {}
    });
    Ok(())
}

fn open_logs_folder(app: &AppHandle) {
    let Some(service) = app.try_state::<Arc<LocusService>>() else { return };
    let dir = service.paths().log_dir.display().to_string();
    if let Err(err) = app.opener().open_path(dir, None::<&str>) {
        tracing::warn!(%err, "could not open the logs folder");
    }
}
