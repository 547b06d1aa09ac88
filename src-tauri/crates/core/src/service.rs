//! `LocusService`: the application service every host drives. It opens the store, keeps the latest network
//! snapshot, location and readiness, and tells the host when they change. Business rules live in the engine
//! crates and in pure modules here (`readiness`, `locating`); this file only wires them together.

mod account_desk;
mod call_log;
mod calls;
mod carrier_desk;
mod carrier_update;
mod dial_links;
mod emergency;
mod incoming;
mod kari;
mod locations;
mod map_delivery;
mod maps;
mod psap_callback;
mod readback_memory;
mod registrations;
mod settings_watch;
mod sound_desk;
mod transfers;

pub use calls::DEFAULT_TEST_NUMBER;
pub use emergency::{CallSound, DialOptions, PlacedCall};
pub use map_delivery::SourceCheck;
pub use maps::MapOutcome;

use crate::events::Event;
use crate::ipc::StatusReport;
use crate::locating::LocateReport;
use crate::{Config, ConfigLoad, CoreError, Host, LocusPaths, Readiness, assess_readiness};
use locus_location::matcher::{Cidr, RuleIndex};
use locus_location::{AuditEntry, AuditLog, AuditVerification, NewAuditEntry, Places, Store};
use locus_netprobe::fingerprint::{MaterialKey, StrongIdentifiers, fingerprint_id};
use locus_netprobe::watch::{ChangeReason, WatchSettings};
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
    install_key: Vec<u8>,
    places: Places,
    /// Compiled rules and trusted IPs, rebuilt when rules change.
    rules: RwLock<Option<Arc<CompiledRules>>>,
    /// Bumped by every invalidation of `rules`, so a load that straddled one is not cached.
    rules_generation: std::sync::atomic::AtomicU64,
    /// The user said "I'm somewhere else" on the current network.
    user_moved: std::sync::atomic::AtomicBool,
    state: RwLock<LiveState>,
    policy: crate::PolicyLoad,
    confirm_policy: RwLock<locus_location::confirmation::ConfirmPolicy>,
    map_apply: tokio::sync::Mutex<()>,
    /// Location updates run one at a time, from reading the network to publishing (see `relocate`).
    relocating: tokio::sync::Mutex<()>,
    map_check_now: Arc<tokio::sync::Notify>,
    /// Where SIP passwords are kept (the OS keychain).
    secrets: Arc<dyn crate::secrets::SecretStore>,
    /// One running registration per account.
    registrations: std::sync::Mutex<Vec<locus_sip::RegistrationHandle>>,
    /// The emergency plan, kept current in memory for the moment someone dials 911.
    emergency: Arc<emergency::EmergencyDesk>,
    /// The calls being followed for the window.
    calls: calls::CallBoard,
    /// Finished calls, in the SQLite store.
    history: locus_location::CallHistory,
    /// Start and answer times of the calls not yet in the history.
    open_calls: call_log::OpenCalls,
    /// Each account's latest registration state, for the Accounts screen.
    registration_statuses: Arc<account_desk::RegistrationStatuses>,
    /// The last `tel:`/`sip:` link opened, until the window takes it.
    pending_link: std::sync::Mutex<Option<crate::dial_link::DialLink>>,
    /// What the readback test last tested and suggested (loaded on first use).
    readback_memory: tokio::sync::Mutex<Option<readback_memory::ReadbackMemory>>,
    /// Kari's Law notification jobs still running.
    kari: kari::PendingNotifications,
    /// The carrier update after the last confirmation, while it runs.
    carrier_updates: carrier_update::CarrierUpdates,
    /// This service, for the tasks it starts on its own (the carrier update).
    me: std::sync::Weak<LocusService>,
    /// Incoming calls ringing, waiting for the user.
    ringing: incoming::RingingCalls,
    /// When the last 911 call left, for the PSAP callback window.
    last_emergency_call: psap_callback::LastEmergencyCall,
    /// The microphone and speaker the next call uses (the saved choice; changed from the Sound settings).
    audio_choice: std::sync::RwLock<crate::AudioConfig>,
}

