//! The location half of `LocusService`: resolve the current network to a location, ask for confirmation,
//! record answers and edits (with their audit entries), and keep readiness in step.

use super::{CompiledRules, LocusService};
use crate::events::{ConfirmPrompt, Event, LocationRef};
use crate::locating::{ConfirmRequest, LocateContext, LocateReport, LocationEdit, decide_state, match_network};
use crate::{CoreError, assess_readiness};
use locus_location::civic::{CivicAddress, Validation, validate};
use locus_location::confirmation::{ConfirmReason, LocationState};
use locus_location::matcher::{Cidr, Confidence, Precedence, RuleSource, Verdict};
use locus_location::{ConfirmationRecord, Location, NewAuditEntry};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use time::OffsetDateTime;

/// Recent personal places offered when asking.
const RECENT_SUGGESTIONS: i64 = 5;
/// IT places offered when asking (those the matcher saw first); a large map's others are not sent.
const IT_SUGGESTIONS: i64 = 50;

impl LocateReport {
    /// The report before anything is known.
    pub(crate) fn unknown(snapshot: &locus_netprobe::NetworkSnapshot) -> Self {
        Self {
            state: LocationState::NoNetwork,
            location: None,
            evidence: vec![],
            confidence: Confidence::Low,
            how_obtained: None,
            fingerprint_id: snapshot.fingerprint_id.clone(),
            suggestions: vec![],
        }
    }

    /// No place in force because resolving failed: on a network, the user is asked (E911 is not armed, and the
    /// plan carries no location); without one, there is no network.
    pub(crate) fn not_known(snapshot: &locus_netprobe::NetworkSnapshot) -> Self {
        let reason = if snapshot.fingerprint_id.is_some() {
            ConfirmReason::UnknownNetwork
        } else {
            ConfirmReason::Unidentifiable
        };
        Self {
            state: if snapshot.has_network() {
                LocationState::ConfirmRequired { reason, ask_if_moving: false }
            } else {
                LocationState::NoNetwork
            },
            ..Self::unknown(snapshot)
        }
    }
}

impl LocusService {
    /// Where the laptop is now.
    pub async fn locate(&self) -> LocateReport {
        self.state.read().await.locate.clone()
    }

    /// Every location (IT first, then personal).
    pub async fn list_locations(&self) -> Result<Vec<Location>, CoreError> {
        Ok(self.places.list().await?)
    }

    /// Validates an address for the form, field by field, without storing anything.
    pub fn validate_address(&self, address: &CivicAddress) -> Validation {
        validate(address)
    }

    /// Records the user's answer for the current network (audit entry first, in the same transaction), then
    /// re-resolves, and starts the carrier update when the account's strategy is carrier update. Invalid
    /// addresses are refused field by field and change nothing.
    pub async fn confirm_location(
        &self,
        request: ConfirmRequest,
        at: OffsetDateTime,
    ) -> Result<LocateReport, CoreError> {
        let current = self.locate().await;
        let reason = match current.state {
            LocationState::ConfirmRequired { reason, .. } => reason,
            _ => ConfirmReason::UserMoved,
        };
        let record = ConfirmationRecord {
            fingerprint_id: current.fingerprint_id.clone(),
            choice: request.choice,
            moving_with_user: request.moving_with_user,
            reason,
            evidence: serde_json::to_value(&current.evidence).unwrap_or_default(),
        };
        let location = self.places.confirm(record, at).await?;
        self.invalidate_rules().await;
        self.user_moved.store(false, Ordering::SeqCst);
        let (location_id, address) = (location.id.clone(), location.address.clone());
        let report = if request.moving_with_user || current.fingerprint_id.is_none() {
            // Nothing is remembered for this network, so the answer holds until the network changes.
            self.resolve_to(location).await?
        } else {
            self.relocate(true).await?
        };
        // With carrier update, the carrier's record for the callback number follows the place confirmed.
        self.start_carrier_update(&location_id, &address);
        Ok(report)
    }

    /// The user says they are somewhere else: ask again on this network.
    pub async fn report_moved(&self) -> Result<LocateReport, CoreError> {
        self.user_moved.store(true, Ordering::SeqCst);
        self.relocate(true).await
    }

    /// Edits a personal location. The place in force stays in force with its new address (even one held only
    /// until the network changes); otherwise the network is resolved again.
    pub async fn update_location(&self, edit: LocationEdit, at: OffsetDateTime) -> Result<Location, CoreError> {
        let location = self.places.update_personal(&edit.location_id, &edit.label, &edit.address, at).await?;
        self.invalidate_rules().await;
        let in_force = self.state.read().await.locate.location.as_ref().is_some_and(|l| l.id == location.id);
        if in_force {
            self.resolve_to(location.clone()).await?;
        } else {
            self.relocate(true).await?;
        }
        Ok(location)
    }

