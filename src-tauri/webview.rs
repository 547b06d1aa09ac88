//! Per-platform webview settings. On Linux, WebKitGTK's GPU compositing is turned off: the Locus UI is forms
//! and text, software rendering draws it in well under a frame, and it saves about 75 MB in the web process
//! (docs/BENCHMARKS.md) and avoids the blank-window bugs some GPU drivers have with WebKitGTK.
//! `LOCUS_WEBVIEW_GPU=1` turns it back on.

use tauri::WebviewWindow;

/// Applies the settings to the main window's webview.
pub(crate) fn tune(window: &WebviewWindow) {
    if std::env::var_os("LOCUS_WEBVIEW_GPU").is_some_and(|v| v == "1") {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let result = window.with_webview(|webview| {
            use webkit2gtk::{CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt};
            let view = webview.inner();
            if let Some(settings) = view.settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                settings.set_enable_page_cache(false);
            }
            // An app, not a browser: no back/forward or resource caches sized for browsing.
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if let Err(err) = result {
            tracing::warn!(%err, "could not tune the webview");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