/// The matcher's rule index and the trusted public IP ranges, compiled together from the store.
#[derive(Debug)]
pub(crate) struct CompiledRules {
    pub(crate) index: RuleIndex,
    pub(crate) trusted: Vec<Cidr>,
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
    locate: LocateReport,
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
        let policy = crate::ManagedPolicy::load(&paths);
        let store = Store::open(&paths.database_file()).await?;
        let audit = AuditLog::new(store.clone());
        let history = locus_location::CallHistory::new(store.clone());
        let install_key = crate::install_key::load_or_create(&paths)?;
        let mut network = take_snapshot(&source).await?;
        network.fingerprint_id = fingerprint_id(&install_key, &StrongIdentifiers::of(&network));
        let places = Places::new(store.clone());
        let readiness = assess_readiness(network.has_network(), false);
        let locate = LocateReport::unknown(&network);
        let state = RwLock::new(LiveState { network, readiness, locate });
        let config_audio = config.config.audio.clone();
        let service = Arc::new_cyclic(|me| Self {
            me: me.clone(),
            carrier_updates: Default::default(),
            paths,
            config,
            store,
            audit,
            source,
            host,
            install_key,
            places,
            rules: RwLock::new(None),
            rules_generation: std::sync::atomic::AtomicU64::new(0),
            user_moved: std::sync::atomic::AtomicBool::new(false),
            state,
            policy,
            confirm_policy: RwLock::new(Default::default()),
            map_apply: tokio::sync::Mutex::new(()),
            relocating: tokio::sync::Mutex::new(()),
            map_check_now: Arc::new(tokio::sync::Notify::new()),
            secrets: Arc::new(crate::secrets::OsKeychain::new()),
            registrations: std::sync::Mutex::new(Vec::new()),
            emergency: Arc::default(),
            calls: Default::default(),
            history,
            open_calls: Default::default(),
            pending_link: Default::default(),
            registration_statuses: Default::default(),
            readback_memory: Default::default(),
            kari: kari::PendingNotifications::default(),
            ringing: incoming::RingingCalls::default(),
            last_emergency_call: psap_callback::LastEmergencyCall::default(),
            audio_choice: std::sync::RwLock::new(config_audio),
        });
        service.refresh_confirm_policy().await;
        // The account first, so the first readiness is judged with it (not as red "no account").
        service.load_emergency_account().await;
        service.relocate(false).await?;
        service.prepare_emergency().await;
        service.suggest_test_if_changed().await;
        Ok(service)
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
            readiness: self.emergency.readiness().unwrap_or(state.readiness),
            network: state.network,
            location: state.locate,
            paths: self.paths.clone(),
            config: self.config.clone(),
            audit_entries,
            emergency_plan: self.emergency_plan(),
            test_suggestion: self.test_suggestion().await,
        })
    }

    /// The latest network snapshot.
    pub async fn network(&self) -> NetworkSnapshot {
        self.state.read().await.network.clone()
    }

    /// The current readiness: the emergency plan's when there is an account, else from the network and location.
    pub async fn readiness(&self) -> Readiness {
        let published = self.state.read().await.readiness.clone();
        self.emergency.readiness().unwrap_or(published)
    }

    /// Publishes the emergency plan's readiness if it differs from what the host last heard (after the account
    /// or its E911 settings change).
    pub(crate) async fn publish_plan_readiness(&self) {
        let readiness = match self.emergency.readiness() {
            Some(readiness) => readiness,
            // No plan (the last account went): red "no account", with the network and location behind it.
            None => {
                let state = self.state.read().await;
                assess_readiness(state.network.has_network(), state.locate.is_resolved())
            }
        };
        {
            let mut state = self.state.write().await;
            if state.readiness == readiness {
                return;
            }
            state.readiness = readiness.clone();
        }
        self.host.emit(&Event::ReadinessChanged(readiness));
    }

    /// Takes a new snapshot now and applies it (emitting `NetworkChanged` if it changed materially).
    /// Returns the snapshot in force.
    pub async fn refresh_network(&self) -> Result<NetworkSnapshot, CoreError> {
        let snapshot = take_snapshot(&self.source).await?;
        Ok(self.apply_snapshot(snapshot, ChangeReason::Changed).await)
    }

    /// Learns the public egress IP from the configured STUN server (at most 1 s, off the calling thread) and,
    /// if it changed, re-resolves the location. Does nothing when no server is configured.
    pub async fn refresh_public_ip(&self) {
        let network = self.config().network.clone();
        if network.public_ip_https.is_none() && network.public_ip_stun.is_none() {
            return;
        }
        let mut public_ip = None;
        if let Some(url) = &network.public_ip_https {
            match locus_netprobe::public_ip::https_public_ip(url, Duration::from_secs(2)).await {
                Ok(ip) => public_ip = Some(ip),
                Err(err) => tracing::info!(%err, "public IP lookup over HTTPS failed"),
            }
        }
        if let (None, Some(server)) = (public_ip, network.public_ip_stun.clone()) {
            let lookup = tokio::task::spawn_blocking(move || {
                locus_netprobe::public_ip::stun_public_ip(&server, Duration::from_secs(1))
            });
            match lookup.await {
                Ok(Ok(ip)) => public_ip = Some(ip),
                Ok(Err(err)) => tracing::info!(%err, "public IP lookup over STUN failed"),
                Err(err) => tracing::warn!(%err, "public IP lookup task failed"),
            }
        }
        match public_ip {
            Some(ip) => tracing::info!(%ip, "public IP learned"),
            None => tracing::info!("no public IP learned; subnet rules stay untrusted"),
        }
        let public_ip = public_ip.map(|ip| ip.to_string());
        let changed = {
            let mut state = self.state.write().await;
            let changed = state.network.public_ip != public_ip;
            state.network.public_ip = public_ip;
            changed
        };
        // On failure `relocate` has already dropped the place in force (it may have come from a trust-gated rule).
        if changed && let Err(err) = self.relocate(true).await {
            tracing::error!(%err, "could not resolve the location after the public IP changed");
        }
    }

    /// Stores a new snapshot (with its fingerprint id) and tells the host: `NetworkChanged` when it differs
    /// materially from the one in force or the machine just resumed; then the location is re-resolved, which
    /// emits the location and readiness events.
    async fn apply_snapshot(&self, mut snapshot: NetworkSnapshot, reason: ChangeReason) -> NetworkSnapshot {
        snapshot.fingerprint_id = fingerprint_id(&self.install_key, &StrongIdentifiers::of(&snapshot));
        let changed = {
            let mut state = self.state.write().await;
            let material = MaterialKey::of(&state.network) != MaterialKey::of(&snapshot);
            if !material {
                snapshot.public_ip = state.network.public_ip.clone();
            }
            state.network = snapshot.clone();
            material || reason == ChangeReason::Resumed
        };
        if changed {
            self.user_moved.store(false, std::sync::atomic::Ordering::SeqCst);
            self.host.emit(&Event::NetworkChanged(Box::new(snapshot.clone())));
            // A new network is a good moment to look for a newer IT map (the office may publish one).
            self.map_check_now.notify_waiters();
            // Registrations were bound to the old network's address: start them over now.
            self.register_again();
            // The new network's DNS may answer differently (or not at all): look the 911 next hop up again now.
            self.resolve_emergency_next_hop_soon();
            // On failure `relocate` has already dropped the previous network's place: not confirmed, no PIDF-LO.
            if let Err(err) = self.relocate(true).await {
                tracing::error!(%err, "could not resolve the location after a network change");
            }
        }
        snapshot
    }

    /// Every audit entry, in chain order (for export).
    pub async fn audit_entries(&self) -> Result<Vec<AuditEntry>, CoreError> {
        Ok(self.audit.entries().await?)
    }

    /// Walks the audit chain.
    pub async fn verify_audit_log(&self) -> Result<AuditVerification, CoreError> {
        Ok(self.audit.verify().await?)
    }

    /// Watches the network until the service is dropped: OS change notifications (netlink on Linux),
    /// debounced, with a periodic re-read as the safety net (`network.refresh_seconds`). The host spawns this
    /// future on its runtime; material changes reach the host as `NetworkChanged`.
    pub fn watch_network(self: &Arc<Self>) -> impl std::future::Future<Output = ()> + Send + 'static {
        let weak = Arc::downgrade(self);
        let source = Arc::clone(&self.source);
        let settings = WatchSettings {
            debounce: Duration::from_millis(u64::from(self.config().network.debounce_ms)),
            poll_every: Duration::from_secs(u64::from(self.config().network.refresh_seconds)),
        };
        async move {
            let (tx, mut changes) = tokio::sync::mpsc::unbounded_channel();
            let baseline = match weak.upgrade() {
                Some(service) => service.network().await,
                None => return,
            };
            let handle = locus_netprobe::watch::watch(source, settings, &baseline, move |snapshot, reason| {
                let _ = tx.send((snapshot, reason));
            });
            let _handle = match handle {
                Ok(handle) => handle,
                Err(err) => {
                    tracing::error!(%err, "could not watch the network");
                    return;
                }
            };
            if let Some(service) = weak.upgrade() {
                service.refresh_public_ip().await;
            }
            while let Some((snapshot, reason)) = changes.recv().await {
                let Some(service) = weak.upgrade() else { break };
                tracing::info!(?reason, fingerprint = ?snapshot.fingerprint_id, "network changed");
                service.apply_snapshot(snapshot, reason).await;
                // The location is already resolved without it; the public IP can only add trust-gated rules.
                tokio::spawn(async move { service.refresh_public_ip().await });
            }
        }
    }

    /// Unregisters every SIP account, then closes the database cleanly.
    pub async fn shutdown(&self) {
        self.stop_registrations().await;
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
