//! Reports after an emergency call (a 933 readback result) go to the same webhooks as the notice: the exact JSON
//! given, signed the same way, retried on the same back-off, every attempt reported — and a webhook that cannot
//! be used (plain http:// to another host) fails at once, without a request.

mod support;

use std::time::Duration;

use locus_emergency::notifier::{Channel, NotifierSecret, RetrySchedule, WebhookTarget, post_to_webhooks};
use support::http::{Behaviour, WebhookServer};
use support::*;

#[tokio::test]
async fn a_report_reaches_each_webhook_signed_and_retried() {
    let server = WebhookServer::start(WEBHOOK_SECRET, Behaviour { fail_first: 1, ..Behaviour::default() }).await;
    let webhooks = [
        WebhookTarget { url: server.url.clone(), secret: NotifierSecret::new(WEBHOOK_SECRET) },
        WebhookTarget { url: "http://hooks.example.com/e911".into(), secret: NotifierSecret::new(WEBHOOK_SECRET) },
    ];
    let report = r#"{"event":"emergency_test_result","outcome":"matched","callback_number":"3125550177"}"#;
    let (outcomes, sleeper) = (Outcomes::default(), RecordingSleeper::default());

    post_to_webhooks(report, &webhooks, RetrySchedule::default(), &sleeper, outcomes.recorder()).await;

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "one failure, then delivered");
    assert!(requests.iter().all(|r| r.signature_ok && r.body == report), "{requests:?}");
    let reported = outcomes.all();
    let mut summary: Vec<_> =
        reported.iter().map(|o| (o.channel, o.target.clone(), o.attempt, o.delivered(), o.final_)).collect();
    summary.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
    assert_eq!(
        summary,
        [
            (Channel::Webhook, server.url.clone(), 1, false, false),
            (Channel::Webhook, server.url.clone(), 2, true, true),
            (Channel::Webhook, "http://hooks.example.com/e911".to_owned(), 1, false, true),
        ]
    );
    let refused = reported.iter().find(|o| o.target.contains("example.com")).and_then(|o| o.error.clone());
    assert!(refused.is_some_and(|e| e.contains("https")), "{reported:?}");
    assert_eq!(*sleeper.delays.lock().expect("lock"), [Duration::from_secs(5)]);
}
