//! What the E911 tab shows about each SIP account's carrier: its DIDs, the address the carrier holds for each,
//! and where each one stands — including corrections the carrier offered that the user has not decided on yet.
//! The status of a DID is worked out here from the carrier's listing and the last reconciliation step seen in
//! this session (pure: no I/O, no clock).

use locus_carrier::{DidRecord, E911Status, FieldDifference, ReconcileState, RegisteredAddress, SuggestedAddress};
use locus_location::civic::CivicAddress;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every account with a carrier, for the E911 tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarrierOverview {
    /// One entry per account that has a carrier set up, in account id order.
    pub accounts: Vec<CarrierAccountView>,
    /// Accounts (by id) with no carrier set up, for a hint on how to add one.
    pub without_carrier: Vec<String>,
}

/// One account's carrier and DIDs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarrierAccountView {
    /// The SIP account id.
    pub account_id: String,
    /// `voipms` or `webhook`.
    pub carrier: String,
    /// True when this account places 911 calls and its E911 strategy is carrier update: "sync now" brings the
    /// carrier's record for the callback number to the place in force.
    pub follows_location: bool,
    /// The DIDs as the carrier listed them just now (empty when the listing failed).
    pub dids: Vec<CarrierDidView>,
    /// Why the carrier could not be read (bad credentials, API not enabled, timeout…), with its stable code.
    pub error: Option<CarrierProblem>,
}

/// A carrier error as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarrierProblem {
    /// The carrier error's stable code (`auth_failed`, `ip_not_allowed`, `timeout`, `not_configured`, …).
    pub code: String,
    /// For people.
    pub message: String,
}

/// Where one DID stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DidStatus {
    /// E911 is on and (for the callback number) the carrier holds the place in force.
    Active,
    /// An update is being validated, sent or read back, or the carrier has not applied it yet.
    Pending,
    /// The carrier holds another address than the place in force.
    Mismatch,
    /// The carrier suggested corrections; the user must accept one or keep their address.
    NeedsUserDecision,
    /// The user kept their address; the carrier still holds its old record.
    Declined,
    /// The last update failed; `message` says why.
    Failed,
    /// The DID has no E911 service at the carrier.
    NotProvisioned,
}

/// One DID of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarrierDidView {
    /// The 10-digit DID.
    pub did: String,
    /// The label the account owner gave it at the carrier.
    pub description: String,
    /// True for the emergency plan's callback number (the caller ID of 911 calls).
    pub emergency_caller_id: bool,
    /// Where it stands.
    pub status: DidStatus,
    /// The address the carrier holds, as the carrier returned it.
    pub carrier_has: Option<RegisteredAddress>,
    /// The address Locus wants the carrier to hold (the callback number's place in force), when known.
    pub wanted: Option<CivicAddress>,
    /// The fields where the carrier's record differs from `wanted` (mismatch).
    pub differences: Vec<FieldDifference>,
    /// The carrier's corrections waiting for the user (needs user decision).
    pub suggestions: Vec<SuggestedAddress>,
    /// What went wrong, or what the pending step is, for people.
    pub message: Option<String>,
}

/// The last reconciliation step seen for a DID in this session, and whether the user declined its
/// corrections.
#[derive(Debug, Clone, PartialEq)]
pub struct LastStep {
    /// The step.
    pub step: ReconcileState,
    /// The address being reconciled.
    pub wanted: CivicAddress,
    /// The user kept their address instead of the carrier's corrections.
    pub declined: bool,
}

/// How the carrier's record compares with the address a DID should hold (the callback number's place in force).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The address it should hold.
    pub wanted: CivicAddress,
    /// The location fields where the carrier's record differs (empty: it holds it).
    pub differences: Vec<FieldDifference>,
}

/// The view of `record`: from the last step when there is one (`running` says an update is under way),
/// otherwise from the carrier's own E911 status and, when known, how its record compares with the address it
/// should hold.
pub fn did_view(
    record: DidRecord,
    emergency_caller_id: bool,
    last: Option<&LastStep>,
    running: bool,
    compared: Option<Comparison>,
) -> CarrierDidView {
    let mut view = CarrierDidView {
        did: record.did.to_string(),
        description: record.description,
        emergency_caller_id,
        status: from_carrier(record.e911),
        carrier_has: record.carrier_has,
        wanted: last.map(|l| l.wanted.clone()),
        differences: Vec::new(),
        suggestions: Vec::new(),
        message: None,
    };
    let Some(last) = last else {
        if let Some(compared) = compared {
            if !compared.differences.is_empty() && view.status == DidStatus::Active {
                view.status = DidStatus::Mismatch;
            }
            view.wanted = Some(compared.wanted);
            view.differences = compared.differences;
        }
        return view;
    };
    if last.declined {
        view.status = DidStatus::Declined;
        view.message = Some("You kept your address; the carrier still holds the record shown.".into());
        return view;
    }
    match &last.step {
        ReconcileState::Validating | ReconcileState::Updating { .. } | ReconcileState::Pending { .. }
            if running || matches!(last.step, ReconcileState::Pending { .. }) =>
        {
            view.status = DidStatus::Pending;
            view.message = Some(pending_message(&last.step));
        }
        ReconcileState::Validating | ReconcileState::Updating { .. } | ReconcileState::Pending { .. } => {}
        ReconcileState::Verified { .. } => view.status = DidStatus::Active,
        ReconcileState::Mismatch { differences, .. } => {
            view.status = DidStatus::Mismatch;
            view.differences = differences.clone();
        }
        ReconcileState::NeedsUserDecision { suggestions } => {
            view.status = DidStatus::NeedsUserDecision;
            view.suggestions = suggestions.clone();
        }
        ReconcileState::Failed { message, .. } => {
            view.status = DidStatus::Failed;
            view.message = Some(message.clone());
        }
    }
    view
}

