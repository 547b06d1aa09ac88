//! Carrier update in the running service. When the user confirms a place and the emergency account's strategy
//! is carrier update, the carrier's E911 record for the plan's DID is brought to that place on a task of its
//! own: validate → update → read back with back-off until the carrier shows it. Each step is an audit entry
//! before it is a `CarrierStateChanged` event (S5); readiness stays amber "carrier update pending" until the
//! read-back matches, then the confirmed place becomes the DID's registered address in `e911.json`. Nothing
//! here is on the emergency path (S4): 911 keeps using the plan in force throughout.

use super::LocusService;
use crate::carrier_link::{self, CarrierBook};
use crate::carrier_view::LastStep;
use crate::e911_book::E911Book;
use crate::events::{CarrierState, Event};
use locus_carrier::{Did, PollSchedule, ReconcileState};
use locus_emergency::{CarrierUpdateState, EmergencyStrategy};
use locus_location::NewAuditEntry;
use locus_location::civic::CivicAddress;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use time::OffsetDateTime;
use tokio::sync::mpsc;

/// The audit kind of every carrier update step.
const STEP_KIND: &str = "carrier.update";

/// The carrier update in progress, if any (a newer one replaces it), and the last step seen for each DID in
/// this session, which the E911 tab shows.
#[derive(Debug, Default)]
pub(crate) struct CarrierUpdates {
    running: Mutex<Option<(String, tokio::task::JoinHandle<()>)>>,
    latest: Mutex<BTreeMap<String, Latest>>,
}

/// The last step for one DID and the update it belongs to.
#[derive(Debug, Clone)]
pub(super) struct Latest {
    pub(super) target: UpdateTarget,
    pub(super) last: LastStep,
}

impl CarrierUpdates {
    fn replace(&self, did: String, next: tokio::task::JoinHandle<()>) {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, previous)) = running.replace((did, next)) {
            previous.abort();
        }
    }

    fn take(&self) -> Option<tokio::task::JoinHandle<()>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner).take().map(|(_, task)| task)
    }

    /// True while an update for `did` runs.
    pub(super) fn is_running(&self, did: &str) -> bool {
        let running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        running.as_ref().is_some_and(|(running_did, task)| running_did == did && !task.is_finished())
    }

    /// The last step seen for `did`.
    pub(super) fn latest(&self, did: &str) -> Option<Latest> {
        self.latest.lock().unwrap_or_else(PoisonError::into_inner).get(did).cloned()
    }

    fn remember(&self, target: &UpdateTarget, step: ReconcileState) {
        let last = LastStep { step, wanted: target.address.clone(), declined: false };
        let latest = Latest { target: target.clone(), last };
        self.latest.lock().unwrap_or_else(PoisonError::into_inner).insert(target.did.to_string(), latest);
    }

    /// Marks the corrections offered for `did` as declined by the user.
    pub(super) fn decline(&self, did: &str) {
        if let Some(latest) = self.latest.lock().unwrap_or_else(PoisonError::into_inner).get_mut(did) {
            latest.last.declined = true;
        }
    }
}

/// What one carrier update works on.
#[derive(Debug, Clone)]
pub(super) struct UpdateTarget {
    pub(super) account_id: String,
    pub(super) did: Did,
    pub(super) location_id: String,
    pub(super) address: CivicAddress,
}

/// The state name the UI and the audit log use for a reconciliation state.
fn state_name(state: &ReconcileState) -> &'static str {
    match state {
        ReconcileState::Verified { .. } => "verified",
        ReconcileState::Mismatch { .. } => "mismatch",
        ReconcileState::NeedsUserDecision { .. } => "needs_user_decision",
        ReconcileState::Failed { .. } => "failed",
        ReconcileState::Validating | ReconcileState::Updating { .. } | ReconcileState::Pending { .. } => "pending",
    }
}

