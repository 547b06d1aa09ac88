//! Kari's Law: a target that keeps failing is retried at 5 s, 10 s, 20 s, 40 s, then every 60 s, and given up
//! after ten minutes with a final failure outcome — run here in milliseconds through a recording sleeper.

mod support;

use std::time::Duration;

use locus_emergency::notifier::{NotificationTargets, NotifierSecret, RetrySchedule, WebhookTarget, notify_all};
use support::http::{Behaviour, WebhookServer};
use support::*;

#[tokio::test]
async fn a_receiver_that_always_fails_is_given_up_after_ten_minutes() {
    let server = WebhookServer::start(WEBHOOK_SECRET, Behaviour { always_fail: true, ..Behaviour::default() }).await;
    let targets = NotificationTargets {
        webhooks: vec![WebhookTarget { url: server.url.clone(), secret: NotifierSecret::new(WEBHOOK_SECRET) }],
        ..NotificationTargets::default()
    };
    let (outcomes, sleeper, desktop) = (Outcomes::default(), RecordingSleeper::default(), RecordingDesktop::default());

    notify_all(&notice(), &targets, &desktop, RetrySchedule::default(), &sleeper, outcomes.recorder()).await;

    let delays: Vec<u64> = sleeper.delays.lock().expect("lock").iter().map(Duration::as_secs).collect();
    assert_eq!(delays, [5, 10, 20, 40, 60, 60, 60, 60, 60, 60, 60, 60]);
    let waited: u64 = delays.iter().sum();
    assert!(waited <= 600 && waited + 60 > 600, "{waited} s of back-off");
    let reported = outcomes.all();
    assert_eq!(reported.len(), 13);
    assert_eq!(server.requests().len(), 13);
    for (index, outcome) in reported.iter().enumerate() {
        assert_eq!(outcome.attempt as usize, index + 1);
        assert!(!outcome.delivered());
        assert_eq!(outcome.final_, index == 12, "{outcome:?}");
    }
}

#[tokio::test]
async fn a_bad_target_fails_at_once_without_retrying() {
    let targets = NotificationTargets {
        webhooks: vec![WebhookTarget {
            url: "http://hooks.acme.test/e911?token=abc".into(),
            secret: NotifierSecret::new(WEBHOOK_SECRET),
        }],
        emails: vec!["security@acme.test".into()],
        smtp: None,
        ..NotificationTargets::default()
    };
    let (outcomes, sleeper, desktop) = (Outcomes::default(), RecordingSleeper::default(), RecordingDesktop::default());

    notify_all(&notice(), &targets, &desktop, RetrySchedule::default(), &sleeper, outcomes.recorder()).await;

    let reported = outcomes.all();
    assert_eq!(reported.len(), 2, "{reported:?}");
    assert!(reported.iter().all(|o| o.attempt == 1 && o.final_ && !o.delivered()));
    assert!(sleeper.delays.lock().expect("lock").is_empty());
    let webhook = outcomes.of("webhook").remove(0);
    assert_eq!(webhook.target, "http://hooks.acme.test/e911", "no query string in the target");
    assert_eq!(outcomes.of("email")[0].error.as_deref(), Some("no SMTP relay is configured"));
}
