//! Emergency calling in the running service. The plan for a 911 call (caller-ID DID, headers, PIDF-LO) is
//! recomputed whenever the location, the network, a registration or the E911 settings change, and kept in
//! memory; dialing 911 only classifies the number, reads that plan and sends the INVITE (S1, S4). The database,
//! the keychain and the files are never touched between dial and INVITE; the audit entry and the event follow it.

use super::LocusService;
use crate::CoreError;
use crate::accounts::AccountBook;
use crate::e911_book::E911Book;
use crate::events::{EmergencyCallRef, Event};
use crate::locating::LocateReport;
use locus_emergency::{
    CarrierUpdateState, CurrentLocation, DialClassification, DialPlanConfig, E911Settings, EmergencyPlan, PlanInputs,
    PlanSummary, Readiness, RegistrationState, classify, compute_plan,
};
use locus_location::NewAuditEntry;
use locus_sip::media::CallAudio;
use locus_sip::{Account, Call, CallOptions, CallRequest};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// How long an emergency INVITE may go unheard (not even 100 Trying) before the same INVITE is sent over the
/// next transport: a next hop answers 100 Trying within a round trip, so two seconds of silence means this
/// transport is not getting through.
const EMERGENCY_FAILOVER_AFTER: Duration = Duration::from_secs(2);

/// How old the plan may be when 911 is dialed before it is recomputed first. Its PIDF-LO says when the location
/// was current (`dm:timestamp`) and may be kept for 24 hours (`retention-expiry`): a plan computed days ago, on a
/// network that never changed, would send a location its recipient must discard as expired. Recomputing is
/// in memory and takes microseconds, so it does not delay the INVITE (S1).
const PLAN_MAX_AGE: time::Duration = time::Duration::hours(1);

/// How long resolving the emergency next hop ahead of time may take.
const NEXT_HOP_LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// What the plan is computed from that changes rarely: the emergency account, its password and E911 settings,
/// and the dial plan. Read from files and the keychain when they change, never at dial time.
#[derive(Debug)]
struct EmergencyAccount {
    account: Account,
    password: String,
    settings: E911Settings,
}

/// The plan in force and what it was computed from.
#[derive(Debug, Default)]
struct DeskState {
    account: Option<Arc<EmergencyAccount>>,
    dial_plan: DialPlanConfig,
    location: Option<CurrentLocation>,
    has_network: bool,
    registrations: HashMap<String, RegistrationState>,
    plan: Option<Arc<EmergencyPlan>>,
    device_id: Option<String>,
    /// Carrier update: where bringing the carrier's record to the confirmed place stands (`None`: not started).
    carrier: Option<CarrierUpdateState>,
    /// What the settings files held when the plan last read them, so an edit from outside can be told apart.
    prepared_from: Option<SettingsFiles>,
    /// The emergency account's next hop, resolved ahead of time, with the account it was resolved for.
    next_hop: Option<(Account, SocketAddr)>,
}

/// The bytes of `accounts.json` and `e911.json` (empty when missing): small files, compared whole.
pub(crate) type SettingsFiles = (Vec<u8>, Vec<u8>);

/// What the settings files the plan is prepared from hold now.
pub(crate) fn settings_files(paths: &crate::LocusPaths) -> SettingsFiles {
    let read = |path: std::path::PathBuf| std::fs::read(path).unwrap_or_default();
    (read(AccountBook::file(paths)), read(E911Book::file(paths)))
}

/// The emergency desk: the in-memory plan and its inputs, shared with the registration callbacks.
#[derive(Debug, Default)]
pub(crate) struct EmergencyDesk {
    state: Mutex<DeskState>,
}