/// What the plan is told while the carrier works, and after.
fn plan_state(state: &ReconcileState) -> Option<CarrierUpdateState> {
    match state {
        ReconcileState::Verified { .. } => Some(CarrierUpdateState::Verified),
        ReconcileState::Mismatch { .. } => Some(CarrierUpdateState::Mismatch),
        ReconcileState::Validating | ReconcileState::Updating { .. } | ReconcileState::Pending { .. } => {
            Some(CarrierUpdateState::Pending)
        }
        // The carrier still holds its old record: the caller-ID lint says how that differs from here.
        ReconcileState::NeedsUserDecision { .. } | ReconcileState::Failed { .. } => None,
    }
}

impl LocusService {
    /// After the user confirmed `location_id` at `address`: starts the carrier update when the emergency
    /// account uses carrier update and has a carrier set up; otherwise does nothing.
    pub(crate) fn start_carrier_update(&self, location_id: &str, address: &CivicAddress) {
        let Some(target) = self.carrier_update_target(location_id, address) else { return };
        self.spawn_carrier_update(target, false);
    }

    /// Runs the update of `target` on a task of its own, replacing any update still running. The DID shows
    /// as pending at once. With `check_first`, the carrier's record is read first and nothing is sent when it
    /// already holds the address ("sync now").
    pub(super) fn spawn_carrier_update(&self, target: UpdateTarget, check_first: bool) {
        let Some(service) = self.me.upgrade() else { return };
        self.carrier_updates.remember(&target, ReconcileState::Validating);
        let did = target.did.to_string();
        let task = tokio::spawn(async move {
            if check_first && service.carrier_already_holds(&target).await {
                return;
            }
            service.run_carrier_update(target, PollSchedule::default()).await;
        });
        self.carrier_updates.replace(did, task);
    }

    /// Reads the carrier's record for the target's DID; when it already holds the address, records that as
    /// verified and returns true.
    async fn carrier_already_holds(&self, target: &UpdateTarget) -> bool {
        let checked = carrier_link::check(
            &self.paths,
            Arc::clone(&self.secrets),
            Some(&target.account_id),
            &target.did,
            &target.address,
        )
        .await;
        match checked {
            Ok(step @ ReconcileState::Verified { .. }) => {
                self.record_carrier_step(target, &step).await;
                true
            }
            _ => false,
        }
    }

    /// True while a carrier update started by a confirmation is still working.
    pub fn carrier_update_running(&self) -> bool {
        self.carrier_updates
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_some_and(|(_, task)| !task.is_finished())
    }

    /// Waits for the carrier update in progress, if any (a short-lived host such as `locusctl confirm`).
    pub async fn carrier_update_settled(&self) {
        if let Some(task) = self.carrier_updates.take() {
            let _ = task.await;
        }
    }

    /// The account and DID to update, when carrier update applies.
    pub(super) fn carrier_update_target(&self, location_id: &str, address: &CivicAddress) -> Option<UpdateTarget> {
        let plan = self.emergency_plan()?;
        let e911 = E911Book::load(&self.paths).ok()?;
        let settings = e911.accounts.get(&plan.account_id)?;
        if settings.strategy != EmergencyStrategy::CarrierUpdate {
            return None;
        }
        let has_carrier = CarrierBook::load(&self.paths).ok()?.carriers.contains_key(&plan.account_id);
        if !has_carrier {
            tracing::info!(account = %plan.account_id, "carrier update strategy without a carrier set up");
            return None;
        }
        let did = Did::parse(&plan.caller_id).ok()?;
        Some(UpdateTarget {
            account_id: plan.account_id,
            did,
            location_id: location_id.to_owned(),
            address: address.clone(),
        })
    }

