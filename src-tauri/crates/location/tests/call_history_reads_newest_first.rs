//! Call history on a real SQLite file: calls read back newest first with every field, recent numbers come once
//! each, a repeated Call-ID is written once, the history survives reopening the file and is pruned to its limit.

use locus_location::{CallDirection, CallHistory, FinishedCall, HISTORY_LIMIT, Store};
use time::OffsetDateTime;
use time::macros::datetime;

const T0: OffsetDateTime = datetime!(2026-11-24 09:00:00 UTC);

fn outgoing(call_id: &str, remote: &str, minute: i64) -> FinishedCall {
    let started_at = T0 + time::Duration::minutes(minute);
    FinishedCall {
        call_id: call_id.into(),
        direction: CallDirection::Outgoing,
        kind: "normal".into(),
        remote: remote.into(),
        remote_name: None,
        started_at,
        answered_at: Some(started_at + time::Duration::seconds(3)),
        ended_at: started_at + time::Duration::seconds(63),
        end_reason: "hung_up".into(),
        callback_did: None,
        location_sent: None,
        possible_emergency_callback: false,
    }
}

#[tokio::test]
async fn calls_come_back_newest_first_with_every_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("locus.db");
    let history = CallHistory::new(Store::open(&path).await.expect("open"));
    history.record(&outgoing("a", "6145550100", 0)).await.expect("record a");
    let mut emergency = outgoing("b", "911", 5);
    emergency.kind = "emergency".into();
    emergency.callback_did = Some("6145550123".into());
    emergency.location_sent = Some("100 Main St, Columbus, OH 43215".into());
    history.record(&emergency).await.expect("record b");
    let missed = FinishedCall {
        call_id: "c".into(),
        direction: CallDirection::Incoming,
        kind: "incoming".into(),
        remote: "6145550199".into(),
        remote_name: Some("Franklin County 911".into()),
        started_at: T0 + time::Duration::minutes(9),
        answered_at: None,
        ended_at: T0 + time::Duration::minutes(9) + time::Duration::seconds(20),
        end_reason: "cancelled".into(),
        callback_did: None,
        location_sent: None,
        possible_emergency_callback: true,
    };
    history.record(&missed).await.expect("record c");
    // The same call written twice (e.g. two end reports) stays one row.
    history.record(&missed).await.expect("record c again");

    let recent = history.recent(10).await.expect("recent");
    let ids: Vec<&str> = recent.iter().map(|call| call.call_id.as_str()).collect();
    assert_eq!(ids, ["c", "b", "a"]);
    assert_eq!(recent[0].direction, CallDirection::Incoming);
    assert_eq!(recent[0].answered_at, None);
    assert_eq!(recent[0].remote_name.as_deref(), Some("Franklin County 911"));
    assert!(recent[0].possible_emergency_callback);
    assert_eq!(recent[1].kind, "emergency");
    assert_eq!(recent[1].callback_did.as_deref(), Some("6145550123"));
    assert_eq!(recent[1].location_sent.as_deref(), Some("100 Main St, Columbus, OH 43215"));
    assert_eq!(recent[2].started_at, "2026-11-24T09:00:00.000Z");
    assert_eq!(recent[2].answered_at.as_deref(), Some("2026-11-24T09:00:03.000Z"));
    assert_eq!(recent[2].ended_at, "2026-11-24T09:01:03.000Z");
    assert_eq!(history.recent(2).await.expect("two").len(), 2);

    // Reopening the file finds the same history.
    let reopened = CallHistory::new(Store::open(&path).await.expect("reopen"));
    assert_eq!(reopened.recent(10).await.expect("recent after reopen"), recent);
}

#[tokio::test]
async fn recent_numbers_are_outgoing_each_once_newest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = CallHistory::new(Store::open(&dir.path().join("locus.db")).await.expect("open"));
    history.record(&outgoing("1", "6145550100", 0)).await.expect("record");
    history.record(&outgoing("2", "6145550111", 1)).await.expect("record");
    history.record(&outgoing("3", "6145550100", 2)).await.expect("record");
    let mut incoming = outgoing("4", "6145550199", 3);
    incoming.direction = CallDirection::Incoming;
    history.record(&incoming).await.expect("record");

    assert_eq!(history.recent_numbers(10).await.expect("numbers"), ["6145550100", "6145550111"]);
    assert_eq!(history.recent_numbers(1).await.expect("numbers"), ["6145550100"]);

    assert_eq!(history.clear().await.expect("clear"), 4);
    assert!(history.recent(10).await.expect("recent").is_empty());
}

#[tokio::test]
async fn the_oldest_calls_are_pruned_beyond_the_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = CallHistory::new(Store::open(&dir.path().join("locus.db")).await.expect("open"));
    for n in 0..=HISTORY_LIMIT {
        history.record(&outgoing(&format!("call-{n}"), "6145550100", n)).await.expect("record");
    }
    let kept = history.recent(u32::MAX).await.expect("recent");
    assert_eq!(kept.len() as i64, HISTORY_LIMIT);
    assert_eq!(kept.first().map(|c| c.call_id.as_str()), Some(format!("call-{HISTORY_LIMIT}").as_str()));
    assert!(kept.iter().all(|call| call.call_id != "call-0"), "the oldest call was kept");
}
