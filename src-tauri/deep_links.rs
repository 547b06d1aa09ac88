//! `tel:` and `sip:` links the OS hands to Locus — the single argument of a launch on Linux and Windows (a second
//! launch forwards it to the running one), an Apple event on macOS — passed to the service's dialer, and the
//! window brought forward. Registration as the handler comes from the installers (`plugins.deep-link` in
//! `tauri.conf.json`); Locus does not take the handler over at run time.

use locus_core::LocusService;
use std::sync::Arc;
use tauri_plugin_deep_link::DeepLinkExt;

/// Sends the link Locus was started with, and every later one, to the dialer.
pub(crate) fn install(app: &tauri::App, service: &Arc<LocusService>) {
    let handle = app.handle().clone();
    let later = Arc::clone(service);
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            open(&later, &handle, url.as_str());
        }
    });
    match app.deep_link().get_current() {
        Ok(Some(urls)) => {
            for url in urls {
                open(service, app.handle(), url.as_str());
            }
        }
        Ok(None) => {}
        Err(err) => tracing::warn!(%err, "could not read the link Locus was started with"),
    }
}

fn open(service: &LocusService, app: &tauri::AppHandle, link: &str) {
    match service.open_dial_link(link) {
        Ok(_) => crate::show_main_window(app),
        Err(err) => tracing::warn!(%link, %err, "a link could not be opened in the dialer"),
    }
}