fn from_carrier(status: E911Status) -> DidStatus {
    match status {
        E911Status::Active => DidStatus::Active,
        E911Status::Pending => DidStatus::Pending,
        E911Status::NotProvisioned => DidStatus::NotProvisioned,
    }
}

fn pending_message(step: &ReconcileState) -> String {
    match step {
        ReconcileState::Validating => "Checking the address with the carrier…".into(),
        ReconcileState::Updating { .. } => "Sending the address to the carrier…".into(),
        ReconcileState::Pending { next_check_in_ms: Some(ms), .. } => {
            format!("Waiting for the carrier to apply it; next check in {} s.", ms.div_ceil(1000))
        }
        _ => "The carrier has not applied it yet; sync again later.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use locus_carrier::{Did, FieldChange, SubmitAction};

    fn record(e911: E911Status) -> DidRecord {
        DidRecord { did: Did::parse("3125550100").expect("did"), description: "Desk".into(), e911, carrier_has: None }
    }

    fn last(step: ReconcileState) -> LastStep {
        LastStep { step, wanted: CivicAddress::default(), declined: false }
    }

    #[test]
    fn without_a_step_the_carriers_status_is_shown() {
        assert_eq!(did_view(record(E911Status::Active), false, None, false, None).status, DidStatus::Active);
        assert_eq!(did_view(record(E911Status::Pending), false, None, false, None).status, DidStatus::Pending);
        let off = did_view(record(E911Status::NotProvisioned), true, None, false, None);
        assert_eq!(
            (off.status, off.emergency_caller_id, off.did.as_str()),
            (DidStatus::NotProvisioned, true, "3125550100")
        );
    }

    #[test]
    fn without_a_step_a_record_that_differs_from_the_place_is_a_mismatch() {
        let differs = Comparison {
            wanted: CivicAddress::default(),
            differences: vec![FieldDifference { field: "city".into(), ours: "A".into(), carrier: "B".into() }],
        };
        let view = did_view(record(E911Status::Active), true, None, false, Some(differs.clone()));
        assert_eq!((view.status, view.differences.len(), view.wanted.is_some()), (DidStatus::Mismatch, 1, true));
        let same = Comparison { wanted: CivicAddress::default(), differences: vec![] };
        assert_eq!(did_view(record(E911Status::Active), true, None, false, Some(same)).status, DidStatus::Active);
        // A record the carrier has not applied yet stays pending whatever it says.
        assert_eq!(did_view(record(E911Status::Pending), true, None, false, Some(differs)).status, DidStatus::Pending);
    }

    #[test]
    fn a_running_update_is_pending_and_says_which_step() {
        let updating = last(ReconcileState::Updating { action: SubmitAction::Update });
        let view = did_view(record(E911Status::Active), true, Some(&updating), true, None);
        assert_eq!(view.status, DidStatus::Pending);
        assert!(view.message.as_deref().is_some_and(|m| m.contains("Sending")), "{view:?}");
        // A step left behind by an update that no longer runs (aborted by a newer one) says nothing.
        assert_eq!(did_view(record(E911Status::Active), true, Some(&updating), false, None).status, DidStatus::Active);
        let waiting = last(ReconcileState::Pending { attempt: 2, next_check_in_ms: Some(9_500) });
        let view = did_view(record(E911Status::Active), true, Some(&waiting), true, None);
        assert_eq!(view.message.as_deref(), Some("Waiting for the carrier to apply it; next check in 10 s."));
    }

    #[test]
    fn final_steps_decide_the_status() {
        let suggestion = SuggestedAddress {
            address: CivicAddress::default(),
            changes: vec![FieldChange { field: "city".into(), current: "Capitol".into(), suggested: "CAPITAL".into() }],
        };
        let asks = last(ReconcileState::NeedsUserDecision { suggestions: vec![suggestion.clone()] });
        let view = did_view(record(E911Status::Active), true, Some(&asks), false, None);
        assert_eq!((view.status, view.suggestions), (DidStatus::NeedsUserDecision, vec![suggestion]));

        let failed = last(ReconcileState::Failed { code: "auth_failed".into(), message: "wrong password".into() });
        let view = did_view(record(E911Status::Active), true, Some(&failed), false, None);
        assert_eq!((view.status, view.message.as_deref()), (DidStatus::Failed, Some("wrong password")));

        let mut declined = asks.clone();
        declined.declined = true;
        assert_eq!(
            did_view(record(E911Status::Active), true, Some(&declined), false, None).status,
            DidStatus::Declined
        );
    }
}
