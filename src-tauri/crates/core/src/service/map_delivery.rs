//! Driving map delivery for the service: check each policy URL and the drop folder, record what each source
//! did (for the Organization panel), and keep watching — URLs on a jittered schedule and after every network
//! change, the folder on file-system events.

use super::LocusService;
use super::maps::MapOutcome;
use crate::delivery::folder::{self, Dropped};
use crate::delivery::http::{Fetched, MapFetcher};
use crate::delivery::schedule;
use crate::policy::MapUrl;
use locus_location::MapSourceStatus;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Quiet time after the last file event before the drop folder is read.
const FOLDER_SETTLE: Duration = Duration::from_millis(300);

/// What one check of one source found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceCheck {
    /// The server said 304, or the folder holds the map already processed.
    Unchanged,
    /// The drop folder holds no map.
    Empty,
    /// A map was delivered; what became of it.
    Delivered(MapOutcome),
    /// The source could not be read (HTTP error, timeout, TLS, unreadable file).
    Failed(String),
}

impl LocusService {
    /// Checks every source in the managed policy once, in order: URLs, then the drop folder.
    pub async fn check_maps_now(&self) -> Vec<(String, SourceCheck)> {
        let mut results = Vec::new();
        for source in self.policy.policy.maps.urls.clone() {
            let check = self.check_map_url(&source).await;
            results.push((source.url, check));
        }
        if let Some(folder) = self.policy.policy.maps.drop_folder.clone() {
            let check = self.check_drop_folder(&folder).await;
            results.push((folder.display().to_string(), check));
        }
        results
    }

    /// Fetches one URL (conditionally) and applies what it serves.
    pub async fn check_map_url(&self, source: &MapUrl) -> SourceCheck {
        let mut status = self.source_status(&source.url).await;
        let maps = &self.policy.policy.maps;
        let timeout = Duration::from_secs(u64::from(maps.timeout_seconds));
        let fetched = match MapFetcher::new(source.ca_file.as_deref(), timeout, maps.max_bytes) {
            Ok(fetcher) => fetcher.fetch(&source.url, status.etag.as_deref()).await,
            Err(err) => Err(err),
        };
        let check = match fetched {
            Ok(Fetched::NotModified) => SourceCheck::Unchanged,
            Ok(Fetched::Map { body, signature, etag }) => {
                status.etag = etag;
                self.deliver(&mut status, &source.url, body, &signature).await
            }
            Err(err) => SourceCheck::Failed(err),
        };
        self.finish_check(status, &check).await;
        check
    }

    /// Reads the drop folder (once its files have settled) and applies what it holds.
    pub async fn check_drop_folder(&self, folder: &std::path::Path) -> SourceCheck {
        let source = folder.display().to_string();
        let mut status = self.source_status(&source).await;
        let check = match folder::read_settled(folder, FOLDER_SETTLE).await {
            Ok(None) => SourceCheck::Empty,
            Ok(Some(Dropped { path, body, signature })) => {
                self.deliver(&mut status, &path.display().to_string(), body, &signature).await
            }
            Err(err) => SourceCheck::Failed(err),
        };
        self.finish_check(status, &check).await;
        check
    }

    /// Keeps watching every source in the policy until the service is dropped. Spawn it once.
    pub fn watch_maps(self: &Arc<Self>) -> impl std::future::Future<Output = ()> + Send + 'static {
        let weak = Arc::downgrade(self);
        let urls = self.policy.policy.maps.urls.clone();
        let folder = self.policy.policy.maps.drop_folder.clone();
        let interval = Duration::from_secs(60 * u64::from(self.policy.policy.maps.poll_minutes));
        async move {
            let mut tasks = tokio::task::JoinSet::new();
            for source in urls {
                let weak = weak.clone();
                tasks.spawn(async move {
                    let mut failures = 0u32;
                    loop {
                        let Some(service) = weak.upgrade() else { return };
                        match service.check_map_url(&source).await {
                            SourceCheck::Failed(_) => failures += 1,
                            _ => failures = 0,
                        }
                        let wait = schedule::next_check(interval, failures, schedule::random_unit());
                        let wake = Arc::clone(&service.map_check_now);
                        drop(service);
                        let woken = wake.notified();
                        tokio::select! {
                            () = tokio::time::sleep(wait) => {}
                            () = woken => {}
                        }
                    }
                });
            }
            if let Some(folder) = folder {
                let weak = weak.clone();
                tasks.spawn(async move {
                    let (tx, mut changes) = tokio::sync::mpsc::unbounded_channel();
                    let _watcher = match folder::watch(&folder, &folder::MAP_FILES, tx) {
                        Ok(watcher) => Some(watcher),
                        Err(err) => {
                            tracing::error!(%err, "drop folder not watched");
                            None
                        }
                    };
                    loop {
                        let Some(service) = weak.upgrade() else { return };
                        service.check_drop_folder(&folder).await;
                        drop(service);
                        if changes.recv().await.is_none() {
                            return;
                        }
                        // Let a burst of events (a copy, a rename) finish before reading.
                        while tokio::time::timeout(FOLDER_SETTLE, changes.recv()).await.is_ok_and(|e| e.is_some()) {}
                    }
                });
            }
            while tasks.join_next().await.is_some() {}
        }
    }

    async fn deliver(&self, status: &mut MapSourceStatus, source: &str, body: Vec<u8>, signature: &str) -> SourceCheck {
        let sha256 = hex::encode(Sha256::digest(&body));
        if status.last_sha256.as_deref() == Some(sha256.as_str()) && status.last_error.is_some() {
            // The same bytes were refused before: say so again without a new audit entry per poll.
            return SourceCheck::Failed(status.last_error.clone().unwrap_or_default());
        }
        status.last_sha256 = Some(sha256);
        SourceCheck::Delivered(self.apply_map(source, body, signature, OffsetDateTime::now_utc()).await)
    }

    async fn source_status(&self, source: &str) -> MapSourceStatus {
        let known = self.places.map_sources().await.unwrap_or_default();
        known
            .into_iter()
            .find(|s| s.source == source)
            .unwrap_or_else(|| MapSourceStatus { source: source.to_owned(), ..MapSourceStatus::default() })
    }

    async fn finish_check(&self, mut status: MapSourceStatus, check: &SourceCheck) {
        let now = OffsetDateTime::now_utc().format(&Rfc3339).ok();
        status.last_check.clone_from(&now);
        let error = match check {
            SourceCheck::Failed(err) => Some(err.clone()),
            SourceCheck::Delivered(MapOutcome::Rejected(rejection)) => Some(format!(
                "map rejected: {}",
                rejection
                    .errors
                    .iter()
                    .take(3)
                    .map(|e| format!("{} {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            _ => None,
        };
        if error.is_none() {
            status.last_success = now;
        }
        if let SourceCheck::Failed(err) = check {
            tracing::warn!(source = %status.source, %err, "map source check failed");
        }
        status.last_error = error;
        if let Err(err) = self.places.save_map_source(&status).await {
            tracing::error!(%err, "could not record the map source status");
        }
    }
}