    async fn run_carrier_update(self: Arc<Self>, target: UpdateTarget, schedule: PollSchedule) {
        let (steps, mut received) = mpsc::unbounded_channel::<ReconcileState>();
        let recorder = {
            let service = Arc::clone(&self);
            let target = target.clone();
            tokio::spawn(async move {
                while let Some(step) = received.recv().await {
                    service.record_carrier_step(&target, &step).await;
                }
            })
        };
        let outcome = carrier_link::sync(
            &self.paths,
            Arc::clone(&self.secrets),
            Some(&target.account_id),
            &target.did,
            &target.address,
            &schedule,
            |step| drop(steps.send(step.clone())),
        )
        .await;
        if let Err(err) = outcome {
            let step = ReconcileState::Failed { code: err.code(), message: err.to_string() };
            drop(steps.send(step));
        }
        drop(steps);
        let _ = recorder.await;
    }

    /// One step: audit entry, then the plan and readiness, then the event; once verified, the place is saved as
    /// the DID's registered address.
    async fn record_carrier_step(&self, target: &UpdateTarget, step: &ReconcileState) {
        self.carrier_updates.remember(target, step.clone());
        let payload = serde_json::json!({
            "account_id": target.account_id,
            "did": target.did.to_string(),
            "location_id": target.location_id,
            "state": state_name(step),
            "step": step,
        });
        let entry = NewAuditEntry { kind: STEP_KIND.into(), actor: "system".into(), payload };
        if let Err(err) = self.audit.append(entry, OffsetDateTime::now_utc()).await {
            tracing::error!(%err, "a carrier update step could not be audited");
        }
        if matches!(step, ReconcileState::Verified { .. }) {
            // The reconciler proved the carrier's record equal to the confirmed place in the carrier's own
            // fields; the place as confirmed is kept, because the carrier's form drops what it has no field
            // for (a floor beside a suite) and would then look like another place to the caller-ID lint.
            self.save_registered_address(target, &target.address);
        }
        self.emergency.set_carrier_state(plan_state(step));
        if matches!(step, ReconcileState::Verified { .. }) {
            // The DID's registered address changed on disk: the plan reads it again.
            self.prepare_emergency().await;
        }
        self.publish_plan_readiness().await;
        let state = CarrierState { did: target.did.to_string(), state: state_name(step).to_owned() };
        self.host.emit(&Event::CarrierStateChanged(state));
    }

    fn save_registered_address(&self, target: &UpdateTarget, address: &CivicAddress) {
        let saved = E911Book::load(&self.paths).and_then(|book| {
            let mut settings = book.accounts.get(&target.account_id).cloned().unwrap_or_default();
            let number = target.did.to_string();
            if let Some(did) = settings.dids.iter_mut().find(|did| did.number == number) {
                did.registered_address = Some(address.clone());
                did.last_verified = Some(OffsetDateTime::now_utc());
            }
            E911Book::set(&self.paths, &target.account_id, settings)
        });
        if let Err(err) = saved {
            tracing::error!(%err, "the carrier's verified record could not be saved to the E911 settings");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use locus_carrier::SubmitAction;

    #[test]
    fn steps_before_the_read_back_matches_keep_the_plan_pending() {
        let steps = [
            ReconcileState::Validating,
            ReconcileState::Updating { action: SubmitAction::Update },
            ReconcileState::Pending { attempt: 1, next_check_in_ms: Some(5_000) },
        ];
        for step in steps {
            assert_eq!(plan_state(&step), Some(CarrierUpdateState::Pending), "{step:?}");
            assert_eq!(state_name(&step), "pending");
        }
    }

    #[test]
    fn a_stop_for_the_user_or_a_failure_leaves_the_plan_to_the_lint() {
        let failed = ReconcileState::Failed { code: "timeout".into(), message: "no answer".into() };
        assert_eq!((plan_state(&failed), state_name(&failed)), (None, "failed"));
        let asks = ReconcileState::NeedsUserDecision { suggestions: vec![] };
        assert_eq!((plan_state(&asks), state_name(&asks)), (None, "needs_user_decision"));
    }
}
