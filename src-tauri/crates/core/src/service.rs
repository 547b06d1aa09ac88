//! `LocusService`: the application service every host drives. It opens the store, keeps the latest network
//! snapshot and readiness, and tells the host when they change. Business rules live in the engine crates and
//! in pure modules here (`readiness`); this file only wires them together.

use crate::events::Event;
use crate::ipc::StatusReport;
use crate::{Config, ConfigLoad, CoreError, Host, LocusPaths, Readiness, assess_readiness};
use locus_location::{AuditEntry, AuditLog, AuditVerification, NewAuditEntry, Store};
use locus_netprobe::{NetworkSnapshot, SnapshotSource};
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::RwLock;

/// The running application service.
pub struct LocusService {
    paths: LocusPaths,
    config: ConfigLoad,
    store: Store,
    audit: AuditLog,
    source: Arc<dyn SnapshotSource>,
    host: Arc<dyn Host>,
    state: RwLock<LiveState>,
}

impl std::fmt::Debug for LocusService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocusService").field("paths", &self.paths).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
struct LiveState {
    network: NetworkSnapshot,
    readiness: Readiness,
}

impl LocusService {
    /// Creates the directories, loads the configuration, opens and migrates the database and takes the first
    /// network snapshot.
    pub async fn open(
        paths: LocusPaths,
        source: Arc<dyn SnapshotSource>,
        host: Arc<dyn Host>,
    ) -> Result<Arc<Self>, CoreError> {
        paths.create_all()?;
        let config = Config::load(&paths)?;
        let store = Store::open(&paths.database_file()).await?;
        let audit = AuditLog::new(store.clone());
        let network = take_snapshot(&source).await?;
        let readiness = assess_readiness(network.has_network(), false);
        let state = RwLock::new(LiveState { network, readiness });
        Ok(Arc::new(Self { paths, config, store, audit, source, host, state }))
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config.config
    }

    /// Where files live.
    pub fn paths(&self) -> &LocusPaths {
        &self.paths
    }

    /// Records that the desktop app started, in the audit log.
    pub async fn record_app_started(&self, at: OffsetDateTime) -> Result<AuditEntry, CoreError> {
        let payload = serde_json::json!({ "version": env!("CARGO_PKG_VERSION") });
        let entry = NewAuditEntry { kind: "app.started".into(), actor: "system".into(), payload };
        Ok(self.audit.append(entry, at).await?)
    }

    /// Everything the status screen shows.
    pub async fn status(&self) -> Result<StatusReport, CoreError> {
        let state = self.state.read().await.clone();
        let audit_entries = self.audit.count().await?;
        Ok(StatusReport {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            readiness: state.readiness,
            network: state.network,
            paths: self.paths.clone(),
            config: self.config.clone(),
            audit_entries,
        })
    }

    /// The latest network snapshot.
    pub async fn network(&self) -> NetworkSnapshot {
        self.state.read().await.network.clone()
    }

    /// The current readiness.
    pub async fn readiness(&self) -> Readiness {
        self.state.read().await.readiness.clone()
    }

    /// Takes a new snapshot; if it differs, stores it and emits `NetworkChanged` (and `ReadinessChanged` when
    /// the readiness changes too). Returns the snapshot in force.
    pub async fn refresh_network(&self) -> Result<NetworkSnapshot, CoreError> {
        let snapshot = take_snapshot(&self.source).await?;
        let mut events = Vec::new();
        {
            let mut state = self.state.write().await;
            if state.network != snapshot {
                state.network = snapshot.clone();
                events.push(Event::NetworkChanged(snapshot.clone()));
                let readiness = assess_readiness(snapshot.has_network(), false);
                if readiness != state.readiness {
                    state.readiness = readiness.clone();
                    events.push(Event::ReadinessChanged(readiness));
                }
            }
        }
        for event in &events {
            self.host.emit(event);
        }
        Ok(snapshot)
    }

    /// Walks the audit chain.
    pub async fn verify_audit_log(&self) -> Result<AuditVerification, CoreError> {
        Ok(self.audit.verify().await?)
    }

    /// Re-reads the network every `network.refresh_seconds` until the service is dropped; the host spawns
    /// it on its runtime. The OS change notifications of the fingerprint engine replace this polling; it stays
    /// as the safety net.
    pub fn watch_network(self: &Arc<Self>) -> impl std::future::Future<Output = ()> + Send + 'static {
        let weak = Arc::downgrade(self);
        let period = Duration::from_secs(u64::from(self.config().network.refresh_seconds));
        async move {
            let mut ticker = tokio::time::interval(period);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                let Some(service) = weak.upgrade() else { break };
                if let Err(err) = service.refresh_network().await {
                    tracing::warn!(%err, "network refresh failed");
                }
            }
        }
    }

    /// Closes the database cleanly.
    pub async fn shutdown(&self) {
        self.store.close().await;
    }
}

async fn take_snapshot(source: &Arc<dyn SnapshotSource>) -> Result<NetworkSnapshot, CoreError> {
    let source = Arc::clone(source);
    tokio::task::spawn_blocking(move || source.snapshot())
        .await
        .map_err(|e| CoreError::Internal(format!("network probe task failed: {e}")))?
        .map_err(CoreError::from)
}
