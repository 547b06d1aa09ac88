//! A carrier that accepts the update but keeps returning another address is not believed: once the schedule is
//! exhausted the verdict is `Mismatch`, naming the carrier's record and each field that differs. A one-off
//! "sync now" check gives the same verdict without changing anything.

mod support;

use std::time::Duration;

use locus_carrier::{FieldDifference, PollSchedule, ReconcileState, Reconciler};
use serde_json::json;
use support::RecordingSleeper;
use support::fixtures::{confirmed, did, new_record, old_record};
use support::server::Reply;
use support::voipms::FakeVoipMs;

#[tokio::test]
async fn the_old_address_until_the_schedule_runs_out_is_a_mismatch() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![Reply::json(old_record())]);
    let carrier = voipms.carrier();
    let schedule = PollSchedule::new(vec![Duration::from_secs(1), Duration::from_secs(2), Duration::from_secs(4)]);
    let sleeper = RecordingSleeper::default();
    let mut seen = Vec::new();

    let last = Reconciler::new(&carrier, &schedule, &sleeper).run(&did(), &confirmed(), |s| seen.push(s.clone())).await;

    let names: Vec<&str> = seen.iter().map(ReconcileState::name).collect();
    assert_eq!(names, vec!["validating", "updating", "pending", "pending", "pending", "mismatch"]);
    assert_eq!(sleeper.slept(), schedule.delays());
    assert_eq!(voipms.methods().iter().filter(|m| *m == "e911Info").count(), 4, "one look before, three after");
    let ReconcileState::Mismatch { carrier_has, differences } = last else { panic!("not a mismatch: {last:?}") };
    assert_eq!(carrier_has.fields.get("street_name").map(String::as_str), Some("ELM AVE"));
    let differing: Vec<&str> = differences.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(differing, vec!["address_number", "address_type", "street_name", "street_number", "zip_code"]);
    assert!(differences.contains(&FieldDifference {
        field: "street_number".into(),
        ours: "123A".into(),
        carrier: "77".into()
    }));
}

#[tokio::test]
async fn a_read_back_that_keeps_failing_ends_in_failed_with_the_last_error() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![Reply::json(old_record()), Reply::json(json!({ "status": "limit_reached" }))]);
    let carrier = voipms.carrier();
    let schedule = PollSchedule::new(vec![Duration::from_secs(1), Duration::from_secs(1)]);
    let last =
        Reconciler::new(&carrier, &schedule, &RecordingSleeper::default()).run(&did(), &confirmed(), |_| {}).await;
    assert!(matches!(&last, ReconcileState::Failed { code, .. } if code == "rate_limited"), "{last:?}");
}

#[tokio::test]
async fn sync_now_checks_once_and_changes_nothing() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![Reply::json(old_record()), Reply::json(new_record())]);
    let carrier = voipms.carrier();
    let schedule = PollSchedule::default();
    let sleeper = RecordingSleeper::default();
    let reconciler = Reconciler::new(&carrier, &schedule, &sleeper);

    assert_eq!(reconciler.check(&did(), &confirmed()).await.name(), "mismatch");
    assert_eq!(reconciler.check(&did(), &confirmed()).await.name(), "verified");
    assert_eq!(voipms.methods(), vec!["e911Info", "e911Info"]);
    assert!(sleeper.slept().is_empty());
}