    /// Deletes a personal location; networks remembered for it will be asked about again.
    pub async fn delete_location(&self, location_id: &str, at: OffsetDateTime) -> Result<(), CoreError> {
        self.places.delete_personal(location_id, at).await?;
        self.invalidate_rules().await;
        self.relocate(true).await?;
        Ok(())
    }

    /// Forgets the compiled rules so the next resolution reloads them from the store.
    pub(crate) async fn invalidate_rules(&self) {
        let mut rules = self.rules.write().await;
        self.rules_generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        *rules = None;
    }

    /// The rules in force, compiled. A load that an invalidation overtook (an IT map committed while its pages
    /// were being read, so they may mix the old map and the new) is thrown away and done again; it is never
    /// cached, or the old map's rules would keep matching after the new map is in force.
    async fn compiled_rules(&self) -> Result<Arc<CompiledRules>, CoreError> {
        use std::sync::atomic::Ordering::SeqCst;
        const ATTEMPTS: usize = 3;
        let mut attempt = 1;
        loop {
            let generation = {
                let cached = self.rules.read().await;
                if let Some(rules) = cached.as_ref() {
                    return Ok(Arc::clone(rules));
                }
                self.rules_generation.load(SeqCst)
            };
            let (index, errors) = self.places.load_rule_index().await?;
            for error in errors {
                tracing::warn!(index = error.index, message = %error.message, "stored rule skipped");
            }
            let trusted =
                self.places.trusted_public_ips().await?.iter().filter_map(|c| Cidr::parse(c).ok()).collect::<Vec<_>>();
            let compiled = Arc::new(CompiledRules { index, trusted });
            let mut cached = self.rules.write().await;
            if self.rules_generation.load(SeqCst) == generation {
                *cached = Some(Arc::clone(&compiled));
                return Ok(compiled);
            }
            if attempt == ATTEMPTS {
                tracing::warn!("the IT map kept changing while its rules were read; using the last read, uncached");
                return Ok(compiled);
            }
            attempt += 1;
        }
    }

    /// Re-resolves the current network and, if `notify`, emits what changed.
    ///
    /// One run at a time, from reading the network to publishing (a fair lock, so the last run started is the
    /// last to publish): an older, slower run can never leave the previous network's place in force. If the run
    /// fails (a store error), the place in force is dropped to "not known" before the error is returned: every
    /// caller re-resolves because the place may have changed (network, public IP, IT map, the user's answer or
    /// "I'm somewhere else"), so keeping the old one could keep readiness green and send the previous site's
    /// address with a 911 call. The plan then goes out with no PIDF-LO location, and the user is asked.
    pub(crate) async fn relocate(&self, notify: bool) -> Result<LocateReport, CoreError> {
        let _one_at_a_time = self.relocating.lock().await;
        let network = self.state.read().await.network.clone();
        match self.resolve_network(&network).await {
            Ok(report) => {
                self.publish(report.clone(), network.has_network(), notify).await;
                Ok(report)
            }
            Err(err) => {
                tracing::error!(%err, "could not resolve the location; the place in force is dropped");
                self.publish(LocateReport::not_known(&network), network.has_network(), notify).await;
                Err(err)
            }
        }
    }

    /// Resolves `network` against the store; publishes nothing.
    async fn resolve_network(&self, network: &locus_netprobe::NetworkSnapshot) -> Result<LocateReport, CoreError> {
        let rules = self.compiled_rules().await?;
        let personal = match &network.fingerprint_id {
            Some(id) => self.places.personal_record(id).await?,
            None => None,
        };
        let mut resolution = match_network(network, &rules.index, &rules.trusted, Precedence::ItMap);
        let it_map_changed = match &personal {
            Some(record) => {
                let mut touched: Vec<String> = resolution
                    .evidence
                    .iter()
                    .filter(|e| e.source == RuleSource::ItMap)
                    .map(|e| e.location_id.clone())
                    .collect();
                touched.push(record.location_id.clone());
                self.places.it_changed_since(&touched, record.confirmed_at).await?
            }
            None => false,
        };
        // The user's answer for this network, given after IT last changed anything touching it, wins over IT's
        // rule for the same identifier: the user is the better witness of where they are (one gateway can serve
        // several floors), and a place they just refused must never come back green. When IT changes the map for
        // this network again, `it_map_changed` holds, IT's rule leads again and the user is asked (ItMapChanged).
        let user_answer_stands = personal.as_ref().is_some_and(|p| !p.moving_with_user) && !it_map_changed;
        if user_answer_stands && resolution.evidence.iter().any(|e| e.verdict == Verdict::Outranked) {
            resolution = match_network(network, &rules.index, &rules.trusted, Precedence::User);
        }
        let context = LocateContext {
            personal: personal.as_ref(),
            user_moved: self.user_moved.load(Ordering::SeqCst),
            it_map_changed,
            policy: *self.confirm_policy.read().await,
            now: OffsetDateTime::now_utc(),
        };
        let state = decide_state(network, &resolution, &context);
        let location = match &resolution.location_id {
            Some(id) => self.places.get(id).await?,
            None => None,
        };
        let suggestions = if matches!(state, LocationState::ConfirmRequired { .. }) {
            let mut places = self.places.recent_personal(RECENT_SUGGESTIONS).await?;
            let seen: Vec<String> = resolution.evidence.iter().map(|e| e.location_id.clone()).collect();
            places.extend(self.places.it_suggestions(&seen, IT_SUGGESTIONS).await?);
            places
        } else {
            vec![]
        };
        let report = LocateReport {
            state,
            location,
            evidence: resolution.evidence,
            confidence: resolution.confidence,
            how_obtained: resolution.how_obtained,
            fingerprint_id: network.fingerprint_id.clone(),
            suggestions,
        };
        Ok(report)
    }