impl EmergencyDesk {
    fn with_state<T>(&self, change: impl FnOnce(&mut DeskState) -> T) -> T {
        change(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// A registration's new state; the plan follows. Returns the plan's readiness when it changed.
    pub(crate) fn set_registration(&self, account_id: &str, registered: Option<bool>) -> Option<Readiness> {
        let state = match registered {
            Some(true) => RegistrationState::Registered,
            Some(false) => RegistrationState::Failed,
            None => RegistrationState::Unknown,
        };
        self.with_state(|desk| {
            if desk.registrations.insert(account_id.to_owned(), state) == Some(state) {
                return None;
            }
            desk.replan_reporting_readiness()
        })
    }

    /// Where the carrier update for the confirmed place stands; the plan follows. Returns the plan's readiness
    /// when it changed.
    pub(crate) fn set_carrier_state(&self, state: Option<CarrierUpdateState>) -> Option<Readiness> {
        self.with_state(|desk| {
            if desk.carrier == state {
                return None;
            }
            desk.carrier = state;
            desk.replan_reporting_readiness()
        })
    }

    /// The plan's readiness (callback number, location, registration and carrier together); `None` without an
    /// account, when only the network and the location can be judged.
    pub(crate) fn readiness(&self) -> Option<Readiness> {
        self.with_state(|desk| desk.plan.as_ref().map(|plan| plan.readiness().clone()))
    }

    /// The location in force (or none) and whether there is a network; the plan follows.
    pub(crate) fn set_location(&self, report: &LocateReport, has_network: bool) {
        let location = report.location.as_ref().map(|location| CurrentLocation {
            location_id: location.id.clone(),
            label: location.label.clone(),
            address: location.address.clone(),
            how_obtained: report.how_obtained.unwrap_or(locus_location::matcher::HowObtained::UserConfirmed),
            confirmed: report.is_resolved(),
        });
        self.with_state(|desk| {
            if desk.location != location || desk.has_network != has_network {
                desk.location = location;
                desk.has_network = has_network;
                desk.replan(OffsetDateTime::now_utc());
            }
        });
    }

    fn set_account(&self, account: Option<EmergencyAccount>, dial_plan: DialPlanConfig, device_id: String) {
        self.with_state(|desk| {
            desk.account = account.map(Arc::new);
            desk.dial_plan = dial_plan;
            desk.device_id = Some(device_id);
            desk.replan(OffsetDateTime::now_utc());
        });
    }

    /// The next hop resolved ahead of time for `account`, if it was resolved for exactly these settings.
    fn known_next_hop(&self, account: &Account) -> Option<SocketAddr> {
        self.with_state(|desk| desk.next_hop.as_ref().filter(|(for_account, _)| for_account == account).map(|h| h.1))
    }

    /// Records `account`'s next hop, resolved ahead of time.
    fn set_next_hop(&self, account: Account, next_hop: SocketAddr) {
        self.with_state(|desk| desk.next_hop = Some((account, next_hop)));
    }

    /// Records `files` as what the settings files held when last acted on.
    pub(crate) fn settings_applied(&self, files: SettingsFiles) {
        self.with_state(|desk| desk.prepared_from = Some(files));
    }

    /// Whether the settings files hold something else than when the plan last read them.
    pub(crate) fn settings_edited_since(&self, now: &SettingsFiles) -> bool {
        self.with_state(|desk| desk.prepared_from.as_ref() != Some(now))
    }

    fn snapshot(&self) -> (Option<Arc<EmergencyAccount>>, Option<Arc<EmergencyPlan>>, DialPlanConfig) {
        self.with_state(|desk| (desk.account.clone(), desk.plan.clone(), desk.dial_plan.clone()))
    }

    /// `snapshot` for a call dialed at `now`, the plan first recomputed if it is older than `PLAN_MAX_AGE`.
    fn snapshot_for_call(
        &self,
        now: OffsetDateTime,
    ) -> (Option<Arc<EmergencyAccount>>, Option<Arc<EmergencyPlan>>, DialPlanConfig) {
        self.with_state(|desk| {
            if desk.plan.as_ref().is_some_and(|plan| now - plan.computed_at() > PLAN_MAX_AGE) {
                desk.replan(now);
            }
            (desk.account.clone(), desk.plan.clone(), desk.dial_plan.clone())
        })
    }
}

impl DeskState {
    /// Recomputes the plan now; returns its readiness when that changed.
    fn replan_reporting_readiness(&mut self) -> Option<Readiness> {
        let before = self.plan.as_ref().map(|plan| plan.readiness().clone());
        self.replan(OffsetDateTime::now_utc());
        let after = self.plan.as_ref().map(|plan| plan.readiness().clone());
        if before != after { after } else { None }
    }

    fn replan(&mut self, now: OffsetDateTime) {
        let Some(emergency) = self.account.clone() else {
            self.plan = None;
            return;
        };
        let account = &emergency.account;
        let inputs = PlanInputs {
            account_id: &account.id,
            sip_user: &account.user,
            sip_domain: &account.domain,
            account_caller_id: &account.caller_id,
            settings: &emergency.settings,
            location: self.location.as_ref(),
            has_network: self.has_network,
            registration: self.registrations.get(&account.id).copied().unwrap_or(RegistrationState::Unknown),
            carrier: self.carrier,
            device_id: self.device_id.as_deref(),
            now,
        };
        self.plan = Some(Arc::new(compute_plan(&inputs)));
    }
}

/// How to place a call.
#[derive(Debug, Clone, Default)]
pub struct DialOptions {
    /// The account for a non-emergency call; the first account when `None`. Emergency calls always use the
    /// emergency account (the first).
    pub account_id: Option<String>,
    /// Audio to send (8 kHz mono), with `CallSound::File`.
    pub play: Vec<i16>,
    /// Where the call's sound comes from and goes.
    pub sound: CallSound,
}

/// A call's sound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CallSound {
    /// `DialOptions::play`, then silence; what comes back is recorded (`locusctl call`, tests).
    #[default]
    File,
    /// The computer's microphone and speaker (the window's calls); `record` also keeps what is heard.
    Devices {
        /// Keep what is heard too (the 933 readback test).
        record: bool,
    },
}

/// A call that has been placed: its INVITE is on the wire.
#[derive(Debug)]
pub struct PlacedCall {
    /// The call, for its events and to hang up.
    pub call: Call,
    /// What the dialed string was.
    pub classification: DialClassification,
    /// For emergency and test calls: the callback number and location sent.
    pub emergency: Option<EmergencyCallRef>,
    /// From dial to the INVITE handed to the transport.
    pub dial_to_invite: Duration,
}

impl LocusService {
    /// Reads the emergency account (the first account), its password and E911 settings, and the dial plan, and
    /// recomputes the plan. Runs at start and whenever accounts or E911 settings change — never at dial time.
    pub async fn prepare_emergency(&self) {
        self.emergency.settings_applied(settings_files(&self.paths));
        if self.load_emergency_account().await {
            self.publish_plan_readiness().await;
        }
        self.resolve_emergency_next_hop_soon();
    }

