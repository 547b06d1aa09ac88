//! Watching the settings files (`accounts.json`, `e911.json`) for edits made outside the window — `locusctl
//! e911 set`, IT tooling, a text editor — so the running app registers, and plans 911, with what is on disk rather
//! than what it read at start. Our own saves are recognised and not applied twice.

use super::LocusService;
use super::emergency::settings_files;
use crate::delivery::folder;
use std::sync::Arc;
use std::time::Duration;

/// The files watched, in the config folder.
const SETTINGS_FILES: [&str; 2] = ["accounts.json", "e911.json"];

/// Quiet time after the last file event before the files are read (an editor's save is several events).
const SETTLE: Duration = Duration::from_millis(300);

impl LocusService {
    /// Keeps watching the settings files until the service is dropped. Spawn it once.
    pub fn watch_settings(self: &Arc<Self>) -> impl std::future::Future<Output = ()> + Send + 'static {
        let weak = Arc::downgrade(self);
        let dir = self.paths.config_dir.clone();
        async move {
            let (tx, mut changes) = tokio::sync::mpsc::unbounded_channel();
            let _watcher = match folder::watch(&dir, &SETTINGS_FILES, tx) {
                Ok(watcher) => watcher,
                Err(err) => {
                    tracing::error!(%err, "settings files not watched: edits outside the window apply at the next start");
                    return;
                }
            };
            while changes.recv().await.is_some() {
                while tokio::time::timeout(SETTLE, changes.recv()).await.is_ok_and(|e| e.is_some()) {}
                let Some(service) = weak.upgrade() else { return };
                service.apply_settings_if_edited().await;
            }
        }
    }

    /// Records what the settings files hold now as acted on: called after the service writes them itself (an
    /// account saved from the window), so the watcher does not register everything a second time.
    pub(crate) fn settings_applied(&self) {
        self.emergency.settings_applied(settings_files(&self.paths));
    }

    /// When the settings files differ from what the plan was prepared from: registers again and recomputes the
    /// emergency plan, as saving an account from the window does. Files with errors keep the last good settings
    /// in force (and say so in the log and readiness), as at any other time.
    pub(crate) async fn apply_settings_if_edited(self: &Arc<Self>) {
        if !self.emergency.settings_edited_since(&settings_files(&self.paths)) {
            return;
        }
        tracing::info!("settings files edited outside the window: registering again and recomputing the 911 plan");
        self.start_registrations().await;
        self.prepare_emergency().await;
    }
}