    /// Puts a location in force for this network without remembering it (moving networks).
    async fn resolve_to(&self, location: Location) -> Result<LocateReport, CoreError> {
        let _one_at_a_time = self.relocating.lock().await;
        let network = self.state.read().await.network.clone();
        let report = LocateReport {
            state: LocationState::Resolved {
                location_id: location.id.clone(),
                how_obtained: locus_location::matcher::HowObtained::UserConfirmed,
            },
            location: Some(location),
            evidence: vec![],
            confidence: Confidence::Medium,
            how_obtained: Some(locus_location::matcher::HowObtained::UserConfirmed),
            fingerprint_id: network.fingerprint_id.clone(),
            suggestions: vec![],
        };
        self.publish(report.clone(), network.has_network(), true).await;
        Ok(report)
    }

    async fn publish(&self, report: LocateReport, has_network: bool, notify: bool) {
        // The plan follows the location first, so readiness judges the new place.
        self.emergency.set_location(&report, has_network);
        let readiness =
            self.emergency.readiness().unwrap_or_else(|| assess_readiness(has_network, report.is_resolved()));
        let mut events = Vec::new();
        let mut in_force = None;
        {
            let mut state = self.state.write().await;
            if state.locate.state != report.state || state.locate.location != report.location {
                in_force = Some(in_force_entry(&report));
                match (&report.state, &report.location) {
                    (LocationState::Resolved { .. }, Some(location)) => {
                        events.push(Event::LocationResolved(LocationRef {
                            location_id: location.id.clone(),
                            label: location.label.clone(),
                        }))
                    }
                    (LocationState::ConfirmRequired { reason, .. }, _) => {
                        events.push(Event::LocationConfirmRequired(ConfirmPrompt {
                            reason: serde_json::to_value(reason)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                                .unwrap_or_default(),
                            suggestions: report
                                .suggestions
                                .iter()
                                .map(|l| LocationRef { location_id: l.id.clone(), label: l.label.clone() })
                                .collect(),
                        }))
                    }
                    _ => {}
                }
            }
            state.locate = report;
            if state.readiness != readiness {
                state.readiness = readiness.clone();
                events.push(Event::ReadinessChanged(readiness));
            }
        }
        if notify {
            // Evidence first (S5): the place now in force is in the audit log before the window hears of it. The
            // plan above already follows it, so nothing here can hold 911 up (S4); a failed write is logged and
            // the window is told all the same, since a stale screen would be worse.
            if let Some(payload) = in_force {
                let entry = NewAuditEntry { kind: "location.in_force".into(), actor: "system".into(), payload };
                if let Err(err) = self.audit.append(entry, OffsetDateTime::now_utc()).await {
                    tracing::error!(%err, "the location now in force could not be written to the audit log");
                }
            }
            for event in &events {
                self.host.emit(event);
            }
            self.suggest_test_if_changed().await;
        }
    }
}

/// The audit payload for the place now in force: which place (or none) and why, by the network's keyed
/// fingerprint only — never its raw identifiers.
fn in_force_entry(report: &LocateReport) -> serde_json::Value {
    let (state, reason) = match &report.state {
        LocationState::Resolved { .. } => ("resolved", None),
        LocationState::ConfirmRequired { reason, .. } => ("confirm_required", Some(reason)),
        LocationState::NoNetwork => ("no_network", None),
    };
    serde_json::json!({
        "state": state,
        "reason": reason,
        "location_id": report.location.as_ref().map(|l| &l.id),
        "how_obtained": report.how_obtained,
        "fingerprint_id": report.fingerprint_id,
    })
}