    /// Resolves the emergency account's next hop (its registrar or outbound proxy) in the background, so that
    /// dialing 911 never waits for a name lookup, nor fails on one that a new network's DNS cannot answer (S1).
    /// Runs when the account changes and when the network does; a failed lookup keeps the last address.
    pub(crate) fn resolve_emergency_next_hop_soon(&self) {
        let Some(service) = self.me.upgrade() else { return };
        let Some(emergency) = self.emergency.snapshot().0 else { return };
        tokio::spawn(async move {
            let account = emergency.account.clone();
            match locus_sip::resolve_next_hop(&account, NEXT_HOP_LOOKUP_TIMEOUT).await {
                Ok(next_hop) => {
                    tracing::debug!(%next_hop, account = %account.id, "emergency next hop resolved ahead of time");
                    service.emergency.set_next_hop(account, next_hop);
                }
                Err(err) => {
                    tracing::warn!(%err, "the emergency next hop could not be resolved; the last address stays")
                }
            }
        });
    }

    /// Reads the emergency account, its E911 settings and the dial plan into the plan, without telling anyone;
    /// false (and the last good inputs kept) when the settings cannot be read.
    pub(crate) async fn load_emergency_account(&self) -> bool {
        let (account, dial_plan) = match self.emergency_account().await {
            Ok(found) => found,
            Err(err) => {
                tracing::error!(%err, "E911 settings could not be read; the plan keeps its last good inputs");
                return false;
            }
        };
        let device_id = format!("urn:locus:device:{}", hex::encode(&self.install_key[..8.min(self.install_key.len())]));
        self.emergency.set_account(account, dial_plan, device_id);
        true
    }

    async fn emergency_account(&self) -> Result<(Option<EmergencyAccount>, DialPlanConfig), CoreError> {
        let accounts = AccountBook::load(&self.paths)?;
        let e911 = match E911Book::load(&self.paths) {
            Ok(book) => book,
            // Starting with E911 settings that cannot be read: there are no last good ones, and refusing 911
            // would be worse than sending it without them. The account dials with its own caller ID, readiness
            // is red ("no E911 DID": use another phone) and the error names the file until it is fixed.
            Err(err) if self.emergency.snapshot().0.is_none() => {
                tracing::error!(%err, "E911 settings could not be read; 911 goes out on the account alone until they are fixed");
                E911Book::default()
            }
            Err(err) => return Err(err),
        };
        let prefixes = self.policy.policy.dial.outside_line_prefixes.clone();
        let dial_plan = DialPlanConfig::for_accounts(prefixes, e911.accounts.values());
        let Some(account) = accounts.accounts.first().cloned() else { return Ok((None, dial_plan)) };
        // No stored password still dials: an unauthenticated emergency INVITE is what some carriers expect.
        let password = self.sip_password(&account.id).await.unwrap_or_default();
        let settings = e911.accounts.get(&account.id).cloned().unwrap_or_default();
        Ok((Some(EmergencyAccount { account, password, settings }), dial_plan))
    }

