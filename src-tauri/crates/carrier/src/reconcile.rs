//! Reconciliation: making the carrier hold the address the user confirmed, and proving it. Validate with the
//! carrier → stop for the user if it suggests corrections → provision or update → read the record back on a
//! back-off schedule until it equals the confirmed address under the normalised comparison → verified. Each step
//! is reported as a [`ReconcileState`] (the core turns them into `CarrierStateChanged` events and audit entries);
//! the last one is also returned.
//!
//! Waiting is injected: the schedule is data and the sleeping is a [`Sleeper`], so a test runs an hour of
//! polling in microseconds and sees every delay. Never on the emergency path (S4): a 911 call uses whatever is
//! precomputed, and readiness stays amber ("carrier update pending") until `Verified`.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use locus_location::civic::CivicAddress;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::CarrierError;
use crate::carrier::Carrier;
use crate::model::{AddressCheck, CarrierForm, Did, E911Status, RegisteredAddress, SuggestedAddress};
use crate::normalize::{FieldDifference, location_differences};

/// The waits before each read-back after an update: one check per delay, then the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollSchedule {
    delays: Vec<Duration>,
}

impl PollSchedule {
    /// Checks after exactly these waits.
    pub fn new(delays: Vec<Duration>) -> Self {
        Self { delays }
    }

    /// `checks` waits starting at `first`, multiplied by `factor` each time and capped at `max_delay`.
    pub fn exponential(first: Duration, factor: u32, max_delay: Duration, checks: usize) -> Self {
        let mut delay = first.min(max_delay);
        let mut delays = Vec::with_capacity(checks);
        for _ in 0..checks {
            delays.push(delay);
            delay = delay.saturating_mul(factor).min(max_delay);
        }
        Self { delays }
    }

    /// The waits.
    pub fn delays(&self) -> &[Duration] {
        &self.delays
    }
}

impl Default for PollSchedule {
    /// 5 s, 10 s, 20 s … capped at 10 min, ten checks (about 39 minutes in all).
    fn default() -> Self {
        Self::exponential(Duration::from_secs(5), 2, Duration::from_secs(600), 10)
    }
}

