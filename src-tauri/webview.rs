//! Per-platform webview settings. On Linux the web UI runs lean: WebKitGTK draws it without GPU compositing
//! and without the DMA-BUF renderer, and JavaScriptCore interprets instead of compiling. The Locus UI is forms
//! and text, so none of that is visible, and together they save about 30 MB across the app's processes
//! (docs/BENCHMARKS.md); compositing off also avoids the blank-window bugs some GPU drivers have with WebKitGTK.
//! `LOCUS_WEBVIEW_GPU=1` keeps WebKitGTK's defaults.

use tauri::WebviewWindow;

/// What WebKitGTK and JavaScriptCore read from the environment, in the app and in the web and network processes
/// it starts. A value the user has set is kept.
#[cfg(target_os = "linux")]
const LEAN_WEBKIT_ENVIRONMENT: [(&str, &str); 3] = [
    // Paint in the web process with the CPU, not through a GL compositor thread and its textures.
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    // Without compositing the UI process has no DMA-BUF buffers to import.
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    // No JIT tiers: their compiler threads and executable memory cost more than the UI's scripts gain.
    ("JSC_useJIT", "0"),
];

fn gpu_requested() -> bool {
    std::env::var_os("LOCUS_WEBVIEW_GPU").is_some_and(|v| v == "1")
}

/// Puts `LEAN_WEBKIT_ENVIRONMENT` in this process's environment, which the WebKit processes inherit. The
/// settings must be in place before WebKit starts, and the environment may only be changed while one thread
/// runs, so this is the first thing `run` does.
#[allow(unsafe_code)] // `set_var`, on the only thread
pub(crate) fn prepare_environment() {
    #[cfg(target_os = "linux")]
    if !gpu_requested() {
        for (name, value) in LEAN_WEBKIT_ENVIRONMENT {
            if std::env::var_os(name).is_none() {
                // SAFETY: called at the top of `run`, straight from `main`, before Tauri, GTK, tokio or the logger
                // have started a thread, so nothing else can be reading the environment.
                unsafe { std::env::set_var(name, value) };
            }
        }
    }
}

/// Applies the settings to the main window's webview.
pub(crate) fn tune(window: &WebviewWindow) {
    if gpu_requested() {
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