    /// How the dial plan in force classifies `text`.
    pub(crate) fn classify(&self, text: &str) -> DialClassification {
        classify(text, &self.emergency.snapshot().2)
    }

    /// The emergency plan in force, for people and the UI; `None` without an account.
    pub fn emergency_plan(&self) -> Option<PlanSummary> {
        self.emergency.snapshot().1.map(|plan| plan.summary())
    }

    /// Dials `number`. 911, 933 and test numbers go out at once on the precomputed emergency plan, whatever the
    /// location, registration or database state (S1); everything else uses the chosen account.
    pub async fn dial(&self, number: &str, options: DialOptions) -> Result<PlacedCall, CoreError> {
        let started = Instant::now();
        let (emergency_account, plan, dial_plan) = self.emergency.snapshot_for_call(OffsetDateTime::now_utc());
        let classification = classify(number, &dial_plan);
        if classification.takes_emergency_path() {
            let (Some(emergency_account), Some(plan)) = (emergency_account, plan) else {
                return Err(CoreError::NoAccount(
                    "no SIP account is set up, so this app cannot call 911: use another phone".into(),
                ));
            };
            let audio = self.call_audio(options.sound, options.play);
            return self.dial_emergency(classification, &emergency_account, plan, audio, started).await;
        }
        if self.policy.policy.dial.emergency_only {
            return Err(CoreError::Refused(
                "your organisation's policy allows only emergency calls from Locus (911 and the readback test)".into(),
            ));
        }
        let account = self.call_account(options.account_id.as_deref())?;
        let password = self.sip_password(&account.id).await.map_err(CoreError::NoAccount)?;
        let request = CallRequest { target: classification.target().to_owned(), ..Default::default() };
        let audio = self.call_audio(options.sound, options.play);
        let call =
            locus_sip::place_call_with_audio(&account, &password, request, CallOptions::default(), audio).await?;
        Ok(PlacedCall { dial_to_invite: started.elapsed(), call, classification, emergency: None })
    }

    /// The sound a call asked for: `play` from a file, or the devices the person chose (opened in the
    /// background, so nothing here waits for a sound card).
    pub(crate) fn call_audio(&self, sound: CallSound, play: Vec<i16>) -> CallAudio {
        match sound {
            CallSound::File => CallAudio::File(play),
            CallSound::Devices { record } => {
                CallAudio::Live(crate::sound::live_audio(self.audio_choice().settings(), record))
            }
        }
    }

    async fn dial_emergency(
        &self,
        classification: DialClassification,
        emergency: &EmergencyAccount,
        plan: Arc<EmergencyPlan>,
        audio: CallAudio,
        started: Instant,
    ) -> Result<PlacedCall, CoreError> {
        let parts = plan.invite_parts().clone();
        let mut headers = vec![("P-Asserted-Identity".to_owned(), parts.p_asserted_identity.clone())];
        headers.extend(parts.headers.iter().map(|h| (h.name.clone(), h.value.clone())));
        let body_parts = parts.clone();
        let request = CallRequest {
            target: classification.target().to_owned(),
            caller_user: Some(parts.from_user.clone()),
            asserted_identity: None,
            headers,
            wrap_body: Some(Arc::new(move |sdp: &[u8]| {
                let body = body_parts.body(&String::from_utf8_lossy(sdp));
                (body.content_type, body.body.into_bytes())
            })),
            play: Vec::new(),
        };
        let options = CallOptions {
            failover_after: Some(EMERGENCY_FAILOVER_AFTER),
            next_hop: self.emergency.known_next_hop(&emergency.account),
            retry_without_location: true,
            ..CallOptions::default()
        };
        let placed = locus_sip::place_call_with_audio(&emergency.account, &emergency.password, request, options, audio);
        let call = match placed.await {
            Ok(call) => call,
            Err(err) => {
                self.after_emergency_invite_failed(&classification, emergency, &plan, &err);
                return Err(err.into());
            }
        };
        let dial_to_invite = started.elapsed();
        // Everything below happens after the INVITE left (S4).
        let summary = plan.summary();
        let reference = EmergencyCallRef {
            call_id: call.call_id.clone(),
            callback_did: parts.from_user.clone(),
            location_text: summary.location_sent.clone(),
        };
        self.host.emit(&Event::EmergencyCallStarted(reference.clone()));
        let kind = match classification {
            DialClassification::EmergencyTest { .. } => "emergency.test_call",
            _ => "emergency.call",
        };
        let payload = serde_json::json!({
            "call_id": call.call_id,
            "dialed": classification.target(),
            "account": emergency.account.id,
            "caller_id": parts.from_user,
            "plan": summary,
            "dial_to_invite_ms": dial_to_invite.as_secs_f64() * 1000.0,
        });
        self.audit_in_background(kind, payload);
        self.notify_after_emergency_invite(&classification, &call.call_id, &emergency.account, &plan, None);
        if matches!(classification, DialClassification::Emergency { .. }) {
            self.remember_emergency_call(OffsetDateTime::now_utc());
        }
        Ok(PlacedCall { call, classification, emergency: Some(reference), dial_to_invite })
    }