/// Something that waits. [`TokioSleeper`] in the application; tests pass one that records and returns at once.
pub trait Sleeper: Send + Sync {
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Waits with `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Whether the carrier is given the address for the first time or a replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SubmitAction {
    /// E911 was not on for the DID: turn it on with this address.
    Provision,
    /// Replace the address the carrier holds.
    Update,
}

/// One step of a reconciliation, in the order they happen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReconcileState {
    /// Checking the address, ours and then the carrier's validation.
    Validating,
    /// The carrier suggests corrections. Final: run again with the address the user accepts (it is validated
    /// again), or not at all if they reject every suggestion.
    NeedsUserDecision {
        /// The carrier's corrected addresses.
        suggestions: Vec<SuggestedAddress>,
    },
    /// Sending the address to the carrier.
    Updating {
        /// First time or replacement.
        action: SubmitAction,
    },
    /// The carrier does not show the address yet. `attempt` is the number of the next read-back and
    /// `next_check_in_ms` when it happens; `None` (only as the final state) means the schedule ran out while the
    /// carrier still reported our address as pending — check again later.
    Pending {
        /// The next read-back, from 1.
        attempt: u32,
        /// Milliseconds until it.
        #[ts(type = "number | null")]
        next_check_in_ms: Option<u64>,
    },
    /// The carrier holds the confirmed address. Final.
    Verified {
        /// The carrier's record.
        carrier_has: RegisteredAddress,
    },
    /// The schedule ran out and the carrier holds another address. Final.
    Mismatch {
        /// The carrier's record.
        carrier_has: RegisteredAddress,
        /// The fields that differ.
        differences: Vec<FieldDifference>,
    },
    /// A step failed. Final. `code` is [`CarrierError::code`].
    Failed {
        /// The stable error code.
        code: String,
        /// What went wrong, for people.
        message: String,
    },
}

impl ReconcileState {
    /// The state's name: `validating`, `needs_user_decision`, `updating`, `pending`, `verified`, `mismatch`,
    /// `failed`.
    pub fn name(&self) -> &'static str {
        match self {
            ReconcileState::Validating => "validating",
            ReconcileState::NeedsUserDecision { .. } => "needs_user_decision",
            ReconcileState::Updating { .. } => "updating",
            ReconcileState::Pending { .. } => "pending",
            ReconcileState::Verified { .. } => "verified",
            ReconcileState::Mismatch { .. } => "mismatch",
            ReconcileState::Failed { .. } => "failed",
        }
    }

    fn failed(err: &CarrierError) -> Self {
        ReconcileState::Failed { code: err.code().to_owned(), message: err.to_string() }
    }
}

/// Runs reconciliations against one carrier.
#[derive(Clone, Copy)]
pub struct Reconciler<'a> {
    carrier: &'a dyn Carrier,
    schedule: &'a PollSchedule,
    sleeper: &'a dyn Sleeper,
}

impl std::fmt::Debug for Reconciler<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reconciler")
            .field("carrier", &self.carrier)
            .field("schedule", self.schedule)
            .finish_non_exhaustive()
    }
}

impl<'a> Reconciler<'a> {
    /// Reconciles with `carrier`, reading back after each wait of `schedule`, waiting with `sleeper`.
    pub fn new(carrier: &'a dyn Carrier, schedule: &'a PollSchedule, sleeper: &'a dyn Sleeper) -> Self {
        Self { carrier, schedule, sleeper }
    }

    /// Makes the carrier hold `confirmed` for `did` and proves it. `report` sees every state, the final one
    /// included; the final one is returned.
    pub async fn run(
        &self,
        did: &Did,
        confirmed: &CivicAddress,
        mut report: impl FnMut(&ReconcileState) + Send,
    ) -> ReconcileState {
        let mut emit = |state: ReconcileState| {
            report(&state);
            state
        };
        emit(ReconcileState::Validating);
        let expected = match self.carrier.carrier_form(confirmed) {
            Ok(form) => form,
            Err(err) => return emit(ReconcileState::failed(&err)),
        };
        match self.carrier.validate(did, confirmed).await {
            Ok(AddressCheck::Valid) => {}
            Ok(AddressCheck::Corrections(suggestions)) => {
                return emit(ReconcileState::NeedsUserDecision { suggestions });
            }
            Err(err) => return emit(ReconcileState::failed(&err)),
        }
        let action = match self.carrier.read_back(did).await {
            Ok(current) if is_verified(&expected, &current) => {
                return emit(ReconcileState::Verified { carrier_has: current });
            }
            Ok(_) => SubmitAction::Update,
            Err(CarrierError::NotProvisioned { .. }) => SubmitAction::Provision,
            Err(err) => return emit(ReconcileState::failed(&err)),
        };
        emit(ReconcileState::Updating { action });
        let submitted = match action {
            SubmitAction::Provision => self.carrier.provision(did, confirmed).await,
            SubmitAction::Update => self.carrier.update(did, confirmed).await,
        };
        match submitted {
            Ok(()) => {}
            Err(CarrierError::InvalidAddress { suggestions }) if !suggestions.is_empty() => {
                return emit(ReconcileState::NeedsUserDecision { suggestions });
            }
            Err(err) => return emit(ReconcileState::failed(&err)),
        }
        let final_state = self.poll(did, &expected, &mut emit).await;
        emit(final_state)
    }

    /// Reads the carrier's record on the schedule until it holds `expected`; returns the verdict (not yet
    /// reported).
    async fn poll(
        &self,
        did: &Did,
        expected: &CarrierForm,
        emit: &mut (impl FnMut(ReconcileState) -> ReconcileState + Send),
    ) -> ReconcileState {
        let mut last_read: Option<RegisteredAddress> = None;
        let mut last_error: Option<CarrierError> = None;
        let mut attempt = 0;
        for delay in self.schedule.delays() {
            attempt += 1;
            let next_check_in_ms = Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
            emit(ReconcileState::Pending { attempt, next_check_in_ms });
            self.sleeper.sleep(*delay).await;
            match self.carrier.read_back(did).await {
                Ok(current) if is_verified(expected, &current) => {
                    return ReconcileState::Verified { carrier_has: current };
                }
                Ok(current) => last_read = Some(current),
                // Carriers take time to show a new record, and a slow or busy API is worth another try.
                Err(err) if err.is_transient() || matches!(err, CarrierError::NotProvisioned { .. }) => {
                    tracing::debug!(code = err.code(), attempt, "carrier read-back failed; will try again");
                    last_error = Some(err);
                }
                Err(err) => return ReconcileState::failed(&err),
            }
        }
        match (last_read, last_error) {
            (Some(current), _) => verdict(expected, current, attempt),
            (None, Some(err)) => ReconcileState::failed(&err),
            (None, None) => ReconcileState::Pending { attempt, next_check_in_ms: None },
        }
    }

    /// Reads the carrier's record once and says whether it holds `confirmed` ("sync now", periodic checks):
    /// `Verified`, `Mismatch`, `Pending` (our address, not yet in force) or `Failed`. Changes nothing.
    pub async fn check(&self, did: &Did, confirmed: &CivicAddress) -> ReconcileState {
        let expected = match self.carrier.carrier_form(confirmed) {
            Ok(form) => form,
            Err(err) => return ReconcileState::failed(&err),
        };
        match self.carrier.read_back(did).await {
            Ok(current) => verdict(&expected, current, 0),
            Err(err) => ReconcileState::failed(&err),
        }
    }
}

/// The carrier holds `expected` and says it is in force.
fn is_verified(expected: &CarrierForm, current: &RegisteredAddress) -> bool {
    current.status == E911Status::Active && location_differences(expected, &current.fields).is_empty()
}

/// The verdict on a record after the last check (`attempts` made).
fn verdict(expected: &CarrierForm, current: RegisteredAddress, attempts: u32) -> ReconcileState {
    let differences = location_differences(expected, &current.fields);
    if !differences.is_empty() {
        ReconcileState::Mismatch { carrier_has: current, differences }
    } else if current.status == E911Status::Active {
        ReconcileState::Verified { carrier_has: current }
    } else {
        ReconcileState::Pending { attempt: attempts, next_check_in_ms: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_backs_off_to_ten_minutes() {
        let secs: Vec<u64> = PollSchedule::default().delays().iter().map(Duration::as_secs).collect();
        assert_eq!(secs, vec![5, 10, 20, 40, 80, 160, 320, 600, 600, 600]);
    }

    #[test]
    fn state_names_are_stable() {
        let names: Vec<&str> = [
            ReconcileState::Validating,
            ReconcileState::Updating { action: SubmitAction::Update },
            ReconcileState::Pending { attempt: 1, next_check_in_ms: Some(5000) },
            ReconcileState::Failed { code: "timeout".into(), message: "slow".into() },
        ]
        .iter()
        .map(ReconcileState::name)
        .collect();
        assert_eq!(names, vec!["validating", "updating", "pending", "failed"]);
        let json =
            serde_json::to_value(ReconcileState::Pending { attempt: 2, next_check_in_ms: Some(10_000) }).expect("json");
        assert_eq!(json, serde_json::json!({ "state": "pending", "attempt": 2, "next_check_in_ms": 10000 }));
    }
}
