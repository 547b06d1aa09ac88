//! Reconciliation against the fake VoIP.ms: validate → update → read back on the back-off schedule until the
//! carrier's record equals the confirmed address (compared normalised: the carrier upper-cases, abbreviates and
//! adds ZIP+4) → verified. Also: first-time provisioning, an address already in place, corrections that stop
//! for the user, and a rate-limited read-back that is simply tried again.

mod support;

use std::time::Duration;

use locus_carrier::{PollSchedule, ReconcileState, Reconciler, SubmitAction, VoipMsCarrier};
use locus_location::civic::CivicAddress;
use serde_json::json;
use support::RecordingSleeper;
use support::fixtures::{confirmed, did, new_record, old_record};
use support::server::Reply;
use support::voipms::FakeVoipMs;

fn schedule() -> PollSchedule {
    PollSchedule::exponential(Duration::from_secs(5), 2, Duration::from_secs(60), 5)
}

/// Runs a reconciliation and returns every reported state, the returned one, and the waits.
async fn reconcile(
    carrier: &VoipMsCarrier,
    address: &CivicAddress,
) -> (Vec<ReconcileState>, ReconcileState, Vec<Duration>) {
    let sleeper = RecordingSleeper::default();
    let schedule = schedule();
    let mut seen = Vec::new();
    let last = Reconciler::new(carrier, &schedule, &sleeper).run(&did(), address, |s| seen.push(s.clone())).await;
    (seen, last, sleeper.slept())
}

fn names(states: &[ReconcileState]) -> Vec<&'static str> {
    states.iter().map(ReconcileState::name).collect()
}

#[tokio::test]
async fn the_old_address_twice_then_the_new_one_is_verified() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![Reply::json(old_record()), Reply::json(old_record()), Reply::json(new_record())]);

    let (seen, last, slept) = reconcile(&voipms.carrier(), &confirmed()).await;

    assert_eq!(
        seen[..4],
        [
            ReconcileState::Validating,
            ReconcileState::Updating { action: SubmitAction::Update },
            ReconcileState::Pending { attempt: 1, next_check_in_ms: Some(5_000) },
            ReconcileState::Pending { attempt: 2, next_check_in_ms: Some(10_000) },
        ]
    );
    assert_eq!(names(&seen), vec!["validating", "updating", "pending", "pending", "verified"]);
    let ReconcileState::Verified { carrier_has } = &last else { panic!("not verified: {last:?}") };
    assert_eq!(seen.last(), Some(&last), "the final state is reported too");
    assert_eq!(carrier_has.fields.get("street_name").map(String::as_str), Some("N MAIN ST"));
    assert_eq!(slept, vec![Duration::from_secs(5), Duration::from_secs(10)]);
    assert_eq!(voipms.methods(), vec!["e911Validate", "e911Info", "e911Update", "e911Info", "e911Info"]);
    assert_eq!(voipms.last("e911Update").param("street_name"), Some("N Main Street"));
}

#[tokio::test]
async fn a_did_without_e911_is_provisioned_then_verified() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![Reply::json(json!({ "status": "no_provision" })), Reply::json(new_record())]);
    let (seen, last, slept) = reconcile(&voipms.carrier(), &confirmed()).await;
    assert_eq!(seen[1], ReconcileState::Updating { action: SubmitAction::Provision });
    assert_eq!(last.name(), "verified");
    assert_eq!(slept.len(), 1);
    assert_eq!(voipms.methods(), vec!["e911Validate", "e911Info", "e911Provision", "e911Info"]);
}

#[tokio::test]
async fn an_address_already_in_place_is_verified_without_an_update() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![Reply::json(new_record())]);
    let (seen, last, slept) = reconcile(&voipms.carrier(), &confirmed()).await;
    assert_eq!(names(&seen), vec!["validating", "verified"]);
    assert_eq!(last.name(), "verified");
    assert!(slept.is_empty());
    assert_eq!(voipms.methods(), vec!["e911Validate", "e911Info"]);
}

#[tokio::test]
async fn corrections_stop_for_the_user_and_nothing_is_changed() {
    let voipms = FakeVoipMs::start().await;
    voipms.script(
        "e911Validate",
        vec![Reply::json(json!({ "status": "invalid_address", "alternatives": { "city": ["CAPITAL CITY"] } }))],
    );
    let (seen, last, _) = reconcile(&voipms.carrier(), &confirmed()).await;
    assert_eq!(names(&seen), vec!["validating", "needs_user_decision"]);
    let ReconcileState::NeedsUserDecision { suggestions } = last else { panic!("no decision asked") };
    assert_eq!(suggestions[0].address.a3, "CAPITAL CITY");
    assert_eq!(voipms.methods(), vec!["e911Validate"], "no update before the user decides");
}

#[tokio::test]
async fn a_rate_limited_read_back_is_tried_again() {
    let voipms = FakeVoipMs::start().await;
    voipms.script(
        "e911Info",
        vec![
            Reply::json(old_record()),
            Reply::status_json(429, json!({ "status": "too_many_requests" })),
            Reply::json(new_record()),
        ],
    );
    let (seen, last, _) = reconcile(&voipms.carrier(), &confirmed()).await;
    assert_eq!(names(&seen), vec!["validating", "updating", "pending", "pending", "verified"]);
    assert_eq!(last.name(), "verified");
}

#[tokio::test]
async fn a_refused_credential_fails_with_its_code() {
    let voipms = FakeVoipMs::start().await;
    let carrier = voipms.carrier_with(voipms.settings(), "wrong");
    let (seen, last, _) = reconcile(&carrier, &confirmed()).await;
    assert_eq!(names(&seen), vec!["validating", "failed"]);
    assert!(matches!(&last, ReconcileState::Failed { code, .. } if code == "authentication_failed"), "{last:?}");
}

#[tokio::test]
async fn an_invalid_address_fails_before_the_carrier_is_asked() {
    let voipms = FakeVoipMs::start().await;
    let mut address = confirmed();
    address.pc = "ABCDE".into();
    let (_, last, _) = reconcile(&voipms.carrier(), &address).await;
    let ReconcileState::Failed { code, message } = last else { panic!("not failed") };
    assert_eq!(code, "address_not_valid");
    assert!(message.contains("pc:"), "{message}");
    assert!(voipms.requests().is_empty());
}