    /// A 911 (or test) dial whose INVITE could not leave: the attempt is audited with the reason, and for 911 the
    /// Kari's Law notifications still go out, saying the call was not placed — someone dialed 911 and may still
    /// need help.
    fn after_emergency_invite_failed(
        &self,
        classification: &DialClassification,
        emergency: &EmergencyAccount,
        plan: &EmergencyPlan,
        err: &locus_sip::SipError,
    ) {
        let reason = err.to_string();
        tracing::error!(%reason, dialed = classification.target(), "the emergency call could not be placed");
        let kind = match classification {
            DialClassification::EmergencyTest { .. } => "emergency.test_call_failed",
            _ => "emergency.call_failed",
        };
        let payload = serde_json::json!({
            "dialed": classification.target(),
            "account": emergency.account.id,
            "caller_id": plan.caller_id(),
            "plan": plan.summary(),
            "reason": reason,
        });
        self.audit_in_background(kind, payload);
        self.notify_after_emergency_invite(classification, "", &emergency.account, plan, Some(reason));
    }

    /// Appends the user's emergency-call entry `kind` to the audit log on a task of its own: after the INVITE (or
    /// its failure), and whenever the database is free (S4, S5).
    fn audit_in_background(&self, kind: &str, payload: serde_json::Value) {
        let entry = NewAuditEntry { kind: kind.into(), actor: "user".into(), payload };
        let (audit, kind) = (self.audit.clone(), kind.to_owned());
        tokio::spawn(async move {
            if let Err(err) = audit.append(entry, OffsetDateTime::now_utc()).await {
                tracing::error!(%err, %kind, "an emergency call could not be written to the audit log");
            }
        });
    }

    fn call_account(&self, id: Option<&str>) -> Result<Account, CoreError> {
        let book = AccountBook::load(&self.paths)?;
        let found = match id {
            Some(id) => book.get(id).cloned(),
            None => book.accounts.first().cloned(),
        };
        found.ok_or_else(|| match id {
            Some(id) => CoreError::NoAccount(format!("there is no account \"{id}\" (see `locusctl account list`)")),
            None => CoreError::NoAccount("no SIP account is set up (add one with `locusctl account add`)".into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk_with_an_account() -> EmergencyDesk {
        let desk = EmergencyDesk::default();
        let account = Account {
            id: "work".into(),
            display_name: String::new(),
            user: "alice".into(),
            domain: "locus.test".into(),
            registrar: "127.0.0.1:5060".into(),
            transport: locus_sip::Transport::Udp,
            outbound_proxy: String::new(),
            auth_user: String::new(),
            caller_id: String::new(),
            register_interval: 300,
            tls_ca_file: String::new(),
        };
        let emergency = EmergencyAccount { account, password: String::new(), settings: E911Settings::default() };
        desk.set_account(Some(emergency), DialPlanConfig::default(), "urn:locus:device:test".into());
        desk
    }

    fn computed_at(desk: &EmergencyDesk, dialed: OffsetDateTime) -> OffsetDateTime {
        desk.snapshot_for_call(dialed).1.expect("a plan").computed_at()
    }

    #[test]
    fn a_plan_older_than_an_hour_is_recomputed_when_911_is_dialed() {
        let desk = desk_with_an_account();
        let first = desk.snapshot().1.expect("a plan").computed_at();
        let soon = first + time::Duration::minutes(59);
        assert_eq!(computed_at(&desk, soon), first, "a recent plan is used as it is");
        let days_later = first + time::Duration::days(3);
        assert_eq!(computed_at(&desk, days_later), days_later, "a stale plan is recomputed for the call");
        assert_eq!(desk.snapshot().1.expect("a plan").computed_at(), days_later, "and kept");
    }
}
